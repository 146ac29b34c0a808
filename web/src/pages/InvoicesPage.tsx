// Invoices: the invoices and credit notes in the user's scope, one invoice's detail (sessions, VAT per
// country and rate, cost-centre subtotals, totals, its PDF and CSV) with issue / mark paid / void for the
// billing team; and for the billing team (billing_runs.manage, held at the root only) the billing run of
// a month, the settlement owed to each CPO and the reconciliation with a CPO's invoice.
import { Alert, Anchor, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { Link as RouterLink, useParams } from 'react-router-dom';
import { INVOICE_STATUSES, type Invoice, type InvoiceDetail, type InvoiceLine, type InvoiceStatus } from '../api/types';
import { CursorList, type Column } from '../components/CursorList';
import { DataTable } from '../components/DataTable';
import { Facts } from '../components/Facts';
import { ProblemAlert, useFormErrors } from '../components/problems';
import { unitFilter, useUnits } from '../components/units';
import { instant, money } from '../format';
import { useCan, useSession } from '../session';
import { BillingRun, BillingRunList } from './invoices/BillingRun';
import { Reconciliation, Settlement } from './invoices/Settlement';

const STATUS_COLOURS: Record<InvoiceStatus, string> = { DRAFT: 'gray', ISSUED: 'blue', PAID: 'green', VOID: 'red' };

export function InvoiceStatusBadge({ status }: { status: InvoiceStatus }) {
  return (
    <Badge color={STATUS_COLOURS[status] ?? 'gray'} variant="light">
      {status}
    </Badge>
  );
}

/** "Invoice 2026-000007", "Credit note 2026-000008", "Draft invoice 12". */
export function invoiceTitle(invoice: Pick<Invoice, 'id' | 'number' | 'kind'>): string {
  const kind = invoice.kind === 'CREDIT_NOTE' ? 'credit note' : 'invoice';
  return invoice.number ? `${kind[0].toUpperCase()}${kind.slice(1)} ${invoice.number}` : `Draft ${kind} ${invoice.id}`;
}

/** The customer as the API names it: a unit's billing legal name, or a private customer's (its profile's) name. */
function customer(invoice: Invoice): string {
  if (invoice.profile_id !== null) return `${invoice.customer_name} (private customer)`;
  return invoice.customer_name || '–';
}

export function InvoicesPage() {
  const can = useCan();
  // billing_runs.manage reaches the whole tenant: /me lists it only when held at the root.
  const manage = can('billing_runs.manage');
  const [reloadKey, setReloadKey] = useState(0);
  return (
    <Stack>
      <Title order={1}>Invoices</Title>
      {can('invoices.read') && <InvoiceList reloadKey={reloadKey} />}
      {manage && <BillingRun onRun={() => setReloadKey((key) => key + 1)} />}
      {manage && <BillingRunList reloadKey={reloadKey} />}
      {manage && <Settlement />}
      {manage && <Reconciliation />}
    </Stack>
  );
}

function InvoiceList({ reloadKey }: { reloadKey: number }) {
  const units = useUnits();
  const columns: Column<Invoice>[] = [
    {
      header: 'Number',
      render: (invoice) => (
        <Anchor component={RouterLink} to={`/invoices/${invoice.id}`}>
          {invoice.number ?? 'draft'}
          <span className="visually-hidden"> ({invoiceTitle(invoice)})</span>
        </Anchor>
      ),
    },
    { header: 'Kind', render: (invoice) => (invoice.kind === 'CREDIT_NOTE' ? 'Credit note' : 'Invoice') },
    { header: 'Customer', render: (invoice) => customer(invoice) },
    { header: 'Period', render: (invoice) => invoice.period },
    { header: 'Sessions', render: (invoice) => invoice.sessions },
    { header: 'Total excl. VAT', render: (invoice) => money(invoice.total_excl_vat, invoice.currency) },
    { header: 'VAT', render: (invoice) => money(invoice.vat_amount, invoice.currency) },
    { header: 'Total incl. VAT', render: (invoice) => money(invoice.total_incl_vat, invoice.currency) },
    { header: 'Status', render: (invoice) => <InvoiceStatusBadge status={invoice.status} /> },
  ];
  return (
    <CursorList<Invoice>
      path="/invoices"
      caption="Invoices"
      columns={columns}
      rowKey={(invoice) => invoice.id}
      reloadKey={reloadKey}
      minWidth={900}
      emptyText="No invoices match these filters."
      filters={[
        { name: 'status', label: 'Status', kind: 'select', options: [{ value: '', label: 'Any' }, ...INVOICE_STATUSES.map((status) => ({ value: status, label: status }))] },
        { name: 'run_id', label: 'Billing run id', kind: 'number' },
        ...unitFilter(units.units, 'Customer unit'),
        { name: 'profile_id', label: 'Private customer (profile id)', kind: 'number' },
      ]}
    />
  );
}

// --- One invoice ----------------------------------------------------------------------------------

type Move = 'issue' | 'pay' | 'void';

const MOVES: Record<Move, { label: string; from: InvoiceStatus[]; question: string; done: (invoice: Invoice) => string; color?: string }> = {
  issue: {
    label: 'Issue',
    from: ['DRAFT'],
    question: 'Issue it? It is numbered and never changes again.',
    done: (invoice) => `Issued as ${invoice.number ?? 'numbered'}.`,
  },
  pay: { label: 'Mark paid', from: ['ISSUED'], question: 'Mark it paid?', done: () => 'Marked paid.', color: 'green' },
  void: {
    label: 'Void',
    from: ['DRAFT', 'ISSUED'],
    question: 'Void it? It keeps its number and lines; the next billing run bills its sessions again.',
    done: () => 'Voided.',
    color: 'red',
  },
};

export function InvoiceDetailPage() {
  const { invoiceId } = useParams();
  const { client } = useSession();
  const can = useCan();
  const [invoice, setInvoice] = useState<InvoiceDetail | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    setError(null);
    client.get<InvoiceDetail>(`/invoices/${encodeURIComponent(invoiceId ?? '')}`).then(setInvoice, setError);
  }, [client, invoiceId]);
  useEffect(load, [load]);

  const title = invoice ? invoiceTitle(invoice) : `Invoice ${invoiceId}`;
  return (
    <Stack>
      <Anchor component={RouterLink} to="/invoices" size="sm">
        ← All invoices
      </Anchor>
      <Title order={1}>{title}</Title>
      <ProblemAlert error={error} />
      {!invoice && !error && <Text c="dimmed">Loading…</Text>}
      {invoice && (
        <>
          <Facts
            label="The invoice"
            items={[
              ['Number', invoice.number ?? 'none yet (draft)'],
              ['Status', <InvoiceStatusBadge key="status" status={invoice.status} />],
              ['Kind', invoice.kind === 'CREDIT_NOTE' ? 'Credit note' : 'Invoice'],
              ['Customer', customer(invoice)],
              ['Period', invoice.period],
              ['Currency', invoice.currency],
              ...(invoice.credited_invoice_id !== null
                ? ([['Credits', <Anchor key="credited" component={RouterLink} to={`/invoices/${invoice.credited_invoice_id}`}>invoice {invoice.credited_invoice_id}</Anchor>]] as [string, ReactNode][])
                : []),
              ['Billing run', invoice.run_id],
              ['Created', instant(invoice.created_at)],
              ...(invoice.issued_at ? ([['Issued', instant(invoice.issued_at)]] as [string, ReactNode][]) : []),
              ...(invoice.paid_at ? ([['Paid', instant(invoice.paid_at)]] as [string, ReactNode][]) : []),
              ...(invoice.voided_at ? ([['Voided', instant(invoice.voided_at)]] as [string, ReactNode][]) : []),
            ]}
          />
          <Group gap="md">
            <Anchor href={client.url(`/invoices/${invoice.id}/document`, { format: 'pdf' })} download>
              PDF<span className="visually-hidden"> of {title}</span>
            </Anchor>
            <Anchor href={client.url(`/invoices/${invoice.id}/document`, { format: 'csv' })} download>
              CSV<span className="visually-hidden"> of {title}</span>
            </Anchor>
          </Group>
          {can('billing_runs.manage') && <InvoiceActions invoice={invoice} onMoved={(moved) => setInvoice({ ...invoice, ...moved })} />}
          <InvoiceBody invoice={invoice} />
        </>
      )}
    </Stack>
  );
}

