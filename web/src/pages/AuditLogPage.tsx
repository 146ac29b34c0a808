// The audit log: who changed what and when, newest first, with the object before and after.
import { Code, Stack, Text, Title } from '@mantine/core';
import type { AuditEntry } from '../api/types';
import { CursorList, type Column } from '../components/CursorList';
import { instant } from '../format';

function actor(entry: AuditEntry): string {
  switch (entry.actor.kind) {
    case 'user':
      return `user ${entry.actor.user_id}`;
    case 'peer':
      return `peer ${entry.actor.peer_id}`;
    default:
      return entry.actor.system ?? 'system';
  }
}

const COLUMNS: Column<AuditEntry>[] = [
  { header: 'When', render: (entry) => instant(entry.recorded_at) },
  { header: 'Who', render: actor },
  { header: 'Action', render: (entry) => <Text ff="monospace" size="sm">{entry.action}</Text> },
  { header: 'Object', render: (entry) => `${entry.object_type} ${entry.object_id}` },
  {
    header: 'Change',
    render: (entry) =>
      entry.before === null && entry.after === null ? (
        '–'
      ) : (
        <details>
          <summary>Before and after</summary>
          <Text size="xs">Before</Text>
          <Code block>{JSON.stringify(entry.before, null, 2)}</Code>
          <Text size="xs">After</Text>
          <Code block>{JSON.stringify(entry.after, null, 2)}</Code>
        </details>
      ),
  },
];

export function AuditLogPage() {
  return (
    <Stack>
      <Title order={1}>Audit log</Title>
      <CursorList<AuditEntry> path="/audit-log" caption="Audit log" columns={COLUMNS} rowKey={(entry) => entry.id} emptyText="Nothing recorded yet." />
    </Stack>
  );
}
