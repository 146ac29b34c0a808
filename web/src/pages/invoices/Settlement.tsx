// What the MSP owes each CPO for a month (GET /settlement), and the reconciliation of one CPO's invoice,
// uploaded as CSV, with the CPO CDRs we hold of that month (POST /settlement/reconciliation).
import { Badge, Group, Input, SimpleGrid, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { queryString } from '../../api/client';
import type { CpoSettlement, Reconciliation as ReconciliationReport } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { Facts } from '../../components/Facts';
import { FormCard } from '../../components/FormCard';
import { useFormErrors } from '../../components/problems';
import { money, previousMonth } from '../../format';
import { useSession } from '../../session';

export function Settlement() {
  const { client } = useSession();
  const errors = useFormErrors();
  const [period, setPeriod] = useState(previousMonth);
  const [shown, setShown] = useState<{ period: string; items: CpoSettlement[] } | null>(null);
  const submit = async () => {
    const answer = await errors.submit(() => client.get<{ period: string; items: CpoSettlement[] }>('/settlement', { period: period.trim() }));
    setShown(answer ?? null);
  };
  return (
    <FormCard
      id="settlement"
      title="Settlement with CPOs"
      description="What the MSP owes each CPO for the sessions that started in a month, per currency, from the CPOs' own CDRs (credits subtract)."
      errors={errors}
      onSubmit={submit}
      submitLabel="Show settlement"
      problemTitle="No settlement"
      status={shown && shown.items.length === 0 && `No CPO CDRs in ${shown.period}.`}
      after={
        shown &&
        shown.items.length > 0 && (
          <DataTable
            caption={`Settlement ${shown.period}`}
            rows={shown.items}
            rowKey={(row) => `${row.cpo} ${row.currency}`}
            minWidth={600}
            columns={[
              { header: 'CPO', render: (row) => row.cpo },
              { header: 'Currency', render: (row) => row.currency },
              { header: 'CDRs', render: (row) => row.cdrs },
              { header: 'Credits', render: (row) => row.credits },
              { header: 'Owed excl. VAT', render: (row) => money(row.total_excl_vat, row.currency) },
              { header: 'Owed incl. VAT', render: (row) => (row.total_incl_vat === null ? 'not stated by every CDR' : money(row.total_incl_vat, row.currency)) },
            ]}
          />
        )
      }
    >
      <Group align="flex-start">
        <TextInput label="Month" type="month" placeholder="YYYY-MM" required value={period} onChange={(event) => setPeriod(event.currentTarget.value)} error={errors.field('period')} />
      </Group>
    </FormCard>
  );
}

/** The text of `file` (UTF-8). */
function textOf(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error(`${file.name} could not be read`));
    reader.readAsText(file);
  });
}

/** The largest CPO invoice the API reads (docs/api.md). */
export const MAX_RECONCILIATION_BYTES = 1024 * 1024;

const DIFFERENCE_KINDS: Record<string, string> = {
  ONLY_OURS: 'only ours',
  ONLY_THEIRS: 'only theirs',
  AMOUNT_DIFFERS: 'amount differs',
};

export function Reconciliation() {
  const { client } = useSession();
  const errors = useFormErrors();
  const [form, setForm] = useState({ cpo: '', period: previousMonth() });
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ReconciliationReport | null>(null);
  const submit = async () => {
    setReport(null);
    if (!file) return errors.fail(new Error('Choose the CPO’s invoice as a CSV file.'));
    if (file.size > MAX_RECONCILIATION_BYTES) return errors.fail(new Error(`${file.name} is ${file.size} bytes: at most 1 MiB is read.`));
    const answer = await errors.submit(async () =>
      client.postText<ReconciliationReport>(`/settlement/reconciliation${queryString({ period: form.period.trim(), cpo: form.cpo.trim() })}`, await textOf(file), 'text/csv'),
    );
    if (answer) setReport(answer);
  };
  // The file's problems: the columns, a row (`lines[4].amount_excl_vat`) or the whole body.
  const fileError = errors.field('columns') ?? errors.field('lines') ?? errors.field('body');
  return (
    <FormCard
      id="reconciliation"
      title="Reconcile a CPO's invoice"
      description={
        <>
          The CPO's invoice as CSV (at most 1 MiB): columns <code>cdr_id</code> and <code>amount_excl_vat</code>, optionally <code>currency</code>, and optionally a <code>TOTAL</code> row; compared with the CPO CDRs of the month.
        </>
      }
      errors={errors}
      onSubmit={submit}
      submitLabel="Reconcile"
      problemTitle="Not reconciled"
      status={
        report && (
          <Group gap="xs" role="status">
            <Badge color={report.agrees ? 'green' : 'orange'} variant="light">
              {report.agrees ? 'Agrees' : 'Differs'}
            </Badge>
            <Text size="sm">
              {report.cpo}, {report.period}: {report.matched} matched, {report.differences.length} {report.differences.length === 1 ? 'difference' : 'differences'}.
            </Text>
          </Group>
        )
      }
      after={report && <ReconciliationResult report={report} />}
    >
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <TextInput label="CPO" placeholder="DE*ABC" required value={form.cpo} onChange={(event) => setForm({ ...form, cpo: event.currentTarget.value })} error={errors.field('cpo')} />
        <TextInput label="Month" type="month" placeholder="YYYY-MM" required value={form.period} onChange={(event) => setForm({ ...form, period: event.currentTarget.value })} error={errors.field('period')} />
        <Input.Wrapper label="CPO invoice (CSV)" required id="reconciliation-file" error={fileError}>
          <input
            id="reconciliation-file"
            type="file"
            accept=".csv,text/csv"
            aria-invalid={fileError ? true : undefined}
            aria-describedby={fileError ? 'reconciliation-file-error' : undefined}
            onChange={(event) => setFile(event.currentTarget.files?.[0] ?? null)}
            style={{ display: 'block', marginTop: 4, maxWidth: '100%' }}
          />
        </Input.Wrapper>
      </SimpleGrid>
    </FormCard>
  );
}

function ReconciliationResult({ report }: { report: ReconciliationReport }) {
  const amount = (value: string | null) => money(value, report.currency);
  return (
    <>
      <Facts
        label="Totals compared"
        items={[
          ['Our total excl. VAT', amount(report.our_total)],
          ['Their rows sum to', amount(report.their_total)],
          ['Their stated total', report.their_stated_total === null ? 'none (no TOTAL row)' : `${amount(report.their_stated_total)}${report.stated_total_differs ? ' — not the sum of their rows' : ''}`],
          ['Matched CDRs', report.matched],
          ['Our CDRs in other currencies', `${report.other_currency_cdrs} (not compared)`],
        ]}
      />
      {report.differences.length > 0 && (
        <DataTable
          caption="Differences"
          rows={report.differences}
          rowKey={(difference) => `${difference.kind} ${difference.cdr_id}`}
          minWidth={560}
          columns={[
            { header: 'CDR', render: (difference) => difference.cdr_id },
            { header: 'Difference', render: (difference) => DIFFERENCE_KINDS[difference.kind] ?? difference.kind },
            { header: 'Ours', render: (difference) => amount(difference.ours) },
            { header: 'Theirs', render: (difference) => amount(difference.theirs) },
            { header: 'Line of their file', render: (difference) => (difference.line > 0 ? difference.line : '–') },
          ]}
        />
      )}
    </>
  );
}
