import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeServer, meWith } from '../test/fakeServer';
import { renderPortal } from '../test/render';
import type { Peer } from '../api/types';
import { firstDayAfter, lastTwelveMonths, monthsBetween, peerTrouble } from './OverviewPage';

function peer(changes: Partial<Peer> = {}): Peer {
  return {
    id: 1,
    name: 'Simulated CPO',
    status: 'connected',
    versions_url: 'http://cpo.example/ocpi/versions',
    version: '2.2.1',
    roles: [],
    endpoints: [],
    sync: [{ module: 'locations', last_attempt_at: '2026-03-02T10:00:00Z', last_success_at: '2026-03-02T10:00:00Z', last_error_at: null, date_from: null, last_error: null }],
    created_at: '2026-03-01T10:00:00Z',
    registered_at: '2026-03-01T10:05:00Z',
    ...changes,
  };
}

// GET /statistics/monthly as the API answers it (docs/api.md, "Statistics").
const MONTHS = {
  from: '2026-09',
  to: '2026-10',
  items: [
    { month: '2026-09', currency: 'EUR', sessions: 9, energy_kwh: '98.250', revenue_excl_vat: '38.10', credits: 0, needs_attention: 1, revenue_incl_vat: '46.10', cpo_cost: '25.00', margin: '13.10' },
    { month: '2026-10', currency: 'EUR', sessions: 12, energy_kwh: '123.456', revenue_excl_vat: '45.67', credits: 0, needs_attention: 0, revenue_incl_vat: '55.26', cpo_cost: '30.00', margin: '15.67' },
  ],
};

