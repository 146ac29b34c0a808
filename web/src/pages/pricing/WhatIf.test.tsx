import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { WhatIfTotals } from '../../api/types';
import { fakeServer, meWith, problem } from '../../test/fakeServer';
import { renderPortal } from '../../test/render';

const totals = (changes: Partial<WhatIfTotals> = {}): WhatIfTotals => ({
  cdrs: 10,
  held_now: 1,
  held_draft: 0,
  revenue_now: '100.00',
  revenue_draft: '110.50',
  revenue_difference: '10.50',
  margin_now: '20.00',
  margin_draft: '30.50',
  margin_difference: '10.50',
  ...changes,
});

function world() {
  return fakeServer({
    'GET /api/v1/me': { status: 200, body: meWith(['pricing.read']) },
    'GET /api/v1/tariff-plan': {
      status: 200,
      body: { id: 1, name: 'Tariff plan', created_at: '2026-01-01T00:00:00Z', versions: [{ id: 3, status: 'in_force', valid_from: '2026-01-01T00:00:00Z', valid_until: null, currency: 'EUR', min_session_price: null, max_session_price: null, rule_count: 4, created_at: '2026-01-01T00:00:00Z' }] },
    },
    'GET /api/v1/tariff-plan/drafts': { status: 200, body: { items: [{ id: 8, name: 'Cheaper nights', currency: 'CHF', min_session_price: null, max_session_price: null, rules: [], created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' }] } },
    'GET /api/v1/tariff-codes': { status: 200, body: { items: [] } },
    'GET /api/v1/location-groups': { status: 200, body: { items: [{ id: 2, name: 'Fast chargers', priority: 10, is_default: false, criteria: {} }] } },
    'GET /api/v1/business-partner-groups': { status: 200, body: { items: [{ id: 5, name: 'Fleet partners', units: [2] }] } },
    'POST /api/v1/tariff-plan/what-if': (exchange) =>
      (exchange.body as { to: string }).to === '2027-01-01T00:00:00Z'
        ? problem(400, 'to', 'is more than 93 days after from: a what-if rates every CDR of its period twice')
        : {
            status: 200,
            body: {
              priced_with: { kind: 'draft', id: 8 },
              from: '2026-09-01T00:00:00Z',
              to: '2026-10-01T00:00:00Z',
              total: totals(),
              by_location_group: [{ location_group_id: 2, ...totals({ cdrs: 4, revenue_difference: '-1.25' }) }],
              by_business_partner_group: [
                { business_partner_group_id: 5, ...totals({ cdrs: 6 }) },
                { business_partner_group_id: null, ...totals({ cdrs: 4 }) },
              ],
              other_currency: 2,
            },
          },
  });
}

describe('PricingPage: what-if', () => {
  it('compares a draft over a period and shows the totals and each group, in the draft’s currency', async () => {
    const server = world();
    renderPortal(server.fetchFunction, '/pricing?tab=what-if');
    const form = await screen.findByRole('region', { name: 'What-if re-rating' });
    const user = userEvent.setup();
    await waitFor(() => expect(within(form).getByRole('option', { name: 'Draft 8: Cheaper nights' })).toBeInTheDocument());
    await user.selectOptions(within(form).getByLabelText(/Compare with/), 'draft:8');
    await user.type(within(form).getByLabelText(/Sessions from/), '2026-09-01');
    await user.type(within(form).getByLabelText(/Sessions before/), '2027-01-01');
    await user.click(within(form).getByRole('button', { name: 'Compare' }));
    await waitFor(() => expect(within(form).getByLabelText(/Sessions before/)).toHaveAccessibleDescription(/is more than 93 days after from/));

    await user.clear(within(form).getByLabelText(/Sessions before/));
    await user.type(within(form).getByLabelText(/Sessions before/), '2026-10-01');
    await user.click(within(form).getByRole('button', { name: 'Compare' }));
    const report = await screen.findByRole('region', { name: 'What-if of draft 8, 2026-09-01 00:00 UTC – 2026-10-01 00:00 UTC' });
    const sent = server.exchanges.filter((exchange) => exchange.method === 'POST').map((exchange) => exchange.body);
    expect(sent[1]).toEqual({ from: '2026-09-01T00:00:00Z', to: '2026-10-01T00:00:00Z', draft_id: 8 });
    const facts = within(report).getByLabelText('Totals');
    expect(within(facts).getByText('110.50 CHF')).toBeInTheDocument();
    expect(within(facts).getByText('1 / 0')).toBeInTheDocument();
    expect(within(facts).getByText('2 CDRs (in no sum)')).toBeInTheDocument();
    const locations = within(report).getByRole('table', { name: 'Per location group' });
    expect(await within(locations).findByText('Fast chargers')).toBeInTheDocument();
    expect(within(locations).getByText('-1.25 CHF')).toBeInTheDocument();
    const partners = within(report).getByRole('table', { name: 'Per business partner group' });
    expect(within(partners).getByText('Fleet partners')).toBeInTheDocument();
    expect(within(partners).getByText('In no group')).toBeInTheDocument();
  });
});