/** Issue, mark paid, void: each asks first; a refusal (422 naming `status`) is shown as the server says it. */
function InvoiceActions({ invoice, onMoved }: { invoice: InvoiceDetail; onMoved(invoice: Invoice): void }) {
  const { client } = useSession();
  const errors = useFormErrors();
  const [asking, setAsking] = useState<Move | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const moves = (Object.keys(MOVES) as Move[]).filter((move) => MOVES[move].from.includes(invoice.status));
  const confirm = async (move: Move) => {
    setAsking(null);
    setDone(null);
    const moved = await errors.submit(() => client.post<Invoice>(`/invoices/${invoice.id}/${move}`));
    if (moved) {
      onMoved(moved);
      setDone(MOVES[move].done(moved));
    }
  };
  return (
    <Stack gap="xs">
      {moves.length > 0 && !asking && (
        <Group gap="sm">
          {moves.map((move) => (
            <Button key={move} variant="light" color={MOVES[move].color} onClick={() => setAsking(move)} loading={errors.busy}>
              {MOVES[move].label}
            </Button>
          ))}
        </Group>
      )}
      {asking && (
        <Alert color={MOVES[asking].color ?? 'blue'} title={`${MOVES[asking].label}: ${invoiceTitle(invoice)}`}>
          <Text size="sm" mb="xs">
            {MOVES[asking].question}
          </Text>
          <Group gap="sm">
            <Button color={MOVES[asking].color} onClick={() => void confirm(asking)} autoFocus>
              Yes, {MOVES[asking].label.toLowerCase()}
            </Button>
            <Button variant="default" onClick={() => setAsking(null)}>
              Cancel
            </Button>
          </Group>
        </Alert>
      )}
      <ProblemAlert error={errors.error} title="Not changed" />
      {done && (
        <Text role="status" size="sm">
          {done}
        </Text>
      )}
    </Stack>
  );
}

