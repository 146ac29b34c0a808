// Billing runs (docs/api.md "Invoices, billing runs and settlement"): the run of a month that has ended is
// a background job — POST /billing-runs answers 202 with the run queued or running (200 once the month is
// complete), and the card polls GET /billing-runs/{period} until it is COMPLETE — and the list of the
// tenant's runs, newest month first.
import { Group, TextInput } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import type { BillingRunReport, BillingRunSummary } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { FormCard } from '../../components/FormCard';
import { ProblemAlert, useFormErrors } from '../../components/problems';
import { instant, previousMonth } from '../../format';
import { useSession } from '../../session';

/** How often a queued or running run is asked after (ms). */
export const BILLING_RUN_POLL_MS = 1000;

export function BillingRun({ onRun }: { onRun(): void }) {
  const { client } = useSession();
  const errors = useFormErrors();
  const [period, setPeriod] = useState(previousMonth);
  const [run, setRun] = useState<BillingRunSummary | null>(null);
  const [pollError, setPollError] = useState<unknown>(null);
  const polling = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(polling.current), []);

  const follow = (shown: BillingRunSummary) => {
    setRun(shown);
    if (shown.status === 'QUEUED' || shown.status === 'RUNNING') {
      polling.current = window.setTimeout(() => {
        client.get<BillingRunSummary>(`/billing-runs/${encodeURIComponent(shown.period)}`).then(follow, setPollError);
      }, BILLING_RUN_POLL_MS);
    } else {
      onRun();
    }
  };
  const submit = async () => {
    window.clearTimeout(polling.current);
    setRun(null);
    setPollError(null);
    const answer = await errors.submit(() => client.post<BillingRunReport>('/billing-runs', { period: period.trim() }));
    if (answer) {
      onRun();
      follow(answer);
    }
  };
  return (
    <FormCard
      id="billing-run"
      title="Run billing"
      description="Drafts one invoice per customer of a month that has ended (UTC), from its rated charge records, in the background; a month billed before answers what it made."
      errors={errors}
      onSubmit={submit}
      submitLabel="Run billing"
      problemTitle="Not billed"
      status={run && summary(run)}
      after={<ProblemAlert error={pollError} />}
    >
      <Group align="flex-start">
        <TextInput label="Month" type="month" placeholder="YYYY-MM" required value={period} onChange={(event) => setPeriod(event.currentTarget.value)} error={errors.field('period')} />
      </Group>
    </FormCard>
  );
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** One sentence of where a run is. */
export function summary(run: BillingRunSummary): string {
  const id = run.run_id !== null ? ` (run ${run.run_id})` : '';
  const made = `${plural(run.invoices, 'invoice')}, ${plural(run.credit_notes, 'credit note')}, ${plural(run.sessions, 'session')}`;
  switch (run.status) {
    case 'QUEUED':
      return `Billing of ${run.period} is queued…`;
    case 'RUNNING':
      return `Billing ${run.period}${id}… ${made} so far.`;
    case 'INTERRUPTED':
      return `Billing of ${run.period}${id} was interrupted: run it again to resume.`;
    default:
      return `Billed ${run.period}${id}: ${made}.`;
  }
}

const STATUS_NAMES: Record<string, string> = { QUEUED: 'queued', RUNNING: 'running', COMPLETE: 'complete', INTERRUPTED: 'interrupted' };

/** The tenant's billing runs, newest month first (GET /billing-runs), loaded again with `reloadKey`. */
export function BillingRunList({ reloadKey }: { reloadKey: number }) {
  const { client } = useSession();
  const [runs, setRuns] = useState<BillingRunSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setError(null);
    client.get<{ items: BillingRunSummary[] }>('/billing-runs').then((page) => setRuns(page.items), setError);
  }, [client, reloadKey]);
  return (
    <>
      <ProblemAlert error={error} />
      {runs && (
        <DataTable
          caption="Billing runs"
          rows={runs}
          rowKey={(run) => run.period}
          minWidth={640}
          columns={[
            { header: 'Month', render: (run) => run.period },
            { header: 'Status', render: (run) => STATUS_NAMES[run.status] ?? run.status },
            { header: 'Started', render: (run) => instant(run.started_at) },
            { header: 'Completed', render: (run) => instant(run.completed_at) },
            { header: 'Invoices', render: (run) => run.invoices },
            { header: 'Credit notes', render: (run) => run.credit_notes },
            { header: 'Sessions', render: (run) => run.sessions },
          ]}
        />
      )}
    </>
  );
}
