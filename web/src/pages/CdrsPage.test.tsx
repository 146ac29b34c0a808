import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeServer, meWith, problem } from '../test/fakeServer';
import { mspCdr, mspCdrDetail } from '../test/fixtures';
import { renderPortal } from '../test/render';

const me = (permissions: string[]) => ({ status: 200, body: meWith(permissions) });

describe('CdrsPage', () => {
  it('lists MSP CDRs with their amounts as given, pages with the cursor and filters with labelled inputs', async () => {
    const server = fakeServer({
      'GET /api/v1/me': me(['cdrs.read']),
      'GET /api/v1/msp-cdrs?order=newest': { status: 200, body: { items: [mspCdr(2), mspCdr(1, { total_incl_vat: '0.10' })], next: 'cursor-1' } },
      'GET /api/v1/msp-cdrs?order=newest&after=cursor-1': {
        status: 200,
        body: { items: [mspCdr(0, { needs_attention: true, attention: { reason: 'NO_PLAN_VERSION', detail: 'no version in force' }, total_excl_vat: '0.00' })], next: null },
      },
      'GET /api/v1/msp-cdrs?from=2026-10-01T00%3A00%3A00Z&order=oldest&needs_attention=true': { status: 200, body: { items: [], next: null } },
    });
    renderPortal(server.fetchFunction, '/cdrs');
    const table = await screen.findByRole('table', { name: 'MSP CDRs' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(within(table).getAllByText('8.11 EUR')).toHaveLength(1);
    expect(within(table).getByText('0.10 EUR')).toBeInTheDocument();
    expect(within(table).getAllByRole('link')[0]).toHaveAttribute('href', '/cdrs/2');
    expect(screen.getByRole('link', { name: 'Download CSV' })).toHaveAttribute('href', '/api/v1/msp-cdrs?order=newest&format=csv');
    // No re-rating without pricing.manage.
    expect(screen.queryByRole('button', { name: /Re-rate/ })).not.toBeInTheDocument();

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await within(table).findByText('NO_PLAN_VERSION')).toBeInTheDocument();
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();

    await user.type(screen.getByLabelText(/Sessions from/), '2026-10-01');
    await user.selectOptions(screen.getByLabelText('Order'), 'oldest');
    await user.click(screen.getByLabelText('Needs attention only'));
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(await screen.findByText('No charge records match these filters.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Download CSV' })).toHaveAttribute(
      'href',
      '/api/v1/msp-cdrs?from=2026-10-01T00%3A00%3A00Z&order=oldest&needs_attention=true&format=csv',
    );
  });

  it('filters by CPO, currency, customer unit and profile', async () => {
    const server = fakeServer({
      'GET /api/v1/me': me(['cdrs.read', 'organisation_units.read']),
      'GET /api/v1/organisation-units': {
        status: 200,
        body: {
          items: [
            { id: 1, name: 'Demo MSP', parent_id: null },
            { id: 6, name: 'Acme Logistics B.V.', parent_id: 1 },
          ],
        },
      },
      'GET /api/v1/msp-cdrs?order=newest': { status: 200, body: { items: [mspCdr(1)], next: null } },
      'GET /api/v1/msp-cdrs?cpo=NL-CPO&currency=EUR&organisation_unit_id=6&profile_id=5&reason=NO_VAT_RATE&order=newest': { status: 200, body: { items: [], next: null } },
    });
    renderPortal(server.fetchFunction, '/cdrs');
    await screen.findByRole('table', { name: 'MSP CDRs' });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/^CPO/), 'NL-CPO');
    await user.type(screen.getByLabelText('Currency'), 'eur');
    await waitFor(() => expect(screen.getByRole('option', { name: /Acme Logistics/ })).toBeInTheDocument());
    await user.selectOptions(screen.getByLabelText('Customer unit'), '6');
    await user.type(screen.getByLabelText('Profile id'), '5');
    await user.selectOptions(screen.getByLabelText('Attention reason'), 'NO_VAT_RATE');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(await screen.findByText('No charge records match these filters.')).toBeInTheDocument();
  });

  it('takes its first filters from the address, as the overview links to it', async () => {
    const server = fakeServer({
      'GET /api/v1/me': me(['cdrs.read']),
      'GET /api/v1/msp-cdrs?from=2026-10-01T00%3A00%3A00Z&to=2026-11-01T00%3A00%3A00Z&order=newest&needs_attention=true': {
        status: 200,
        body: { items: [mspCdr(7)], next: null },
      },
    });
    renderPortal(server.fetchFunction, '/cdrs?needs_attention=true&from=2026-10-01&to=2026-11-01');
    expect(await screen.findByRole('table', { name: 'MSP CDRs' })).toBeInTheDocument();
    expect(screen.getByLabelText('Needs attention only')).toBeChecked();
    expect(screen.getByLabelText(/^Sessions from/)).toHaveValue('2026-10-01');
  });

  it('shows a refused filter with the parameter the server names', async () => {
    const server = fakeServer({
      'GET /api/v1/me': me(['cdrs.read']),
      'GET /api/v1/msp-cdrs?order=newest': { status: 200, body: { items: [], next: null } },
      'GET /api/v1/msp-cdrs?to=1999-01-01T00%3A00%3A00Z&order=newest': problem(400, 'to', 'is before from'),
    });
    renderPortal(server.fetchFunction, '/cdrs');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/Sessions before/), '1999-01-01');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('to: is before from');
  });

  it('re-rates those needing attention for a pricing manager and reloads the list', async () => {
    let rated = false;
    const server = fakeServer({
      'GET /api/v1/me': me(['cdrs.read', 'pricing.manage']),
      'GET /api/v1/msp-cdrs?order=newest': () => ({ status: 200, body: { items: rated ? [mspCdr(1)] : [mspCdr(1, { needs_attention: true, attention: { reason: 'NO_VAT_RATE', detail: 'x' } })], next: null } }),
      'POST /api/v1/msp-cdrs/rerate': () => {
        rated = true;
        return { status: 200, body: { reason: null, rated: 1 } };
      },
    });
    renderPortal(server.fetchFunction, '/cdrs');
    const table = await screen.findByRole('table', { name: 'MSP CDRs' });
    expect(within(table).getByText('NO_VAT_RATE')).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Re-rate CDRs needing attention' }));
    expect(await screen.findByRole('status')).toHaveTextContent('1 CDR rated now.');
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'MSP CDRs' })).getByText('Rated')).toBeInTheDocument());
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    expect(server.exchanges.find((exchange) => exchange.path === '/api/v1/msp-cdrs/rerate')?.body).toEqual({});
  });

  it('shows a CDR with the CPO CDR beside it, its lines and the explanation', async () => {
    const server = fakeServer({
      'GET /api/v1/me': me(['cdrs.read']),
      'GET /api/v1/msp-cdrs/7': { status: 200, body: mspCdrDetail(7) },
    });
    renderPortal(server.fetchFunction, '/cdrs/7');
    const cpo = await screen.findByRole('region', { name: 'What the CPO stated (CPO CDR 107)' });
    expect(within(cpo).getByText('CDR-107')).toBeInTheDocument();
    expect(within(cpo).getByText('5.00 EUR')).toBeInTheDocument();
    expect(within(cpo).getByText('20.000 kWh')).toBeInTheDocument();
    const msp = screen.getByRole('region', { name: 'What the customer pays (MSP CDR 7)' });
    expect(within(msp).getByText('6.70 EUR')).toBeInTheDocument();
    expect(within(msp).getByText('8.11 EUR')).toBeInTheDocument();
    expect(within(msp).getByText('1.41 EUR (21 %, NLD)')).toBeInTheDocument();
    const lines = screen.getByRole('table', { name: 'Lines' });
    expect(within(lines).getAllByRole('row')).toHaveLength(4);
    expect(within(lines).getByText('3.50 EUR')).toBeInTheDocument();
    expect(screen.getByText(/Rule 6 \(NL-CPO network, day\)/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Re-rate this CDR' })).not.toBeInTheDocument();
  });

  it('re-rates one CDR needing attention and shows what the server answers', async () => {
    const held = mspCdrDetail(8, { needs_attention: true, attention: { reason: 'NO_PLAN_VERSION', detail: 'no plan version in force' }, lines: [] });
    const server = fakeServer({
      'GET /api/v1/me': me(['cdrs.read', 'pricing.manage']),
      'GET /api/v1/msp-cdrs/8': { status: 200, body: held },
      'POST /api/v1/msp-cdrs/8/rerate': { status: 200, body: mspCdrDetail(8) },
    });
    renderPortal(server.fetchFunction, '/cdrs/8');
    expect(await screen.findByText('no plan version in force')).toBeInTheDocument();
    expect(screen.getByText('No lines (not rated yet).')).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Re-rate this CDR' }));
    expect(await screen.findByRole('table', { name: 'Lines' })).toBeInTheDocument();
    expect(screen.queryByText('no plan version in force')).not.toBeInTheDocument();
  });

  it('shows a refusal of the detail as an alert', async () => {
    const server = fakeServer({ 'GET /api/v1/me': me(['cdrs.read']), 'GET /api/v1/msp-cdrs/9': problem(404, 'msp_cdr_id', 'no such MSP CDR') });
    renderPortal(server.fetchFunction, '/cdrs/9');
    expect(await screen.findByRole('alert')).toHaveTextContent('msp_cdr_id: no such MSP CDR');
  });
});
