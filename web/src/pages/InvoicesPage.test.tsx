import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeServer, meWith, problem } from '../test/fakeServer';
import { invoice, invoiceDetail } from '../test/fixtures';
import { renderPortal } from '../test/render';
import { summary } from './invoices/BillingRun';

const me = (permissions: string[]) => ({ status: 200, body: meWith(permissions) });
const UNITS = {
  status: 200,
  body: {
    items: [
      { id: 1, name: 'Demo MSP', parent_id: null },
      { id: 2, name: 'Acme Logistics B.V.', parent_id: 1 },
    ],
  },
};
const EMPTY = { status: 200, body: { items: [], next: null } };
const NO_RUNS = { status: 200, body: { items: [] } };

/** Sets a month input (YYYY-MM) the way a browser's month picker does. */
function setMonth(input: HTMLElement, value: string) {
  fireEvent.change(input, { target: { value } });
}

describe('InvoicesPage', () => {
  it('lists invoices and credit notes with customer, period and totals as given, and filters them', async () => {
    const server = fakeServer({
      'GET /api/v1/me': me(['invoices.read', 'organisation_units.read']),
      'GET /api/v1/organisation-units': UNITS,
      'GET /api/v1/invoices': {
        status: 200,
        body: {
          items: [
            invoice(1, { number: '2026-000001', status: 'ISSUED' }),
            invoice(2, { kind: 'CREDIT_NOTE', number: '2026-000002', status: 'PAID', billing_unit_id: null, profile_id: 9, customer_name: 'Jan de Vries', total_incl_vat: '-8.11', currency: 'CHF' }),
            invoice(3),
          ],
          next: null,
        },
      },
      'GET /api/v1/invoices?status=DRAFT&run_id=3&organisation_unit_id=2': EMPTY,
    });
    renderPortal(server.fetchFunction, '/invoices');
    const table = await screen.findByRole('table', { name: 'Invoices' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(4);
    expect(within(rows[1]).getByRole('link')).toHaveAttribute('href', '/invoices/1');
    expect(within(rows[1]).getByRole('link')).toHaveTextContent('2026-000001');
    await waitFor(() => expect(within(rows[1]).getByText('Acme Logistics B.V.')).toBeInTheDocument());
    expect(within(rows[1]).getByText('19.84 EUR')).toBeInTheDocument();
    expect(within(rows[1]).getByText('ISSUED')).toBeInTheDocument();
    expect(within(rows[2]).getByText('Credit note')).toBeInTheDocument();
    expect(within(rows[2]).getByText('Jan de Vries (private customer)')).toBeInTheDocument();
    expect(within(rows[2]).getByText('-8.11 CHF')).toBeInTheDocument();
    expect(within(rows[3]).getByRole('link')).toHaveTextContent(/^draft/);
    // Without billing_runs.manage: no billing run, settlement or reconciliation.
    expect(screen.queryByRole('region', { name: 'Run billing' })).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Settlement with CPOs' })).not.toBeInTheDocument();

    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('Status'), 'DRAFT');
    await user.type(screen.getByLabelText('Billing run id'), '3');
    await user.selectOptions(screen.getByLabelText('Customer unit'), '2');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(await screen.findByText('No invoices match these filters.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Download CSV' })).toHaveAttribute('href', '/api/v1/invoices?status=DRAFT&run_id=3&organisation_unit_id=2&format=csv');
  });

  it('shows an invoice: its sessions (a converted one with its original), VAT per country and rate, cost centres, totals and documents', async () => {
    const server = fakeServer({
      'GET /api/v1/me': me(['invoices.read']),
      'GET /api/v1/invoices/5': { status: 200, body: invoiceDetail(5, { number: '2026-000005', status: 'ISSUED', customer_name: 'Acme Logistics Holding B.V.' }) },
    });
    renderPortal(server.fetchFunction, '/invoices/5');
    expect(await screen.findByRole('heading', { level: 1, name: 'Invoice 2026-000005' })).toBeInTheDocument();
    // The customer as the API names it (the unit's legal name), without asking for the unit tree.
    expect(within(screen.getByLabelText('The invoice')).getByText('Acme Logistics Holding B.V.')).toBeInTheDocument();
    expect(server.exchanges.some((exchange) => exchange.path.includes('organisation-units'))).toBe(false);
    const lines = screen.getByRole('table', { name: 'Sessions' });
    expect(within(lines).getAllByRole('row')).toHaveLength(4); // heading, two sessions, total
    expect(within(lines).getByText('10.00 CHF at 0.97 EUR per CHF')).toBeInTheDocument();
    expect(within(lines).getByText('DE 19 %')).toBeInTheDocument();
    expect(within(lines).getByText('SERVICE')).toBeInTheDocument();
    expect(within(lines).getAllByRole('link')[0]).toHaveAttribute('href', '/cdrs/11');
    expect(within(lines).getByText('19.84 EUR')).toBeInTheDocument();
    const vat = screen.getByRole('table', { name: 'VAT breakdown' });
    expect(within(vat).getByText('9.70 EUR')).toBeInTheDocument();
    expect(within(vat).getByText('2.03 EUR')).toBeInTheDocument();
    const centres = screen.getByRole('table', { name: 'Cost-centre subtotals' });
    expect(within(centres).getByText('SALES')).toBeInTheDocument();
    expect(within(screen.getByLabelText('Totals')).getByText('3.44 EUR')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'PDF of Invoice 2026-000005' })).toHaveAttribute('href', '/api/v1/invoices/5/document?format=pdf');
    expect(screen.getByRole('link', { name: 'CSV of Invoice 2026-000005' })).toHaveAttribute('href', '/api/v1/invoices/5/document?format=csv');
    // Only the billing team moves an invoice.
    expect(screen.queryByRole('button', { name: 'Mark paid' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Void' })).not.toBeInTheDocument();
  });

  it('names the invoice a credit note credits', async () => {
    const server = fakeServer({
      'GET /api/v1/me': me(['invoices.read']),
      'GET /api/v1/invoices/6': { status: 200, body: invoiceDetail(6, { kind: 'CREDIT_NOTE', credited_invoice_id: 5, cost_centres: [] }) },
    });
    renderPortal(server.fetchFunction, '/invoices/6');
    expect(await screen.findByRole('heading', { level: 1, name: 'Draft credit note 6' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'invoice 5' })).toHaveAttribute('href', '/invoices/5');
    expect(screen.queryByRole('table', { name: 'Cost-centre subtotals' })).not.toBeInTheDocument();
  });

  it('issues a draft after asking, and shows the refusal of a move the status does not allow', async () => {
    const server = fakeServer({
      'GET /api/v1/me': me(['invoices.read', 'billing_runs.manage']),
      'GET /api/v1/invoices/5': { status: 200, body: invoiceDetail(5) },
      'POST /api/v1/invoices/5/issue': { status: 200, body: invoice(5, { number: '2026-000001', status: 'ISSUED', issued_at: '2026-11-02T09:00:00Z' }) },
      'POST /api/v1/invoices/5/pay': problem(422, 'status', 'an ISSUED invoice is paid once: it was voided meanwhile'),
    });
    renderPortal(server.fetchFunction, '/invoices/5');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Issue' }));
    expect(screen.getByText('Issue it? It is numbered and never changes again.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(server.exchanges.some((exchange) => exchange.method === 'POST')).toBe(false);

    await user.click(screen.getByRole('button', { name: 'Issue' }));
    await user.click(screen.getByRole('button', { name: 'Yes, issue' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Issued as 2026-000001.');
    expect(screen.getByRole('heading', { level: 1, name: 'Invoice 2026-000001' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Issue' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Void' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Mark paid' }));
    await user.click(screen.getByRole('button', { name: 'Yes, mark paid' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('status: an ISSUED invoice is paid once: it was voided meanwhile');
    expect(screen.getByText('ISSUED')).toBeInTheDocument();
  });

  it('queues the billing of a month, follows it until complete and lists the runs; a month not yet ended is refused on the input', async () => {
    const run = (status: string, counts: { invoices: number; sessions: number }) => ({
      period: '2026-10',
      status,
      run_id: status === 'QUEUED' ? null : 4,
      started_at: status === 'QUEUED' ? null : '2026-11-01T00:00:05Z',
      completed_at: status === 'COMPLETE' ? '2026-11-01T00:00:40Z' : null,
      invoices: counts.invoices,
      credit_notes: 0,
      sessions: counts.sessions,
    });
    let polls = 0;
    let listed = 0;
    const server = fakeServer({
      'GET /api/v1/me': me(['invoices.read', 'billing_runs.manage']),
      'GET /api/v1/invoices': EMPTY,
      'GET /api/v1/billing-runs': () => ({
        status: 200,
        body: { items: ++listed === 1 ? [] : [run(polls >= 2 ? 'COMPLETE' : 'QUEUED', polls >= 2 ? { invoices: 3, sessions: 12 } : { invoices: 0, sessions: 0 })] },
      }),
      'POST /api/v1/billing-runs': (exchange) =>
        (exchange.body as { period: string }).period === '2099-01'
          ? problem(422, 'period', 'has not ended yet: bill a month once it is over')
          : { status: 202, body: { ...run('QUEUED', { invoices: 0, sessions: 0 }), already_complete: false } },
      'GET /api/v1/billing-runs/2026-10': () =>
        ++polls === 1 ? { status: 200, body: run('RUNNING', { invoices: 1, sessions: 5 }) } : { status: 200, body: run('COMPLETE', { invoices: 3, sessions: 12 }) },
    });
    renderPortal(server.fetchFunction, '/invoices');
    const card = await screen.findByRole('region', { name: 'Run billing' });
    const month = within(card).getByLabelText(/Month/);
    expect(month).toHaveValue(summaryMonth());
    const user = userEvent.setup();
    setMonth(month, '2099-01');
    await user.click(within(card).getByRole('button', { name: 'Run billing' }));
    await waitFor(() => expect(month).toHaveAccessibleDescription('has not ended yet: bill a month once it is over'));

    setMonth(month, '2026-10');
    await user.click(within(card).getByRole('button', { name: 'Run billing' }));
    expect(await within(card).findByRole('status')).toHaveTextContent('Billing of 2026-10 is queued…');
    expect(await within(card).findByText('Billing 2026-10 (run 4)… 1 invoice, 0 credit notes, 5 sessions so far.', {}, { timeout: 3000 })).toBeInTheDocument();
    expect(await within(card).findByText('Billed 2026-10 (run 4): 3 invoices, 0 credit notes, 12 sessions.', {}, { timeout: 3000 })).toBeInTheDocument();
    expect(polls).toBe(2); // no more polls once complete
    expect(server.exchanges.filter((exchange) => exchange.path === '/api/v1/billing-runs' && exchange.method === 'POST').map((exchange) => exchange.body)).toEqual([{ period: '2099-01' }, { period: '2026-10' }]);
    // The runs and the invoices were loaded again once it completed.
    const runs = await screen.findByRole('table', { name: 'Billing runs' });
    await waitFor(() => expect(within(runs).getByText('complete')).toBeInTheDocument());
    expect(within(runs).getAllByText('2026-11-01 00:00 UTC')).toHaveLength(2); // started and completed
    expect(within(runs).getByText('12')).toBeInTheDocument();
    expect(server.exchanges.filter((exchange) => exchange.path === '/api/v1/invoices').length).toBeGreaterThanOrEqual(2);
  }, 15000);

  it('says where a run is', () => {
    const base = { period: '2026-10', run_id: 4, started_at: '2026-11-01T00:00:05Z', completed_at: null, invoices: 1, credit_notes: 1, sessions: 1 };
    expect(summary({ ...base, status: 'COMPLETE', completed_at: '2026-11-01T00:00:40Z' })).toBe('Billed 2026-10 (run 4): 1 invoice, 1 credit note, 1 session.');
    expect(summary({ ...base, status: 'INTERRUPTED' })).toBe('Billing of 2026-10 (run 4) was interrupted: run it again to resume.');
    expect(summary({ ...base, status: 'QUEUED', run_id: null, started_at: null })).toBe('Billing of 2026-10 is queued…');
  });

  it('shows the settlement owed to each CPO per currency for a month', async () => {
    const server = fakeServer({
      'GET /api/v1/me': me(['billing_runs.manage']),
      'GET /api/v1/billing-runs': NO_RUNS,
      'GET /api/v1/settlement?period=2026-10': {
        status: 200,
        body: {
          period: '2026-10',
          items: [
            { cpo: 'NL-CPO', currency: 'EUR', cdrs: 12, credits: 1, total_excl_vat: '123.45', total_incl_vat: '149.37' },
            { cpo: 'CH-SWS', currency: 'CHF', cdrs: 2, credits: 0, total_excl_vat: '20.00', total_incl_vat: null },
          ],
        },
      },
      'GET /api/v1/settlement?period=1999-12': problem(400, 'period', 'must be a month from 2000 on'),
    });
    renderPortal(server.fetchFunction, '/invoices');
    const card = await screen.findByRole('region', { name: 'Settlement with CPOs' });
    // No invoice list without invoices.read.
    expect(screen.queryByRole('table', { name: 'Invoices' })).not.toBeInTheDocument();
    const user = userEvent.setup();
    setMonth(within(card).getByLabelText(/Month/), '1999-12');
    await user.click(within(card).getByRole('button', { name: 'Show settlement' }));
    await waitFor(() => expect(within(card).getByLabelText(/Month/)).toHaveAccessibleDescription('must be a month from 2000 on'));
    setMonth(within(card).getByLabelText(/Month/), '2026-10');
    await user.click(within(card).getByRole('button', { name: 'Show settlement' }));
    const table = await within(card).findByRole('table', { name: 'Settlement 2026-10' });
    expect(within(table).getByText('123.45 EUR')).toBeInTheDocument();
    expect(within(table).getByText('149.37 EUR')).toBeInTheDocument();
    expect(within(table).getByText('not stated by every CDR')).toBeInTheDocument();
  });

  it('reconciles a CPO invoice uploaded as CSV and lists the differences', async () => {
    const csv = 'cdr_id,amount_excl_vat\nCDR-1,1.00\nCDR-9,2.00\nTOTAL,3.00\n';
    const server = fakeServer({
      'GET /api/v1/me': me(['billing_runs.manage']),
      'GET /api/v1/billing-runs': NO_RUNS,
      'POST /api/v1/settlement/reconciliation?period=2026-10&cpo=DE*ABC': {
        status: 200,
        body: {
          cpo: 'DE*ABC',
          period: '2026-10',
          currency: 'EUR',
          agrees: false,
          matched: 12,
          our_total: '123.45',
          their_total: '125.00',
          their_stated_total: '125.00',
          stated_total_differs: false,
          other_currency_cdrs: 0,
          differences: [
            { kind: 'ONLY_THEIRS', cdr_id: 'CDR-9', ours: null, theirs: '2.00', line: 3 },
            { kind: 'ONLY_OURS', cdr_id: 'CDR-5', ours: '0.45', theirs: null, line: 0 },
          ],
        },
      },
    });
    renderPortal(server.fetchFunction, '/invoices');
    const card = await screen.findByRole('region', { name: "Reconcile a CPO's invoice" });
    const user = userEvent.setup();
    await user.type(within(card).getByLabelText(/^CPO\s*\*?$/), 'DE*ABC');
    setMonth(within(card).getByLabelText(/Month/), '2026-10');
    await user.upload(within(card).getByLabelText(/CPO invoice/), new File([csv], 'invoice.csv', { type: 'text/csv' }));
    await user.click(within(card).getByRole('button', { name: 'Reconcile' }));
    expect(await within(card).findByRole('status')).toHaveTextContent('Differs');
    expect(within(card).getByRole('status')).toHaveTextContent('DE*ABC, 2026-10: 12 matched, 2 differences.');
    const differences = within(card).getByRole('table', { name: 'Differences' });
    expect(within(differences).getByText('only theirs')).toBeInTheDocument();
    expect(within(differences).getByText('0.45 EUR')).toBeInTheDocument();
    const totals = within(card).getByLabelText('Totals compared');
    expect(within(totals).getByText('123.45 EUR')).toBeInTheDocument();
    expect(within(totals).getAllByText('125.00 EUR')).toHaveLength(2);
    const sent = server.exchanges.find((exchange) => exchange.method === 'POST')!;
    expect(sent.headers['Content-Type']).toBe('text/csv');
    expect(sent.body).toBe(csv);
  });

  it('shows every bad row of a refused CPO invoice on the file input and in the alert, and refuses a file over 1 MiB unsent', async () => {
    const server = fakeServer({
      'GET /api/v1/me': me(['billing_runs.manage']),
      'GET /api/v1/billing-runs': NO_RUNS,
      'POST /api/v1/settlement/reconciliation?period=2026-10&cpo=DE*ABC': problem(422, 'lines[4].amount_excl_vat', 'line 4, column amount_excl_vat: not a decimal; line 6, column cdr_id: repeats line 2'),
    });
    renderPortal(server.fetchFunction, '/invoices');
    const card = await screen.findByRole('region', { name: "Reconcile a CPO's invoice" });
    const user = userEvent.setup();
    await user.type(within(card).getByLabelText(/^CPO\s*\*?$/), 'DE*ABC');
    setMonth(within(card).getByLabelText(/Month/), '2026-10');
    const file = within(card).getByLabelText(/CPO invoice/);
    await user.upload(file, new File(['cdr_id,amount_excl_vat\n'], 'invoice.csv', { type: 'text/csv' }));
    await user.click(within(card).getByRole('button', { name: 'Reconcile' }));
    expect(await within(card).findByRole('alert')).toHaveTextContent('lines[4].amount_excl_vat: line 4, column amount_excl_vat: not a decimal; line 6, column cdr_id: repeats line 2');
    expect(file).toHaveAccessibleDescription('[4].amount_excl_vat: line 4, column amount_excl_vat: not a decimal; line 6, column cdr_id: repeats line 2');

    await user.upload(file, new File(['x'.repeat(1024 * 1024 + 1)], 'huge.csv', { type: 'text/csv' }));
    await user.click(within(card).getByRole('button', { name: 'Reconcile' }));
    expect(await within(card).findByRole('alert')).toHaveTextContent('huge.csv is 1048577 bytes: at most 1 MiB is read.');
    expect(server.exchanges.filter((exchange) => exchange.method === 'POST')).toHaveLength(1);
  });
});

/** The month before this one (UTC), as the forms start with. */
function summaryMonth(): string {
  const now = new Date();
  const previous = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return previous.toISOString().slice(0, 7);
}