function InvoiceBody({ invoice }: { invoice: InvoiceDetail }) {
  const amount = (value: string) => money(value, invoice.currency);
  const totalRow = (label: string, columns: number, cells: ReactNode[]) => (
    <Table.Tr>
      <Table.Th scope="row" colSpan={columns}>
        {label}
      </Table.Th>
      {cells.map((cell, index) => (
        <Table.Td key={index}>{cell}</Table.Td>
      ))}
    </Table.Tr>
  );
  return (
    <>
      <Title order={2} size="h3">
        Sessions
      </Title>
      {invoice.lines.length === 0 ? (
        <Text c="dimmed">No sessions.</Text>
      ) : (
        <DataTable<InvoiceLine>
          caption="Sessions"
          rows={invoice.lines}
          rowKey={(line) => line.msp_cdr_id}
          minWidth={1100}
          columns={[
            {
              header: 'Date',
              render: (line) => (
                <Anchor component={RouterLink} to={`/cdrs/${line.msp_cdr_id}`}>
                  {instant(line.session_start)}
                  <span className="visually-hidden"> (CDR {line.msp_cdr_id})</span>
                </Anchor>
              ),
            },
            { header: 'Location', render: (line) => line.location || '–' },
            { header: 'EVSE', render: (line) => line.evse || '–' },
            { header: 'Card', render: (line) => line.card || '–' },
            { header: 'Cost centre', render: (line) => line.cost_centre || '–' },
            { header: 'Energy', render: (line) => `${line.energy_kwh} kWh` },
            { header: 'Duration', render: (line) => `${line.duration_hours} h` },
            { header: 'VAT rate', render: (line) => `${line.vat_country} ${line.vat_percent} %` },
            { header: 'Excl. VAT', render: (line) => amount(line.amount_excl_vat) },
            { header: 'VAT', render: (line) => amount(line.vat_amount) },
            { header: 'Incl. VAT', render: (line) => amount(line.amount_incl_vat) },
            {
              header: 'Converted from',
              render: (line) =>
                line.original_currency ? `${money(line.original_amount_excl_vat, line.original_currency)} at ${line.exchange_rate} ${invoice.currency} per ${line.original_currency}` : '–',
            },
          ]}
          footer={totalRow('Total', 8, [amount(invoice.total_excl_vat), amount(invoice.vat_amount), amount(invoice.total_incl_vat), ''])}
        />
      )}
      <Title order={2} size="h3">
        VAT per country and rate
      </Title>
      <DataTable
        caption="VAT breakdown"
        rows={invoice.vat_breakdown}
        rowKey={(row) => `${row.country} ${row.percent}`}
        minWidth={560}
        columns={[
          { header: 'Country', render: (row) => row.country },
          { header: 'Rate', render: (row) => `${row.percent} %` },
          { header: 'Sessions', render: (row) => row.sessions },
          { header: 'Taxable amount', render: (row) => amount(row.taxable_amount) },
          { header: 'VAT', render: (row) => amount(row.vat_amount) },
          { header: 'Incl. VAT', render: (row) => amount(row.amount_incl_vat) },
        ]}
      />
      {invoice.cost_centres.some((subtotal) => subtotal.cost_centre !== '') && (
        <>
          <Title order={2} size="h3">
            Cost centres
          </Title>
          <DataTable
            caption="Cost-centre subtotals"
            rows={invoice.cost_centres}
            rowKey={(subtotal) => subtotal.cost_centre}
            minWidth={560}
            columns={[
              { header: 'Cost centre', render: (subtotal) => subtotal.cost_centre || '(none)' },
              { header: 'Sessions', render: (subtotal) => subtotal.sessions },
              { header: 'Excl. VAT', render: (subtotal) => amount(subtotal.amount_excl_vat) },
              { header: 'VAT', render: (subtotal) => amount(subtotal.vat_amount) },
              { header: 'Incl. VAT', render: (subtotal) => amount(subtotal.amount_incl_vat) },
            ]}
          />
        </>
      )}
      <Title order={2} size="h3">
        Totals
      </Title>
      <Facts
        label="Totals"
        items={[
          ['Sessions', invoice.sessions],
          ['Total excl. VAT', amount(invoice.total_excl_vat)],
          ['VAT', amount(invoice.vat_amount)],
          ['Total incl. VAT', amount(invoice.total_incl_vat)],
        ]}
      />
    </>
  );
}
