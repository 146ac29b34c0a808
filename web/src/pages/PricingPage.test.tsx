import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocationGroup } from '../api/types';
import { fakeServer, meWith, problem, type Exchange } from '../test/fakeServer';
import { renderPortal } from '../test/render';
import { previewDelay } from './pricing/LocationGroups';

const ENERGY = { id: 1, code: 'ENERGY', kind: 'ENERGY', unit: 'KWH', step_size: 0.001, free_units: 0, grace_period_minutes: 0, description: 'per kWh', created_at: '2026-01-01T00:00:00Z' };

const saved = previewDelay.ms;
beforeEach(() => {
  previewDelay.ms = 20;
});
afterEach(() => {
  previewDelay.ms = saved;
});

describe('PricingPage: tariff codes', () => {
  it('lists the codes and creates one, naming the field the server refuses', async () => {
    const server = fakeServer({
      'GET /api/v1/me': { status: 200, body: meWith(['pricing.read', 'pricing.manage']) },
      'GET /api/v1/tariff-codes': { status: 200, body: { items: [ENERGY] } },
      'POST /api/v1/tariff-codes': (exchange) =>
        (exchange.body as { kind: string }).kind === 'SESSION_FEE' && (exchange.body as { step_size: string }).step_size !== '1'
          ? problem(400, 'step_size', 'must be 1 for SESSION_FEE')
          : { status: 201, body: { ...ENERGY, id: 2, code: 'FEE', kind: 'SESSION_FEE', unit: 'SESSION', step_size: 1 } },
    });
    renderPortal(server.fetchFunction, '/pricing');
    const table = await screen.findByRole('table', { name: 'Tariff codes' });
    expect(within(table).getByText('0.001')).toBeInTheDocument();
    const form = screen.getByRole('region', { name: 'Create a tariff code' });
    const user = userEvent.setup();
    await user.type(within(form).getByLabelText(/^Code/), 'FEE');
    await user.selectOptions(within(form).getByLabelText('Kind'), 'SESSION_FEE');
    await user.selectOptions(within(form).getByLabelText('Unit'), 'SESSION');
    await user.clear(within(form).getByLabelText(/Step size/));
    await user.type(within(form).getByLabelText(/Step size/), '0.5');
    await user.click(within(form).getByRole('button', { name: 'Create code' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('step_size: must be 1 for SESSION_FEE');
    await user.clear(within(form).getByLabelText(/Step size/));
    await user.type(within(form).getByLabelText(/Step size/), '1');
    await user.click(within(form).getByRole('button', { name: 'Create code' }));
    expect(await within(form).findByRole('status')).toHaveTextContent('Created FEE.');
    expect(server.exchanges.filter((exchange) => exchange.method === 'POST')[1].body).toEqual({ code: 'FEE', kind: 'SESSION_FEE', unit: 'SESSION', step_size: '1', description: '' });
  });
});

describe('PricingPage: location groups', () => {
  const DC: LocationGroup = {
    id: 4,
    name: 'DC fast charging',
    priority: 10,
    is_default: false,
    criteria: { countries: [], parties: [], power_types: ['DC'], min_power_kw: null, max_power_kw: null, accessibilities: [], locations: [], evse_ids: [] },
  };
  const DEFAULT: LocationGroup = { ...DC, id: 1, name: 'Default', priority: 1000, is_default: true, criteria: { ...DC.criteria, power_types: [] } };

  it('previews the membership as the criteria are edited, shows errors on the criterion named, and saves', async () => {
    const previews: Exchange[] = [];
    const server = fakeServer({
      'GET /api/v1/me': { status: 200, body: meWith(['pricing.read', 'pricing.manage']) },
      'GET /api/v1/location-groups': { status: 200, body: { items: [DEFAULT, DC] } },
      'POST /api/v1/location-groups/4/preview': (exchange) => {
        previews.push(exchange);
        const countries = ((exchange.body as { criteria: { countries?: string[] } }).criteria.countries ?? []) as string[];
        if (countries.some((country) => country.length !== 3)) return problem(400, 'criteria.countries[1]', 'must be an ISO 3166-1 alpha-3 country code');
        return countries.length
          ? {
              status: 200,
              body: {
                joining_count: 0,
                leaving_count: 1,
                joining: [],
                leaving: [{ location: 7, cpo: 'BE-BEC', location_id: 'LOC-BRU', evse_uid: 'E1', evse_id: 'BE*BEC*E1', connector_id: '1', from: 4, to: 1 }],
              },
            }
          : { status: 200, body: { joining_count: 0, leaving_count: 0, joining: [], leaving: [] } };
      },
      'PUT /api/v1/location-groups/4': (exchange) => ({ status: 200, body: { ...DC, ...(exchange.body as object) } }),
    });
    renderPortal(server.fetchFunction, '/pricing?tab=groups');
    const table = await screen.findByRole('table', { name: 'Location groups' });
    expect(within(table).queryByRole('button', { name: /Default/ })).not.toBeInTheDocument(); // the Default group is not edited
    const user = userEvent.setup();
    await user.click(within(table).getByRole('button', { name: 'Edit DC fast charging' }));
    const editor = screen.getByRole('region', { name: 'Location group DC fast charging' });
    expect(within(editor).getByLabelText('DC')).toBeChecked();
    expect(await within(editor).findByText('0 connectors would join, 0 would leave')).toBeInTheDocument();

    await user.type(within(editor).getByLabelText('Countries'), 'NLD, NL');
    expect(await within(editor).findByText('[1]: must be an ISO 3166-1 alpha-3 country code')).toBeInTheDocument();
    expect(within(editor).getByLabelText('Countries')).toHaveAttribute('aria-invalid', 'true');
    await user.type(within(editor).getByLabelText('Countries'), 'D');
    expect(await within(editor).findByText('0 connectors would join, 1 would leave')).toBeInTheDocument();
    expect(within(editor).getByText('BE-BEC LOC-BRU / BE*BEC*E1 / 1: group 4 → group 1')).toBeInTheDocument();
    // Debounced: far fewer previews than keystrokes (17 typed), and the last one is what is shown.
    expect(previews.length).toBeLessThan(10);
    expect(previews.at(-1)?.body).toEqual({ name: 'DC fast charging', priority: 10, criteria: { countries: ['NLD', 'NLD'], power_types: ['DC'] } });

    await user.click(within(editor).getByRole('button', { name: 'Save group' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Location group DC fast charging' })).not.toBeInTheDocument());
    expect(server.exchanges.find((exchange) => exchange.method === 'PUT')?.body).toEqual({ name: 'DC fast charging', priority: 10, criteria: { countries: ['NLD', 'NLD'], power_types: ['DC'] } });
  });

  it('lets a pricing reader try criteria without storing anything', async () => {
    const server = fakeServer({
      'GET /api/v1/me': { status: 200, body: meWith(['pricing.read']) },
      'GET /api/v1/tariff-codes': { status: 200, body: { items: [] } },
      'GET /api/v1/location-groups': { status: 200, body: { items: [DEFAULT] } },
      'POST /api/v1/location-groups/preview': { status: 200, body: { joining_count: 3, leaving_count: 0, joining: [], leaving: [] } },
    });
    renderPortal(server.fetchFunction, '/pricing');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('tab', { name: 'Location groups' }));
    await user.click(await screen.findByRole('button', { name: 'Try criteria' }));
    await user.click(screen.getByLabelText('AC_3_PHASE'));
    expect(await screen.findByText('3 connectors would join, 0 would leave')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Create group|Save group/ })).not.toBeInTheDocument();
    await waitFor(() => expect(server.exchanges.filter((exchange) => exchange.method === 'POST').at(-1)?.body).toEqual({ name: '(new group)', priority: 10, criteria: { power_types: ['AC_3_PHASE'] } }));
    expect(screen.queryByRole('region', { name: 'Create a tariff code' })).not.toBeInTheDocument();
  });
});
