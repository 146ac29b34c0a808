// Live sessions: charging now (ACTIVE or PENDING without a CDR yet), remote start at a connector for a
// token, remote stop; each command followed until the CPO and the charger answer.
import { Badge, Button, NativeSelect, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { ChargingSession, Command, Location, Page, Token } from '../api/types';
import { CommandStatus } from '../components/CommandStatus';
import { CursorList, type Column } from '../components/CursorList';
import { FormCard } from '../components/FormCard';
import { ProblemAlert, useFormErrors } from '../components/problems';
import { instant, money } from '../format';
import { useCan, useSession } from '../session';

export function SessionsPage() {
  const can = useCan();
  const { client } = useSession();
  const [commands, setCommands] = useState<Command[]>([]);
  const [reloadKey, setReloadKey] = useState(0);
  const stop = useFormErrors();
  const control = can('sessions.control');
  const reload = () => setReloadKey((key) => key + 1);

  const stopSession = async (session: ChargingSession) => {
    const command = await stop.submit(() => client.post<Command>(`/sessions/${session.id}/stop`));
    if (command) setCommands((earlier) => [command, ...earlier]);
  };

  const columns: Column<ChargingSession>[] = [
    { header: 'Started', render: (session) => instant(session.start_date_time) },
    { header: 'Status', render: (session) => <Badge variant="light" color={session.status === 'ACTIVE' ? 'green' : 'gray'}>{session.status}</Badge> },
    { header: 'Where', render: (session) => `${session.cpo} ${session.location_id} / ${session.evse_uid} / ${session.connector_id}` },
    { header: 'Token', render: (session) => <Text ff="monospace" size="sm">{session.token_uid}</Text> },
    { header: 'Energy', render: (session) => `${session.kwh} kWh` },
    { header: 'Cost so far', render: (session) => (session.total_cost ? money(session.total_cost.incl_vat ?? session.total_cost.excl_vat, session.currency) : '–') },
    ...(control
      ? [
          {
            header: 'Actions',
            render: (session: ChargingSession) => (
              <Button size="compact-xs" variant="light" color="red" onClick={() => void stopSession(session)}>
                Stop<span className="visually-hidden"> the session of {session.token_uid}</span>
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Stack>
      <Title order={1}>Sessions</Title>
      <Text c="dimmed">Sessions charging now, as the CPOs report them.</Text>
      {commands.map((command) => (
        <CommandStatus key={command.id} initial={command} onSettled={reload} />
      ))}
      <ProblemAlert error={stop.error} title="Not stopped" />
      <CursorList<ChargingSession>
        path="/sessions"
        caption="Live sessions"
        columns={columns}
        rowKey={(session) => session.id}
        reloadKey={reloadKey}
        minWidth={880}
        emptyText="Nobody is charging now."
        filters={[
          { name: 'token_id', label: 'Token id', kind: 'number' },
          { name: 'profile_id', label: 'Profile id', kind: 'number' },
        ]}
      />
      {control && <RemoteStart onCommand={(command) => setCommands((earlier) => [command, ...earlier])} />}
    </Stack>
  );
}

function RemoteStart({ onCommand }: { onCommand(command: Command): void }) {
  const { client } = useSession();
  const errors = useFormErrors();
  const [tokens, setTokens] = useState<Token[]>([]);
  const [locations, setLocations] = useState<Location[]>([]);
  const [form, setForm] = useState({ token_id: '', location_id: '', evse_uid: '', connector_id: '' });

  useEffect(() => {
    client.get<Page<Token>>('/tokens', { status: 'active' }).then((page) => setTokens(page.items), errors.fail);
    client.get<Page<Location>>('/locations').then((page) => setLocations(page.items), errors.fail);
  }, [client]); // errors.fail is stable

  const location = locations.find((candidate) => String(candidate.id) === form.location_id);
  const evse = location?.evses.find((candidate) => candidate.uid === form.evse_uid);

  const submit = async () => {
    const body: Record<string, unknown> = {
      token_id: form.token_id ? Number(form.token_id) : null,
      location_id: form.location_id ? Number(form.location_id) : null,
    };
    if (form.evse_uid) body.evse_uid = form.evse_uid;
    if (form.connector_id) body.connector_id = form.connector_id;
    const command = await errors.submit(() => client.post<Command>('/sessions/start', body));
    if (command) onCommand(command);
  };

  return (
    <FormCard id="remote-start" title="Start a session remotely" errors={errors} onSubmit={submit} submitLabel="Start session" problemTitle="Not started">
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
        <NativeSelect
          label="Token"
          required
          value={form.token_id}
          error={errors.field('token_id')}
          onChange={(event) => setForm({ ...form, token_id: event.currentTarget.value })}
          data={[{ value: '', label: 'Choose…', disabled: true }, ...tokens.map((token) => ({ value: String(token.id), label: `${token.uid} (${token.contract_id})` }))]}
        />
        <NativeSelect
          label="Location"
          required
          value={form.location_id}
          error={errors.field('location_id')}
          onChange={(event) => setForm({ ...form, location_id: event.currentTarget.value, evse_uid: '', connector_id: '' })}
          data={[{ value: '', label: 'Choose…', disabled: true }, ...locations.map((candidate) => ({ value: String(candidate.id), label: `${candidate.name ?? candidate.location_id}, ${candidate.city} (${candidate.cpo})` }))]}
        />
        <NativeSelect
          label="EVSE"
          value={form.evse_uid}
          error={errors.field('evse_uid')}
          onChange={(event) => setForm({ ...form, evse_uid: event.currentTarget.value, connector_id: '' })}
          data={[{ value: '', label: 'Any (the CPO chooses)' }, ...(location?.evses ?? []).map((candidate) => ({ value: candidate.uid, label: `${candidate.evse_id ?? candidate.uid} (${candidate.status})` }))]}
        />
        <NativeSelect
          label="Connector"
          value={form.connector_id}
          error={errors.field('connector_id')}
          disabled={!evse}
          onChange={(event) => setForm({ ...form, connector_id: event.currentTarget.value })}
          data={[{ value: '', label: 'Any' }, ...(evse?.connectors ?? []).map((connector) => ({ value: connector.id, label: `${connector.id}: ${connector.standard}, ${connector.max_power_kw} kW` }))]}
        />
      </SimpleGrid>
    </FormCard>
  );
}
