import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { PlanDraft, PlanVersion, PricePreview } from '../api/types';
import { fakeServer, meWith } from '../test/fakeServer';
import { location } from '../test/fixtures';
import { renderPortal } from '../test/render';

const CODES = { status: 200, body: { items: [{ id: 1, code: 'ENERGY', kind: 'ENERGY', unit: 'KWH', step_size: 0.001, free_units: 0, grace_period_minutes: 0, description: '', created_at: '2026-01-01T00:00:00Z' }, { id: 2, code: 'SESSION_FEE', kind: 'SESSION_FEE', unit: 'SESSION', step_size: 1, free_units: 0, grace_period_minutes: 0, description: '', created_at: '2026-01-01T00:00:00Z' }] } };
const GROUPS = { status: 200, body: { items: [{ id: 4, name: 'DC fast charging', priority: 10, is_default: false, criteria: {} }] } };
const PARTNERS = { status: 200, body: { items: [{ id: 2, name: 'Fleet customers', units: [2] }] } };

const VERSION: PlanVersion = { id: 1, status: 'in_force', valid_from: '2026-01-01T00:00:00Z', valid_until: null, currency: 'EUR', min_session_price: null, max_session_price: null, rule_count: 2, created_at: '2026-01-01T00:00:00Z' };
const RULES = [
  { id: 11, location_group_id: null, business_partner_group_id: null, tariff_code_id: 1, unit_price: 0.39, priority: 10, restrictions: null },
  { id: 12, location_group_id: 4, business_partner_group_id: 2, tariff_code_id: 1, unit_price: 0.49, priority: 10, restrictions: { time_of_day: { start: '22:00', end: '07:00' }, weekdays: ['SATURDAY'] } },
];

