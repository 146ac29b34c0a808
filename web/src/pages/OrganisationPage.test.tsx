import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { OrganisationUnit } from '../api/types';
import { fakeServer, meWith, problem } from '../test/fakeServer';
import { renderPortal } from '../test/render';

const PROFILE = { id: 5, organisation_unit_id: 3, name: 'Van NL-12-ABC', kind: 'vehicle', email: '', prices_hidden: true, created_at: '2026-01-01T00:00:00Z' };

function world() {
  const units: OrganisationUnit[] = [
    { id: 1, name: 'Demo MSP', parent_id: null },
    { id: 2, name: 'Acme Logistics B.V.', parent_id: 1 },
    { id: 3, name: 'Vans', parent_id: 2 },
    { id: 4, name: 'Private customers', parent_id: 1 },
  ];
  return fakeServer({
    'GET /api/v1/me': { status: 200, body: meWith(['organisation_units.read', 'organisation_units.manage', 'profiles.read', 'profiles.manage']) },
    'GET /api/v1/organisation-units': () => ({ status: 200, body: { items: units } }),
    'GET /api/v1/profiles': { status: 200, body: { items: [PROFILE], next: null } },
    'POST /api/v1/organisation-units': (exchange) => {
      const body = exchange.body as { parent_id: number; name: string };
      if (!body.name) return problem(400, 'name', 'must not be empty');
      const unit = { id: 10, name: body.name, parent_id: body.parent_id };
      units.push(unit);
      return { status: 201, body: unit };
    },
    'PATCH /api/v1/organisation-units/3': (exchange) => {
      units[2] = { ...units[2], name: (exchange.body as { name: string }).name };
      return { status: 200, body: units[2] };
    },
    'POST /api/v1/profiles': { status: 201, body: { ...PROFILE, id: 6, name: 'Van NL-99-XYZ' } },
  });
}

describe('OrganisationPage', () => {
  it('shows the unit tree in order with its depth, and the profiles with their unit', async () => {
    renderPortal(world().fetchFunction, '/organisation');
    const tree = await screen.findByRole('list', { name: 'Organisation unit tree' });
    await waitFor(() => expect(within(tree).getAllByRole('listitem')).toHaveLength(4));
    expect(within(tree).getAllByRole('listitem').map((item) => item.textContent?.replace(/Rename.*/, '').trim())).toEqual([
      'Demo MSP #1',
      'Acme Logistics B.V. #2',
      'Vans #3',
      'Private customers #4',
    ]);
    const profiles = await screen.findByRole('table', { name: 'Profiles' });
    expect(within(profiles).getByText('Van NL-12-ABC')).toBeInTheDocument();
    await waitFor(() => expect(within(profiles).getByText('Vans')).toBeInTheDocument());
    expect(within(profiles).getByText('hidden from the driver')).toBeInTheDocument();
  });

  it('creates a unit below the chosen parent and renames one, naming the field of a refusal', async () => {
    const server = world();
    renderPortal(server.fetchFunction, '/organisation');
    const user = userEvent.setup();
    const form = await screen.findByRole('region', { name: 'Create a unit' });
    await waitFor(() => expect(within(form).getByRole('option', { name: /Vans/ })).toBeInTheDocument());
    await user.selectOptions(within(form).getByLabelText(/Parent unit/), '3');
    await user.click(within(form).getByRole('button', { name: 'Create unit' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('name: must not be empty');
    await user.type(within(form).getByLabelText(/^Name/), 'Electric vans');
    await user.click(within(form).getByRole('button', { name: 'Create unit' }));
    expect(await within(form).findByRole('status')).toHaveTextContent('Created Electric vans (#10).');
    expect(server.exchanges.filter((exchange) => exchange.path === '/api/v1/organisation-units' && exchange.method === 'POST')[1].body).toEqual({ parent_id: 3, name: 'Electric vans' });
    const tree = screen.getByRole('list', { name: 'Organisation unit tree' });
    expect(await within(tree).findByRole('button', { name: 'Rename Electric vans' })).toBeInTheDocument();

    await user.click(within(tree).getByRole('button', { name: 'Rename Vans' }));
    const rename = within(tree).getByLabelText('New name of Vans');
    await user.clear(rename);
    await user.type(rename, 'Vans and trucks{enter}');
    expect(await within(tree).findByRole('button', { name: 'Rename Vans and trucks' })).toBeInTheDocument();
    expect(server.exchanges.find((exchange) => exchange.method === 'PATCH')?.body).toEqual({ name: 'Vans and trucks' });
  });

  it('creates a profile in a unit', async () => {
    const server = world();
    renderPortal(server.fetchFunction, '/organisation');
    const user = userEvent.setup();
    const form = await screen.findByRole('region', { name: 'Create a profile' });
    await waitFor(() => expect(within(form).getByRole('option', { name: /Vans/ })).toBeInTheDocument());
    await user.selectOptions(within(form).getByLabelText(/^Unit/), '3');
    await user.type(within(form).getByLabelText(/Profile name/), 'Van NL-99-XYZ');
    await user.selectOptions(within(form).getByLabelText('Kind'), 'vehicle');
    await user.click(within(form).getByLabelText('Hide prices from the driver'));
    await user.click(within(form).getByRole('button', { name: 'Create profile' }));
    expect(await within(form).findByRole('status')).toHaveTextContent('Created the profile Van NL-99-XYZ (#6).');
    expect(server.exchanges.find((exchange) => exchange.path === '/api/v1/profiles' && exchange.method === 'POST')?.body).toEqual({
      organisation_unit_id: 3,
      name: 'Van NL-99-XYZ',
      kind: 'vehicle',
      prices_hidden: true,
    });
  });

  it('shows a driver its profile without forms', async () => {
    renderPortal(
      fakeServer({
        'GET /api/v1/me': { status: 200, body: meWith(['profiles.read']) },
        'GET /api/v1/profiles': { status: 200, body: { items: [PROFILE], next: null } },
      }).fetchFunction,
      '/organisation',
    );
    expect(await screen.findByRole('table', { name: 'Profiles' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Create a profile' })).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Organisation units' })).not.toBeInTheDocument();
  });
});
