// Tokens: RFID cards and app tokens with their status; issue one (the server generates its EMA-ID),
// block, unblock, report lost, and import many from CSV with a report of every row.
import { Alert, Badge, Button, Checkbox, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Page, Profile, Token, TokenImportReport, TokenStatus } from '../api/types';
import { TOKEN_TYPES } from '../api/types';
import { CursorList, type Column } from '../components/CursorList';
import { DataTable } from '../components/DataTable';
import { FormCard } from '../components/FormCard';
import { ProblemAlert, useFormErrors } from '../components/problems';
import { unitFilter, useUnits } from '../components/units';
import { instant } from '../format';
import { useCan, useHoldsAt, useSession } from '../session';

const STATUS_COLOURS: Record<TokenStatus, string> = { pending: 'gray', active: 'green', blocked: 'orange', expired: 'gray', lost: 'red' };

export function TokensPage() {
  const can = useCan();
  const holdsAt = useHoldsAt();
  const { client } = useSession();
  const units = useUnits();
  const [reloadKey, setReloadKey] = useState(0);
  const action = useFormErrors();

  const change = (verb: 'block' | 'unblock' | 'lost', token: Token, replace: (token: Token) => void) =>
    void action.submit(async () => replace(await client.post<Token>(`/tokens/${token.id}/${verb}`)));

  const columns: Column<Token>[] = [
    { header: 'UID', render: (token) => <Text ff="monospace" size="sm">{token.uid}</Text> },
    { header: 'Type', render: (token) => token.type },
    { header: 'Contract (EMA-ID)', render: (token) => <Text ff="monospace" size="sm">{token.contract_id}</Text> },
    { header: 'Profile', render: (token) => token.profile_id },
    { header: 'Status', render: (token) => <Badge color={STATUS_COLOURS[token.status]} variant="light">{token.status}</Badge> },
    { header: 'Valid until', render: (token) => instant(token.valid_until) },
    {
      header: 'Actions',
      render: (token, list) => (
        <Group gap={4} wrap="nowrap">
          {can('tokens.block') && (token.status === 'active' || token.status === 'pending') && (
            <Button size="compact-xs" variant="light" color="orange" onClick={() => change('block', token, list.replace)}>
              Block<span className="visually-hidden"> {token.uid}</span>
            </Button>
          )}
          {can('tokens.manage') && token.status !== 'active' && token.status !== 'lost' && (
            <Button size="compact-xs" variant="light" onClick={() => change('unblock', token, list.replace)}>
              {token.status === 'pending' ? 'Activate' : 'Unblock'}
              <span className="visually-hidden"> {token.uid}</span>
            </Button>
          )}
          {can('tokens.block') && token.status !== 'lost' && (
            <Button size="compact-xs" variant="light" color="red" onClick={() => change('lost', token, list.replace)}>
              Lost<span className="visually-hidden"> {token.uid}</span>
            </Button>
          )}
        </Group>
      ),
    },
  ];

  return (
    <Stack>
      <Title order={1}>Tokens</Title>
      <ProblemAlert error={action.error} title="The token was not changed" />
      <CursorList<Token>
        path="/tokens"
        caption="Tokens"
        columns={columns}
        rowKey={(token) => token.id}
        reloadKey={reloadKey}
        minWidth={860}
        emptyText="No tokens match these filters."
        filters={[
          { name: 'q', label: 'Search', placeholder: 'UID, contract id, visual number' },
          {
            name: 'status',
            label: 'Status',
            kind: 'select',
            options: [{ value: '', label: 'Any' }, ...(['pending', 'active', 'blocked', 'expired', 'lost'] as const).map((status) => ({ value: status, label: status }))],
          },
          ...unitFilter(units.units, 'Organisation unit'),
          { name: 'profile_id', label: 'Profile id', kind: 'number' },
        ]}
      />
      {can('tokens.manage') && <IssueToken onIssued={() => setReloadKey((key) => key + 1)} />}
      {can('tokens.manage') && holdsAt('tokens.manage', units.root?.id) && <ImportTokens onImported={() => setReloadKey((key) => key + 1)} />}
    </Stack>
  );
}

/** The profiles of the user's scope (first page), for a profile picker. */
export function useProfiles(reloadKey: unknown = 0): Profile[] {
  const { client } = useSession();
  const [profiles, setProfiles] = useState<Profile[]>([]);
  useEffect(() => {
    let current = true;
    client.get<Page<Profile>>('/profiles').then(
      (page) => current && setProfiles(page.items),
      () => undefined, // the picker stays empty; the form's own error names the field on submit
    );
    return () => {
      current = false;
    };
  }, [client, reloadKey]);
  return profiles;
}