describe('PricingPage: the tariff plan', () => {
  it('shows the versions and their rules, drafts from a version, names rule fields the server refuses, and publishes', async () => {
    let stored: PlanDraft | null = null;
    const server = fakeServer({
      'GET /api/v1/me': { status: 200, body: meWith(['pricing.read', 'pricing.manage']) },
      'GET /api/v1/tariff-plan': { status: 200, body: { id: 1, name: 'Demo public charging', created_at: '2026-01-01T00:00:00Z', versions: [VERSION] } },
      'GET /api/v1/tariff-plan/drafts': () => ({ status: 200, body: { items: stored ? [stored] : [] } }),
      'GET /api/v1/tariff-plan/versions/1': { status: 200, body: { ...VERSION, rules: RULES } },
      'GET /api/v1/tariff-codes': CODES,
      'GET /api/v1/location-groups': GROUPS,
      'GET /api/v1/business-partner-groups': PARTNERS,
      'POST /api/v1/tariff-plan/drafts': (exchange) => {
        stored = { id: 7, created_at: '2026-03-01T00:00:00Z', updated_at: '2026-03-01T00:00:00Z', ...(exchange.body as Omit<PlanDraft, 'id' | 'created_at' | 'updated_at'>) };
        stored.rules = stored.rules.map((rule, index) => ({ ...rule, id: 100 + index, restrictions: rule.restrictions ?? null }));
        return { status: 201, body: stored };
      },
      'PUT /api/v1/tariff-plan/drafts/7': (exchange) => {
        const body = exchange.body as PlanDraft;
        if (body.rules[1].unit_price === '0.4.9')
          return { status: 400, body: { type: 'urn:openmsp:problem:invalid_argument', title: 'Invalid argument', status: 400, detail: 'rules[1].unit_price: must be a number', errors: [{ field: 'rules[1].unit_price', reason: 'must be a number' }] } };
        stored = { ...stored!, ...body };
        return { status: 200, body: stored };
      },
      'POST /api/v1/tariff-plan/drafts/7/publish': { status: 201, body: { ...VERSION, id: 2, status: 'scheduled', valid_from: '2026-04-01T00:00:00Z', rules: RULES } },
    });
    renderPortal(server.fetchFunction, '/pricing?tab=plan');
    const versions = await screen.findByRole('table', { name: 'Plan versions' });
    expect(within(versions).getByText('in force')).toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(within(versions).getByRole('button', { name: 'Rules of version 1' }));
    const rules = await screen.findByRole('table', { name: 'Rules of version 1' });
    expect(within(rules).getByText('0.49 EUR')).toBeInTheDocument();
    expect(within(rules).getByText('22:00–07:00, SAT')).toBeInTheDocument();
    // Groups and codes by name; ANY where a rule names none.
    expect(within(within(rules).getAllByRole('row')[2]).getAllByRole('cell').slice(0, 3).map((cell) => cell.textContent)).toEqual(['DC fast charging', 'Fleet customers', 'ENERGY']);
    expect(within(within(rules).getAllByRole('row')[1]).getAllByRole('cell').slice(0, 2).map((cell) => cell.textContent)).toEqual(['ANY', 'ANY']);

    await user.click(within(versions).getByRole('button', { name: 'New draft from it (version 1)' }));
    const editor = await screen.findByRole('region', { name: 'Draft 7' });
    const sent = server.exchanges.find((exchange) => exchange.method === 'POST' && exchange.path === '/api/v1/tariff-plan/drafts')?.body as { rules: unknown[] };
    expect(sent.rules).toEqual([
      { location_group_id: null, business_partner_group_id: null, tariff_code_id: 1, unit_price: 0.39, priority: 10 },
      { location_group_id: 4, business_partner_group_id: 2, tariff_code_id: 1, unit_price: 0.49, priority: 10, restrictions: { time_of_day: { start: '22:00', end: '07:00' }, weekdays: ['SATURDAY'] } },
    ]);
    const second = within(editor).getByRole('group', { name: 'Rule 2' });
    await waitFor(() => expect(within(second).getByLabelText('Location group')).toHaveValue('4'));
    expect(within(second).getByLabelText('SATURDAY')).toBeChecked();
    const price = within(second).getByLabelText(/Unit price/);
    await user.clear(price);
    await user.type(price, '0.4.9');
    await user.click(within(editor).getByRole('button', { name: 'Save draft' }));
    expect(await within(second).findByText('must be a number')).toBeInTheDocument();
    expect(within(editor).getByRole('alert')).toHaveTextContent('rules[1].unit_price: must be a number');
    expect(within(within(editor).getByRole('group', { name: 'Rule 1' })).queryByText('must be a number')).not.toBeInTheDocument();

    await user.clear(price);
    await user.type(price, '0.45');
    await user.click(within(editor).getByRole('button', { name: 'Add rule' }));
    const third = within(editor).getByRole('group', { name: 'Rule 3' });
    await user.selectOptions(within(third).getByLabelText(/Tariff code/), '2');
    await user.type(within(third).getByLabelText(/Unit price/), '0.50');
    await user.click(within(editor).getByRole('button', { name: 'Save draft' }));
    expect(await within(editor).findByRole('status')).toHaveTextContent('Draft saved (3 rules).');
    const put = server.exchanges.filter((exchange) => exchange.method === 'PUT').at(-1)?.body as { rules: Record<string, unknown>[] };
    expect(put.rules[1].unit_price).toBe('0.45');  // sent as typed: a decimal string
    expect(put.rules[2]).toEqual({ location_group_id: null, business_partner_group_id: null, tariff_code_id: 2, unit_price: '0.50', priority: 10 });

    await user.click(within(editor).getByRole('button', { name: 'Publish' }));
    expect(await screen.findByText('Published as version 2, in force from 2026-04-01 00:00 UTC.')).toBeInTheDocument();
    expect(server.exchanges.find((exchange) => exchange.path === '/api/v1/tariff-plan/drafts/7/publish')?.body).toEqual({});
  });

  it('says there is no plan yet rather than failing', async () => {
    renderPortal(
      fakeServer({
        'GET /api/v1/me': { status: 200, body: meWith(['pricing.read']) },
        'GET /api/v1/tariff-plan': { status: 404, body: { type: 'urn:openmsp:problem:not_found', title: 'Not found', status: 404, detail: 'tariff_plan: none yet', errors: [{ field: 'tariff_plan', reason: 'none yet' }] } },
        'GET /api/v1/tariff-plan/drafts': { status: 200, body: { items: [] } },
      }).fetchFunction,
      '/pricing?tab=plan',
    );
    expect(await screen.findByText('No plan yet: publish a draft to make its first version.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'New empty draft' })).not.toBeInTheDocument();
  });
});

describe('PricingPage: the price calculator', () => {
  it('prices a customer at a connector and shows the lines, totals and explanation as given', async () => {
    const answer: PricePreview = {
      priced: true,
      complete: true,
      attention: null,
      attention_detail: '',
      priced_with: { kind: 'in_force', id: null },
      plan_version_id: 1,
      session_start: '2026-03-02T20:00:00Z',
      session_end: '2026-03-02T22:00:00Z',
      energy_kwh: 20,
      charging_minutes: 120,
      parking_minutes: 0,
      location_group_id: 5,
      business_partner_group_ids: [],
      currency: 'EUR',
      lines: [
        { kind: 'RULE', tariff_code_id: 1, rule_id: 6, description: 'ENERGY 21:00–22:00', unit: 'kWh', measured: 10, quantity: 10, unit_price: 0.35, amount: 3.5 },
        { kind: 'RULE', tariff_code_id: 1, rule_id: 7, description: 'ENERGY 22:00–23:00', unit: 'kWh', measured: 10, quantity: 10, unit_price: 0.27, amount: 2.7 },
        { kind: 'RULE', tariff_code_id: 2, rule_id: 9, description: 'SESSION_FEE', unit: 'session', measured: 1, quantity: 1, unit_price: 0.5, amount: 0.5 },
      ],
      total_excl_vat: '6.70',
      vat_percent: 21,
      vat_amount: '1.41',
      total_incl_vat: '8.11',
      not_included: [],
      assumptions: ['charging minutes derived at the connector’s full power'],
      explanation: 'Rule 6 then rule 7 at 22:00 local time.',
    };
    const server = fakeServer({
      'GET /api/v1/me': { status: 200, body: meWith(['pricing.read']) },
      'GET /api/v1/profiles': { status: 200, body: { items: [{ id: 5, organisation_unit_id: 4, name: 'Eva Bakker', kind: 'driver', email: '', prices_hidden: false, created_at: '2026-01-01T00:00:00Z' }], next: null } },
      'GET /api/v1/locations': { status: 200, body: { items: [location(3)], next: null } },
      'GET /api/v1/tariff-plan': { status: 200, body: { id: 1, name: 'Plan', created_at: '2026-01-01T00:00:00Z', versions: [VERSION] } },
      'GET /api/v1/tariff-plan/drafts': { status: 200, body: { items: [] } },
      'POST /api/v1/price-preview': { status: 200, body: answer },
    });
    renderPortal(server.fetchFunction, '/pricing?tab=calculator');
    const form = await screen.findByRole('region', { name: 'Price calculator' });
    const user = userEvent.setup();
    await waitFor(() => expect(within(form).getByRole('option', { name: 'Version 1 (in force)' })).toBeInTheDocument());
    await user.selectOptions(within(form).getByLabelText(/Customer/), '5');
    await user.selectOptions(within(form).getByLabelText(/Location/), '3');
    await user.selectOptions(within(form).getByLabelText(/EVSE/), 'EVSE-1');
    await user.selectOptions(within(form).getByLabelText(/Connector/), '1');
    await user.type(within(form).getByLabelText('Energy (kWh)'), '20');
    await user.selectOptions(within(form).getByLabelText('Price with'), 'version:1');
    await user.click(within(form).getByRole('button', { name: 'Calculate' }));
    expect(await screen.findByRole('heading', { name: '8.11 EUR incl. VAT' })).toBeInTheDocument();
    const lines = screen.getByRole('table', { name: 'Price lines' });
    expect(within(lines).getByText('2.7 EUR')).toBeInTheDocument();
    expect(within(lines).getByText('6.70 EUR')).toBeInTheDocument();
    expect(screen.getByText('Rule 6 then rule 7 at 22:00 local time.')).toBeInTheDocument();
    expect(server.exchanges.find((exchange) => exchange.path === '/api/v1/price-preview')?.body).toEqual({ profile_id: 5, location_id: 3, evse_uid: 'EVSE-1', connector_id: '1', energy_kwh: '20', version_id: 1 });
  });
});
