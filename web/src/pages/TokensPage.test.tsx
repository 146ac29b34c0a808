import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeServer, meWith, problem } from '../test/fakeServer';
import { token } from '../test/fixtures';
import { renderPortal } from '../test/render';
import type { Me } from '../api/client';

const UNITS = { status: 200, body: { items: [{ id: 1, name: 'Demo MSP', parent_id: null }, { id: 2, name: 'Acme', parent_id: 1 }] } };
const PROFILES = { status: 200, body: { items: [{ id: 5, organisation_unit_id: 2, name: 'Eva Bakker', kind: 'driver', email: '', prices_hidden: false, created_at: '2026-01-01T00:00:00Z' }], next: null } };

function meAt(permissions: string[], unit: number): Me {
  const me = meWith(permissions);
  return { ...me, permissions: me.permissions.map((grant) => ({ ...grant, organisation_unit_ids: [unit] })) };
}

describe('TokensPage', () => {
  it('shows a viewer the tokens without any action', async () => {
    const server = fakeServer({
      'GET /api/v1/me': { status: 200, body: meWith(['tokens.read', 'organisation_units.read']) },
      'GET /api/v1/organisation-units': UNITS,
      'GET /api/v1/tokens': { status: 200, body: { items: [token(1), token(2, { status: 'blocked' })], next: null } },
    });
    renderPortal(server.fetchFunction, '/tokens');
    const table = await screen.findByRole('table', { name: 'Tokens' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(within(table).queryByRole('button')).not.toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Issue a token' })).not.toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Import tokens from CSV' })).not.toBeInTheDocument();
  });

  it('blocks and unblocks a token in place, and shows a refused change with its field', async () => {
    const server = fakeServer({
      'GET /api/v1/me': { status: 200, body: meAt(['tokens.read', 'tokens.block', 'tokens.manage', 'organisation_units.read'], 2) },
      'GET /api/v1/organisation-units': UNITS,
      'GET /api/v1/profiles': PROFILES,
      'GET /api/v1/tokens': { status: 200, body: { items: [token(1), token(2, { status: 'lost' })], next: null } },
      'POST /api/v1/tokens/1/block': { status: 200, body: token(1, { status: 'blocked' }) },
      'POST /api/v1/tokens/1/unblock': problem(422, 'status', 'a blocked token of a lost card cannot be unblocked'),
    });
    renderPortal(server.fetchFunction, '/tokens');
    const table = await screen.findByRole('table', { name: 'Tokens' });
    // A lost token is final: no action offered.
    expect(within(table).queryByRole('button', { name: /04DE0000000002/ })).not.toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(within(table).getByRole('button', { name: 'Block 04DE0000000001' }));
    expect(await within(table).findByText('blocked')).toBeInTheDocument();
    expect(server.exchanges.find((exchange) => exchange.path === '/api/v1/tokens/1/block')?.method).toBe('POST');
    await user.click(within(table).getByRole('button', { name: 'Unblock 04DE0000000001' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('status: a blocked token of a lost card cannot be unblocked');
    // tokens.manage below the root: no import (it needs the root).
    expect(screen.queryByRole('heading', { name: 'Import tokens from CSV' })).not.toBeInTheDocument();
  });

  it('issues a token, activates it and shows its generated EMA-ID; names the field the server refuses', async () => {
    let issued = 0;
    const server = fakeServer({
      'GET /api/v1/me': { status: 200, body: meAt(['tokens.read', 'tokens.manage', 'tokens.block', 'organisation_units.read'], 1) },
      'GET /api/v1/organisation-units': UNITS,
      'GET /api/v1/profiles': PROFILES,
      'GET /api/v1/tokens': () => ({ status: 200, body: { items: issued ? [token(9, { uid: '04AABBCCDD', contract_id: 'NL-DEM-C00000009-4' })] : [], next: null } }),
      'POST /api/v1/tokens': (exchange) => {
        const body = exchange.body as { uid: string };
        if (body.uid === 'bad') return problem(400, 'uid', 'is not an RFID UID (hex, 4, 7 or 10 bytes)');
        issued += 1;
        return { status: 201, body: token(9, { uid: '04AABBCCDD', contract_id: 'NL-DEM-C00000009-4', status: 'pending' }) };
      },
      'POST /api/v1/tokens/9/unblock': { status: 200, body: token(9, { uid: '04AABBCCDD', contract_id: 'NL-DEM-C00000009-4' }) },
    });
    renderPortal(server.fetchFunction, '/tokens');
    expect(await screen.findByText('No tokens match these filters.')).toBeInTheDocument();
    const user = userEvent.setup();
    const form = screen.getByRole('region', { name: 'Issue a token' });
    await waitFor(() => expect(within(form).getByRole('option', { name: 'Eva Bakker (5)' })).toBeInTheDocument());
    await user.selectOptions(within(form).getByLabelText(/Profile/), '5');
    await user.type(within(form).getByLabelText(/UID/), 'bad');
    await user.click(within(form).getByRole('button', { name: 'Issue token' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('uid: is not an RFID UID');
    expect(within(form).getByLabelText(/UID/)).toHaveAttribute('aria-invalid', 'true');

    await user.clear(within(form).getByLabelText(/UID/));
    await user.type(within(form).getByLabelText(/UID/), '04AABBCCDD');
    await user.type(within(form).getByLabelText('Cost centre'), '4100');
    await user.click(within(form).getByRole('button', { name: 'Issue token' }));
    expect(await within(form).findByRole('status')).toHaveTextContent('04AABBCCDD has the contract id NL-DEM-C00000009-4 and is active.');
    expect(server.exchanges.filter((exchange) => exchange.path === '/api/v1/tokens' && exchange.method === 'POST')[1].body).toEqual({
      profile_id: 5,
      uid: '04AABBCCDD',
      type: 'RFID',
      cost_centre: '4100',
    });
    expect(await screen.findByRole('table', { name: 'Tokens' })).toHaveTextContent('NL-DEM-C00000009-4');
  });

  it('imports tokens from CSV at the root and shows the report of every row', async () => {
    const server = fakeServer({
      'GET /api/v1/me': { status: 200, body: meAt(['tokens.read', 'tokens.manage', 'organisation_units.read'], 1) },
      'GET /api/v1/organisation-units': UNITS,
      'GET /api/v1/profiles': PROFILES,
      'GET /api/v1/tokens': { status: 200, body: { items: [], next: null } },
      'POST /api/v1/tokens/import': {
        status: 200,
        body: {
          created: 1,
          updated: 0,
          unchanged: 0,
          refused: 1,
          rows: [
            { row: 1, line: 2, uid: '04AA', outcome: 'created', token_id: 12, field: '', reason: '' },
            { row: 2, line: 3, uid: 'zz', outcome: 'refused', token_id: null, field: 'uid', reason: 'is not hexadecimal' },
          ],
        },
      },
    });
    renderPortal(server.fetchFunction, '/tokens');
    const section = await screen.findByRole('region', { name: 'Import tokens from CSV' });
    const user = userEvent.setup();
    await user.type(within(section).getByLabelText('CSV text'), 'uid,type,profile{enter}04AA,RFID,5{enter}zz,RFID,5');
    await user.click(within(section).getByRole('button', { name: 'Import' }));
    expect(await within(section).findByRole('status')).toHaveTextContent('1 created, 0 updated, 0 unchanged, 1 refused.');
    const report = within(section).getByRole('table', { name: 'Import report' });
    expect(within(report).getAllByRole('row')).toHaveLength(3);
    expect(within(report).getByText('is not hexadecimal')).toBeInTheDocument();
    const sent = server.exchanges.find((exchange) => exchange.path === '/api/v1/tokens/import');
    expect(sent?.headers['Content-Type']).toBe('text/csv');
    expect(sent?.body).toBe('uid,type,profile\n04AA,RFID,5\nzz,RFID,5');
  });
});