function IssueToken({ onIssued }: { onIssued(): void }) {
  const { client } = useSession();
  const profiles = useProfiles();
  const errors = useFormErrors();
  const [form, setForm] = useState({ profile_id: '', uid: '', type: 'RFID', visual_number: '', cost_centre: '', activate: true });
  const [issued, setIssued] = useState<Token | null>(null);
  const set = (name: keyof typeof form) => (value: string | boolean) => setForm((earlier) => ({ ...earlier, [name]: value }));

  const submit = async () => {
    setIssued(null);
    const body: Record<string, unknown> = { profile_id: form.profile_id ? Number(form.profile_id) : null, uid: form.uid.trim(), type: form.type };
    if (form.visual_number.trim()) body.visual_number = form.visual_number.trim();
    if (form.cost_centre.trim()) body.cost_centre = form.cost_centre.trim();
    const created = await errors.submit(() => client.post<Token>('/tokens', body));
    if (!created) return;
    setForm((earlier) => ({ ...earlier, uid: '', visual_number: '' }));
    // A new token is pending; activating it is a second step the server may refuse on its own (then the
    // token stays issued and pending, and the refusal is shown beside it).
    const active = form.activate ? await errors.submit(() => client.post<Token>(`/tokens/${created.id}/unblock`)) : undefined;
    setIssued(active ?? created);
    onIssued();
  };

  return (
    <FormCard
      id="issue-token"
      title="Issue a token"
      errors={errors}
      onSubmit={submit}
      submitLabel="Issue token"
      status={
        issued && (
          <Alert color="green" title="Token issued" role="status">
            {issued.uid} has the contract id <strong>{issued.contract_id}</strong> and is {issued.status}.
          </Alert>
        )
      }
    >
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
        <NativeSelect
          label="Profile"
          required
          value={form.profile_id}
          onChange={(event) => set('profile_id')(event.currentTarget.value)}
          error={errors.field('profile_id')}
          data={[{ value: '', label: 'Choose…', disabled: true }, ...profiles.map((profile) => ({ value: String(profile.id), label: `${profile.name} (${profile.id})` }))]}
        />
        <TextInput label="UID" required value={form.uid} onChange={(event) => set('uid')(event.currentTarget.value)} error={errors.field('uid')} description="As printed in the chip, e.g. 04A22B5A" />
        <NativeSelect label="Type" value={form.type} onChange={(event) => set('type')(event.currentTarget.value)} error={errors.field('type')} data={[...TOKEN_TYPES]} />
        <TextInput label="Visual number" value={form.visual_number} onChange={(event) => set('visual_number')(event.currentTarget.value)} error={errors.field('visual_number')} />
        <TextInput label="Cost centre" value={form.cost_centre} onChange={(event) => set('cost_centre')(event.currentTarget.value)} error={errors.field('cost_centre')} />
        <Checkbox label="Activate at once" checked={form.activate} onChange={(event) => set('activate')(event.currentTarget.checked)} mt="lg" />
      </SimpleGrid>
    </FormCard>
  );
}

function ImportTokens({ onImported }: { onImported(): void }) {
  const { client } = useSession();
  const errors = useFormErrors();
  const [csv, setCsv] = useState('');
  const [report, setReport] = useState<TokenImportReport | null>(null);

  const submit = async () => {
    setReport(null);
    const answer = await errors.submit(() => client.postText<TokenImportReport>('/tokens/import', csv, 'text/csv'));
    if (answer) {
      setReport(answer);
      onImported();
    }
  };

  return (
    <FormCard
      id="import-tokens"
      title="Import tokens from CSV"
      description={
        <>
          A header row and then one token per row: <code>uid,type,profile</code> and optionally <code>visual_number</code>, <code>valid_until</code>, <code>contract_id</code>. A token found by its uid and type is updated.
        </>
      }
      errors={errors}
      onSubmit={submit}
      submitLabel="Import"
      submitDisabled={!csv.trim()}
      browserValidation
      status={report && `${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.refused} refused.`}
      after={report && <ImportReport report={report} />}
    >
      <Stack gap="sm">
        <label style={{ fontSize: 'var(--mantine-font-size-sm)' }}>
          CSV file{' '}
          <input
            type="file"
            accept=".csv,text/csv"
            onChange={(event) => {
              const file = event.currentTarget.files?.[0];
              if (file) void file.text().then(setCsv);
            }}
          />
        </label>
        <Textarea label="CSV text" autosize minRows={4} maxRows={12} value={csv} onChange={(event) => setCsv(event.currentTarget.value)} styles={{ input: { fontFamily: 'monospace' } }} />
      </Stack>
    </FormCard>
  );
}

function ImportReport({ report }: { report: TokenImportReport }) {
  return (
    <DataTable
      caption="Import report"
      rows={report.rows}
      rowKey={(row) => row.row}
      minWidth={600}
      columns={[
        { header: 'Row', render: (row) => row.row },
        { header: 'Line', render: (row) => row.line },
        { header: 'UID', render: (row) => row.uid },
        {
          header: 'Outcome',
          render: (row) => (
            <Badge color={row.outcome === 'refused' ? 'red' : 'green'} variant="light">
              {row.outcome}
            </Badge>
          ),
        },
        { header: 'Token', render: (row) => row.token_id ?? '–' },
        { header: 'Field', render: (row) => (row.field ? <code>{row.field}</code> : '') },
        { header: 'Reason', render: (row) => row.reason },
      ]}
    />
  );
}
