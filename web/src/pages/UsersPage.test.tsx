import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { User } from '../api/client';
import { fakeServer, meWith, problem } from '../test/fakeServer';
import { renderPortal } from '../test/render';

const UNITS = { status: 200, body: { items: [{ id: 1, name: 'Demo MSP', parent_id: null }, { id: 2, name: 'Acme', parent_id: 1 }] } };

function sanne(assignments: User['assignments'] = [{ id: 3, role: 'viewer', organisation_unit_id: 2 }]): User {
  return { id: 9, email: 'sanne@acme.example', display_name: 'Sanne de Vries', status: 'active', profile_id: null, assignments };
}

describe('UsersPage', () => {
  it('lists users with their roles at named units; a reader gets no actions', async () => {
    renderPortal(
      fakeServer({
        'GET /api/v1/me': { status: 200, body: meWith(['users.read', 'organisation_units.read']) },
        'GET /api/v1/organisation-units': UNITS,
        'GET /api/v1/users': { status: 200, body: { items: [sanne()], next: null } },
      }).fetchFunction,
      '/users',
    );
    const table = await screen.findByRole('table', { name: 'Users' });
    await waitFor(() => expect(within(table).getByText('viewer @ Acme')).toBeInTheDocument());
    expect(within(table).queryByRole('button')).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Create a user' })).not.toBeInTheDocument();
  });

  it('gives and takes a role, and disables a user', async () => {
    let current = sanne();
    const server = fakeServer({
      'GET /api/v1/me': { status: 200, body: meWith(['users.read', 'users.manage', 'organisation_units.read']) },
      'GET /api/v1/organisation-units': UNITS,
      'GET /api/v1/users': { status: 200, body: { items: [current], next: null } },
      'GET /api/v1/users/9': () => ({ status: 200, body: current }),
      'POST /api/v1/users/9/roles': (exchange) => {
        const body = exchange.body as { role: string; organisation_unit_id: number };
        if (body.role === 'tenant_admin') return { status: 403, body: { type: 'urn:openmsp:problem:permission_denied', title: 'Permission denied', status: 403, detail: 'role: you may not give tenant_admin', errors: [{ field: 'role', reason: 'you may not give tenant_admin' }] } };
        current = sanne([...current.assignments, { id: 4, role: body.role, organisation_unit_id: body.organisation_unit_id }]);
        return { status: 201, body: { id: 4, ...body } };
      },
      'DELETE /api/v1/users/9/roles/viewer/2': () => {
        current = sanne(current.assignments.filter((assignment) => assignment.role !== 'viewer'));
        return { status: 204 };
      },
      'POST /api/v1/users/9/disable': () => ({ status: 200, body: { ...current, status: 'disabled' } }),
    });
    renderPortal(server.fetchFunction, '/users');
    const table = await screen.findByRole('table', { name: 'Users' });
    const user = userEvent.setup();
    await user.click(within(table).getByRole('button', { name: 'Give a role to Sanne de Vries' }));
    const form = within(table).getByRole('form', { name: 'Give Sanne de Vries a role' });
    await user.selectOptions(within(form).getByLabelText('Role'), 'tenant_admin');
    await user.selectOptions(within(form).getByLabelText('At unit'), '1');
    await user.click(within(form).getByRole('button', { name: 'Give role' }));
    expect(await within(table).findByRole('alert')).toHaveTextContent('role: you may not give tenant_admin');

    await user.selectOptions(within(form).getByLabelText('Role'), 'fleet_manager');
    await user.selectOptions(within(form).getByLabelText('At unit'), '2');
    await user.click(within(form).getByRole('button', { name: 'Give role' }));
    expect(await within(table).findByText('fleet_manager @ Acme')).toBeInTheDocument();

    await user.click(within(table).getByRole('button', { name: 'Take viewer at Acme from Sanne de Vries' }));
    await waitFor(() => expect(within(table).queryByText('viewer @ Acme')).not.toBeInTheDocument());
    await user.click(within(table).getByRole('button', { name: 'Disable Sanne de Vries' }));
    expect(await within(table).findByText('disabled')).toBeInTheDocument();
  });

  it('creates a user with a first role and names the fields the server refuses', async () => {
    const server = fakeServer({
      'GET /api/v1/me': { status: 200, body: meWith(['users.read', 'users.manage', 'organisation_units.read']) },
      'GET /api/v1/organisation-units': UNITS,
      'GET /api/v1/users': { status: 200, body: { items: [], next: null } },
      'POST /api/v1/users': (exchange) =>
        (exchange.body as { password: string }).password.length < 12 ? problem(400, 'password', 'must be at least 12 characters long') : { status: 201, body: sanne() },
    });
    renderPortal(server.fetchFunction, '/users');
    const form = await screen.findByRole('region', { name: 'Create a user' });
    const user = userEvent.setup();
    await waitFor(() => expect(within(form).getByRole('option', { name: /Acme/ })).toBeInTheDocument());
    await user.type(within(form).getByLabelText(/E-mail address/), 'sanne@acme.example');
    await user.type(within(form).getByLabelText(/Display name/), 'Sanne de Vries');
    await user.type(within(form).getByLabelText(/First password/), 'short');
    await user.selectOptions(within(form).getByLabelText('Role'), 'viewer');
    await user.selectOptions(within(form).getByLabelText(/At unit/), '2');
    await user.click(within(form).getByRole('button', { name: 'Create user' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('password: must be at least 12 characters long');
    expect(within(form).getByText('must be at least 12 characters long')).toBeInTheDocument(); // on the field too
    await user.type(within(form).getByLabelText(/First password/), '-and-longer');
    await user.click(within(form).getByRole('button', { name: 'Create user' }));
    expect(await within(form).findByRole('status')).toHaveTextContent('Created Sanne de Vries (sanne@acme.example).');
    expect(server.exchanges.filter((exchange) => exchange.path === '/api/v1/users' && exchange.method === 'POST')[1].body).toEqual({
      email: 'sanne@acme.example',
      display_name: 'Sanne de Vries',
      password: 'short-and-longer',
      role: 'viewer',
      organisation_unit_id: 2,
    });
  });
});