describe('OverviewPage', () => {
  it('takes the last twelve months by default', () => {
    expect(lastTwelveMonths(new Date('2026-11-24T12:00:00Z'))).toEqual({ from: '2025-12', to: '2026-11' });
    expect(lastTwelveMonths(new Date('2026-12-01T00:00:00Z'))).toEqual({ from: '2026-01', to: '2026-12' });
    expect(lastTwelveMonths(new Date('2026-01-31T23:00:00Z'))).toEqual({ from: '2025-02', to: '2026-01' });
  });

  it('shows the months asked for with the figures exactly as the API states them', async () => {
    const { from, to } = lastTwelveMonths(new Date());
    const server = fakeServer({
      'GET /api/v1/me': { status: 200, body: meWith(['cdrs.read']) },
      [`GET /api/v1/statistics/monthly?from=${from}&to=${to}`]: { status: 200, body: { items: [], from, to } },
      'GET /api/v1/statistics/monthly?from=2026-09&to=2026-10': { status: 200, body: MONTHS },
    });
    renderPortal(server.fetchFunction, '/');
    expect(await screen.findByText('No charging in these months.')).toBeInTheDocument();
    const user = userEvent.setup();
    await user.clear(screen.getByLabelText('From month'));
    await user.type(screen.getByLabelText('From month'), '2026-09');
    await user.clear(screen.getByLabelText('To month'));
    await user.type(screen.getByLabelText('To month'), '2026-10');
    await user.click(screen.getByRole('button', { name: 'Show' }));
    const table = await screen.findByRole('table', { name: 'Figures per month' });
    const october = within(table).getByRole('row', { name: /2026-10/ });
    expect(within(october).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['12', '123.456 kWh', '45.67 EUR', '30.00 EUR', '15.67 EUR']);
    expect(screen.getByRole('figure', { name: 'Sessions per month' })).toBeInTheDocument();
    expect(screen.getByRole('figure', { name: 'Revenue, CPO cost and margin per month (EUR)' })).toBeInTheDocument();
  });

  it('ends a range of months on the first day after it', () => {
    expect(firstDayAfter('2026-10')).toBe('2026-11-01');
    expect(firstDayAfter('2026-12')).toBe('2027-01-01');
  });

  it('lists every month of a range, across a year end', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-03', '2026-03')).toEqual(['2026-03']);
    expect(monthsBetween('2026-04', '2026-03')).toEqual([]);
    expect(monthsBetween('2026-4', '2026-05')).toEqual([]);
  });

  it('reads the documented shape too, and shows withheld amounts as such', async () => {
    // docs/api.md: {"items", "from", "to"}, cost and margin null without pricing.read at the root, a month
    // without CDRs absent.
    const server = fakeServer({
      'GET /api/v1/me': { status: 200, body: meWith(['cdrs.read']) },
      'GET /api/v1/statistics/monthly?from=2026-08&to=2026-10': {
        status: 200,
        body: {
          from: '2026-08',
          to: '2026-10',
          items: [
            { month: '2026-08', currency: 'EUR', sessions: 3, credits: 0, needs_attention: 1, energy_kwh: '30.000', revenue_excl_vat: '11.70', revenue_incl_vat: '14.16', cpo_cost: null, margin: null },
            { month: '2026-10', currency: 'EUR', sessions: 1, credits: 1, needs_attention: 0, energy_kwh: '8.000', revenue_excl_vat: '0.00', revenue_incl_vat: '0.00', cpo_cost: null, margin: null },
          ],
        },
      },
    });
    renderPortal(server.fetchFunction, '/');
    const user = userEvent.setup();
    await user.clear(await screen.findByLabelText('From month'));
    await user.type(screen.getByLabelText('From month'), '2026-08');
    await user.clear(screen.getByLabelText('To month'));
    await user.type(screen.getByLabelText('To month'), '2026-10');
    await user.click(screen.getByRole('button', { name: 'Show' }));
    const table = await screen.findByRole('table', { name: 'Figures per month' });
    expect(within(table).getAllByRole('row')).toHaveLength(3); // the header, August and October
    expect(within(within(table).getByRole('row', { name: /2026-08/ })).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['3', '30.000 kWh', '11.70 EUR', '–', '–']);
    expect(screen.getByRole('figure', { name: 'Revenue per month (EUR)' })).toBeInTheDocument();
  });

  it('tells which peers are unhealthy: not connected, or a module whose last sync failed', () => {
    expect(peerTrouble(peer())).toBeNull();
    expect(peerTrouble(peer({ status: 'suspended' }))).toBe('suspended');
    const failed = { module: 'cdrs', last_attempt_at: '2026-03-02T11:00:00Z', last_success_at: '2026-03-02T10:00:00Z', last_error_at: '2026-03-02T11:00:00Z', date_from: null, last_error: 'HTTP 500' };
    expect(peerTrouble(peer({ sync: [failed] }))).toMatch(/^cdrs failed .*: HTTP 500$/);
    // A success after the error: healthy again.
    expect(peerTrouble(peer({ sync: [{ ...failed, last_success_at: '2026-03-02T12:00:00Z' }] }))).toBeNull();
  });

  it('counts the CDRs needing attention in every currency and shows the peers needing care', async () => {
    const { from, to } = lastTwelveMonths(new Date());
    const items = [
      { ...MONTHS.items[0], month: from },
      { ...MONTHS.items[1], month: to, currency: 'CHF', needs_attention: 2 },
    ];
    const server = fakeServer({
      'GET /api/v1/me': { status: 200, body: meWith(['cdrs.read', 'peers.read']) },
      [`GET /api/v1/statistics/monthly?from=${from}&to=${to}`]: { status: 200, body: { items, from, to } },
      'GET /api/v1/peers?limit=100': {
        status: 200,
        body: { items: [peer(), peer({ id: 2, name: 'Hub', status: 'suspended' })] },
      },
    });
    renderPortal(server.fetchFunction, '/');
    const attention = await screen.findByRole('region', { name: 'CDRs needing attention' });
    expect(within(attention).getByText('3')).toBeInTheDocument();
    expect(within(attention).getByRole('link', { name: 'Show them in the CDR browser' })).toHaveAttribute(
      'href',
      `/cdrs?needs_attention=true&from=${from}-01&to=${firstDayAfter(to)}`,
    );
    const peers = await screen.findByRole('region', { name: 'Roaming peer health' });
    expect(await within(peers).findByText('1 of 2 healthy')).toBeInTheDocument();
    expect(within(peers).getByText('Hub: suspended')).toBeInTheDocument();
  });

  it('shows no peer health to a user who may not read peers', async () => {
    const { from, to } = lastTwelveMonths(new Date());
    const server = fakeServer({
      'GET /api/v1/me': { status: 200, body: meWith(['cdrs.read']) },
      [`GET /api/v1/statistics/monthly?from=${from}&to=${to}`]: { status: 200, body: { items: [], from, to } },
    });
    renderPortal(server.fetchFunction, '/');
    expect(await screen.findByRole('region', { name: 'CDRs needing attention' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Roaming peer health' })).not.toBeInTheDocument();
  });
});
