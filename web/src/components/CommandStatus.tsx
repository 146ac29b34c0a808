// A remote command (start or stop) as it goes: POST answers 202 with the command, then the portal asks
// GET /commands/{id} until the CPO and then the charger have answered (docs/api.md, "Live sessions").
import { Alert, Loader, Group, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Command, CommandState } from '../api/types';
import { useSession } from '../session';

/** How often and how long to ask; tests shorten it. */
export const commandPolling = { intervalMs: 2000, maxPolls: 90 };

const WAITING: CommandState[] = ['requested', 'accepted'];
const GOOD: CommandState[] = ['succeeded'];

const SAY: Record<CommandState, string> = {
  requested: 'sent to the CPO, waiting for its answer',
  accepted: 'accepted by the CPO, waiting for the charger',
  rejected: 'rejected by the CPO',
  not_supported: 'not supported by the CPO',
  unknown_session: 'unknown to the CPO',
  unreachable: 'the CPO could not be reached',
  succeeded: 'done',
  failed: 'failed at the charger',
  timed_out: 'timed out: the charger did not answer',
  canceled: 'canceled',
};

export function CommandStatus({ initial, onSettled }: { initial: Command; onSettled?(command: Command): void }) {
  const { client } = useSession();
  const [command, setCommand] = useState(initial);
  const [error, setError] = useState<unknown>(null);
  const [polls, setPolls] = useState(0);
  const waiting = WAITING.includes(command.state) && polls < commandPolling.maxPolls && !error;

  useEffect(() => {
    if (!waiting) return;
    const timer = setTimeout(() => {
      client.get<Command>(`/commands/${command.id}`).then(
        (found) => {
          setCommand(found);
          setPolls((count) => count + 1);
          if (!WAITING.includes(found.state)) onSettled?.(found);
        },
        setError,
      );
    }, commandPolling.intervalMs);
    return () => clearTimeout(timer);
    // onSettled is given inline by the page
  }, [client, command.id, waiting, polls]);

  const label = command.type === 'START_SESSION' ? 'Remote start' : command.type === 'STOP_SESSION' ? 'Remote stop' : command.type;
  const detail = command.result_message || command.response_message;
  return (
    <Alert
      color={GOOD.includes(command.state) ? 'green' : WAITING.includes(command.state) ? 'blue' : 'red'}
      role="status"
      title={
        <Group gap="xs">
          {waiting && <Loader size="xs" aria-hidden />}
          <span>
            {label} (command {command.id}): {SAY[command.state]}
          </span>
        </Group>
      }
    >
      <Text size="sm">
        {command.cpo}
        {detail ? ` — ${detail}` : ''}
        {error ? ' — the state could not be read; reload the page to ask again.' : ''}
        {!waiting && WAITING.includes(command.state) && !error ? ' — still waiting; reload the page to ask again.' : ''}
      </Text>
    </Alert>
  );
}
