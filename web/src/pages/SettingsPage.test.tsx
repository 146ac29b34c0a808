import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeServer, meWith, problem, type Exchange } from '../test/fakeServer';
import { renderPortal } from '../test/render';
import { hostNamesOf } from './SettingsPage';

const TENANT = { id: 1, slug: 'demo', name: 'Demo MSP', default_currency: 'EUR', parties: ['NL*DMO'], host_names: ['demo.localhost'], created_at: '2026-01-01T00:00:00Z', legal_name: null, address: null, vat_number: null };
const BRANDING = { display_name: 'Demo MSP', primary_colour: '#0b6e4f', accent_colour: '#f5a623', support_email: null, logo: null, is_default: true };
const RATING = { max_energy_kwh: '1000', max_session_duration_hours: 168, cost_audit_tolerance: '0.05' };
const NLD = { country: 'NLD', valid_from: '2024-01-01', percent: '21' };

// The API answers every settings GET; a PUT of the VAT table is refused once for its second row's percent.
function settingsServer() {
  let vatPuts = 0;
  return fakeServer({
    'GET /api/v1/me': { status: 200, body: meWith(['tenant_settings.manage', 'pricing.read']) },
    'GET /api/v1/tenant': { status: 200, body: TENANT },
    'PATCH /api/v1/tenant': (exchange: Exchange) => ({ status: 200, body: { ...TENANT, ...(exchange.body as object) } }),
    'GET /api/v1/tenant/branding': { status: 200, body: BRANDING },
    'GET /api/v1/tenant/vat-rates': { status: 200, body: { items: [NLD] } },
    'PUT /api/v1/tenant/vat-rates': (exchange: Exchange) =>
      ++vatPuts === 1 ? problem(400, 'items[1].percent', 'must be at least 0 and below 100') : { status: 200, body: exchange.body },
    'GET /api/v1/tenant/exchange-rates': { status: 200, body: { items: [] } },
    'GET /api/v1/tenant/rating-settings': { status: 200, body: RATING },
  });
}

