import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeServer, meWith } from '../test/fakeServer';
import { renderPortal } from '../test/render';
import { lastTwelveMonths, monthsBetween } from './OverviewPage';

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
});
