// Roaming peers: the CPOs and hubs the tenant exchanges OCPI with, their status and each module's sync
// state; invite one (token A shown once), sync now, suspend and resume.
import { Alert, Badge, Button, Code, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import type { Peer } from '../api/types';
import { CursorList, type Column } from '../components/CursorList';
import { FormCard } from '../components/FormCard';
import { ProblemAlert, useFormErrors } from '../components/problems';
import { instant } from '../format';
import { useCan, useSession } from '../session';

const STATUS_COLOURS: Record<Peer['status'], string> = { pending: 'gray', connected: 'green', suspended: 'orange', unregistered: 'red' };

export function PeersPage() {
  const can = useCan();
  const { client } = useSession();
  const action = useFormErrors();
  const [synced, setSynced] = useState<string | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const manage = can('peers.manage');

  const sync = async (peer: Peer) => {
    setSynced(null);
    const answer = await action.submit(() => client.post<{ peer_id: number; modules: string[] }>(`/peers/${peer.id}/sync`));
    if (answer) setSynced(`Sync of ${peer.name} queued: ${answer.modules.join(', ')}.`);
  };

  const columns: Column<Peer>[] = [
    { header: 'Name', render: (peer) => peer.name },
    { header: 'Status', render: (peer) => <Badge color={STATUS_COLOURS[peer.status]} variant="light">{peer.status}</Badge> },
    { header: 'Parties', render: (peer) => peer.roles.map((role) => `${role.party} (${role.role})`).join(', ') || '–' },
    { header: 'OCPI', render: (peer) => peer.version ?? '–' },
    {
      header: 'Sync',
      render: (peer) =>
        peer.sync.length === 0 ? (
          '–'
        ) : (
          <Stack gap={2}>
            {peer.sync.map((state) => (
              <Text size="xs" key={state.module} c={state.last_error ? 'red' : undefined}>
                {state.module}: {state.last_success_at ? `ok ${instant(state.last_success_at)}` : 'never'}
                {state.last_error ? ` — error ${instant(state.last_error_at)}: ${state.last_error}` : ''}
              </Text>
            ))}
          </Stack>
        ),
    },
    ...(manage
      ? [
          {
            header: 'Actions',
            render: (peer: Peer, list: { replace(peer: Peer): void }) => (
              <Group gap={4} wrap="nowrap">
                {peer.status === 'connected' && (
                  <>
                    <Button size="compact-xs" variant="light" onClick={() => void sync(peer)}>
                      Sync now<span className="visually-hidden"> {peer.name}</span>
                    </Button>
                    <Button size="compact-xs" variant="light" color="orange" onClick={() => void action.submit(async () => list.replace(await client.post<Peer>(`/peers/${peer.id}/suspend`)))}>
                      Suspend<span className="visually-hidden"> {peer.name}</span>
                    </Button>
                  </>
                )}
                {peer.status === 'suspended' && (
                  <Button size="compact-xs" variant="light" onClick={() => void action.submit(async () => list.replace(await client.post<Peer>(`/peers/${peer.id}/resume`)))}>
                    Resume<span className="visually-hidden"> {peer.name}</span>
                  </Button>
                )}
              </Group>
            ),
          },
        ]
      : []),
  ];

  return (
    <Stack>
      <Title order={1}>Roaming peers</Title>
      <ProblemAlert error={action.error} title="Not done" />
      {synced && (
        <Text role="status" size="sm">
          {synced}
        </Text>
      )}
      <CursorList<Peer> path="/peers" caption="Peers" columns={columns} rowKey={(peer) => peer.id} reloadKey={reloadKey} minWidth={900} emptyText="No peers yet. Invite a CPO or hub to connect." />
      {manage && <InvitePeer onInvited={() => setReloadKey((key) => key + 1)} />}
    </Stack>
  );
}

function InvitePeer({ onInvited }: { onInvited(): void }) {
  const { client } = useSession();
  const errors = useFormErrors();
  const [name, setName] = useState('');
  const [invitation, setInvitation] = useState<{ peer: Peer; versions_url: string; token_a: string } | null>(null);
  const submit = async () => {
    setInvitation(null);
    const answer = await errors.submit(() => client.post<{ peer: Peer; versions_url: string; token_a: string }>('/peers', { name: name.trim() }));
    if (answer) {
      setInvitation(answer);
      setName('');
      onInvited();
    }
  };
  return (
    <FormCard
      id="invite-peer"
      title="Invite a peer"
      errors={errors}
      onSubmit={submit}
      submitLabel="Invite"
      problemTitle="Not invited"
      status={
        invitation && (
          <Alert color="green" title={`${invitation.peer.name} invited`} role="status">
            <Text size="sm">Give the peer these two values; the token is shown only now.</Text>
            <Text size="sm" mt="xs">Versions URL</Text>
            <Code block>{invitation.versions_url}</Code>
            <Text size="sm" mt="xs">Token A</Text>
            <Code block>{invitation.token_a}</Code>
          </Alert>
        )
      }
    >
      <TextInput label="Peer name" required value={name} onChange={(event) => setName(event.currentTarget.value)} error={errors.field('name')} />
    </FormCard>
  );
}