describe('SettingsPage', () => {
  it('splits host names typed one per line, by commas or blanks', () => {
    expect(hostNamesOf('portal.acme.example\n  charge.acme.example, x.example ')).toEqual(['portal.acme.example', 'charge.acme.example', 'x.example']);
    expect(hostNamesOf('  \n')).toEqual([]);
  });

  it('shows what the tenant has and saves the VAT table whole, naming the row the server refuses', async () => {
    const server = settingsServer();
    renderPortal(server.fetchFunction, '/settings');
    const vat = await screen.findByRole('region', { name: 'VAT rates' });
    expect(await within(vat).findByDisplayValue('NLD')).toBeInTheDocument();
    expect(within(vat).getByLabelText('Percent, row 1')).toHaveValue('21');
    expect(screen.getByLabelText(/^Host names/)).toHaveValue('demo.localhost');
    expect(screen.getByLabelText(/^Most energy of a CDR/)).toHaveValue('1000');

    const user = userEvent.setup();
    await user.click(within(vat).getByRole('button', { name: 'Add a row' }));
    await user.type(within(vat).getByLabelText('Country, row 2'), 'DEU');
    await user.type(within(vat).getByLabelText('Valid from, row 2'), '2025-07-01');
    await user.type(within(vat).getByLabelText('Percent, row 2'), '190');
    await user.click(within(vat).getByRole('button', { name: 'Save vat rates' }));
    expect(await within(vat).findByText('must be at least 0 and below 100')).toBeInTheDocument();
    expect(within(vat).getByLabelText('Percent, row 2')).toHaveAttribute('aria-invalid', 'true');

    await user.clear(within(vat).getByLabelText('Percent, row 2'));
    await user.type(within(vat).getByLabelText('Percent, row 2'), '19.0');
    await user.click(within(vat).getByRole('button', { name: 'Save vat rates' }));
    expect(await within(vat).findByRole('status')).toHaveTextContent('Saved 2 rows.');
    const puts = server.exchanges.filter((exchange) => exchange.method === 'PUT');
    // Decimals go as the text typed, scale and all.
    expect(puts[1].body).toEqual({ items: [NLD, { country: 'DEU', valid_from: '2025-07-01', percent: '19.0' }] });
  });

  it('changes the tenant with its host names as a list', async () => {
    const server = settingsServer();
    renderPortal(server.fetchFunction, '/settings');
    const tenant = await screen.findByRole('region', { name: 'The tenant' });
    const user = userEvent.setup();
    const hosts = await within(tenant).findByLabelText(/^Host names/);
    await user.clear(hosts);
    await user.type(hosts, 'demo.localhost{enter}portal.demo.example');
    await user.click(within(tenant).getByRole('button', { name: 'Save the tenant' }));
    expect(await within(tenant).findByRole('status')).toHaveTextContent('Saved.');
    expect(server.exchanges.find((exchange) => exchange.method === 'PATCH')?.body).toEqual({
      name: 'Demo MSP',
      default_currency: 'EUR',
      host_names: ['demo.localhost', 'portal.demo.example'],
      legal_name: '',
      address: '',
      vat_number: '',
    });
  });

  it("saves the issuer's legal details and shows the field the server refuses on its input", async () => {
    let patches = 0;
    const server = fakeServer({
      'GET /api/v1/me': { status: 200, body: meWith(['tenant_settings.manage', 'pricing.read']) },
      'GET /api/v1/tenant': { status: 200, body: { ...TENANT, legal_name: 'Demo MSP B.V.', address: 'Dam 1\n1012 JS Amsterdam', vat_number: null } },
      'PATCH /api/v1/tenant': (exchange: Exchange) =>
        ++patches === 1 ? problem(400, 'vat_number', 'must be printable ASCII, as registered (NL001234567B01)') : { status: 200, body: { ...TENANT, ...(exchange.body as object) } },
      'GET /api/v1/tenant/branding': { status: 200, body: BRANDING },
      'GET /api/v1/tenant/vat-rates': { status: 200, body: { items: [] } },
      'GET /api/v1/tenant/exchange-rates': { status: 200, body: { items: [] } },
      'GET /api/v1/tenant/rating-settings': { status: 200, body: RATING },
    });
    renderPortal(server.fetchFunction, '/settings');
    const tenant = await screen.findByRole('region', { name: 'The tenant' });
    expect(await within(tenant).findByDisplayValue('Demo MSP B.V.')).toBeInTheDocument();
    expect(within(tenant).getByLabelText(/^Address/)).toHaveValue('Dam 1\n1012 JS Amsterdam');
    const user = userEvent.setup();
    const vat = within(tenant).getByLabelText(/^VAT number/);
    await user.type(vat, 'NL€1');
    await user.click(within(tenant).getByRole('button', { name: 'Save the tenant' }));
    expect(await within(tenant).findByText('must be printable ASCII, as registered (NL001234567B01)')).toBeInTheDocument();
    expect(vat).toHaveAttribute('aria-invalid', 'true');

    await user.clear(vat);
    await user.type(vat, ' NL001234567B01 ');
    await user.type(within(tenant).getByLabelText(/^Address/), '{enter}Netherlands');
    await user.click(within(tenant).getByRole('button', { name: 'Save the tenant' }));
    expect(await within(tenant).findByRole('status')).toHaveTextContent('Saved.');
    const patched = server.exchanges.filter((exchange) => exchange.method === 'PATCH');
    expect(patched[1].body).toEqual({
      name: 'Demo MSP',
      default_currency: 'EUR',
      host_names: ['demo.localhost'],
      legal_name: 'Demo MSP B.V.',
      address: 'Dam 1\n1012 JS Amsterdam\nNetherlands',
      vat_number: 'NL001234567B01',
    });
  });
});
