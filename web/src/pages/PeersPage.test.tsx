import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, Peer } from '../api/types';
import { fakeServer, meWith, problem } from '../test/fakeServer';
import { renderPortal } from '../test/render';

function peer(changes: Partial<Peer> = {}): Peer {
  return {
    id: 1,
    name: 'Simulated CPO',
    status: 'connected',
    versions_url: 'http://cpo.example/ocpi/versions',
    version: '2.2.1',
    roles: [{ role: 'CPO', party: 'NL-CPO', business_name: 'Sim' }],
    endpoints: [],
    sync: [
      { module: 'locations', last_attempt_at: '2026-03-02T10:00:00Z', last_success_at: '2026-03-02T10:00:00Z', last_error_at: null, date_from: null, last_error: null },
      { module: 'cdrs', last_attempt_at: '2026-03-02T10:00:00Z', last_success_at: null, last_error_at: '2026-03-02T10:00:00Z', date_from: null, last_error: 'HTTP 500' },
    ],
    created_at: '2026-03-01T10:00:00Z',
    registered_at: '2026-03-01T10:05:00Z',
    ...changes,
  };
}

describe('PeersPage', () => {
  it('shows peers with each module sync state; a finance reader gets no actions', async () => {
    renderPortal(fakeServer({ 'GET /api/v1/me': { status: 200, body: meWith(['peers.read']) }, 'GET /api/v1/peers': { status: 200, body: { items: [peer()] } } }).fetchFunction, '/peers');
    const table = await screen.findByRole('table', { name: 'Peers' });
    expect(within(table).getByText('locations: ok 2026-03-02 10:00 UTC')).toBeInTheDocument();
    expect(within(table).getByText('cdrs: never — error 2026-03-02 10:00 UTC: HTTP 500')).toBeInTheDocument();
    expect(within(table).queryByRole('button')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Invite a peer' })).not.toBeInTheDocument();
  });

  it('syncs, suspends and resumes a peer, and invites one showing token A once', async () => {
    const server = fakeServer({
      'GET /api/v1/me': { status: 200, body: meWith(['peers.read', 'peers.manage']) },
      'GET /api/v1/peers': { status: 200, body: { items: [peer()] } },
      'POST /api/v1/peers/1/sync': { status: 202, body: { peer_id: 1, modules: ['tariffs', 'locations', 'sessions', 'cdrs'] } },
      'POST /api/v1/peers/1/suspend': { status: 200, body: peer({ status: 'suspended' }) },
      'POST /api/v1/peers/1/resume': problem(422, 'status', 'the peer is not suspended'),
      'POST /api/v1/peers': { status: 201, body: { peer: peer({ id: 2, name: 'Hub', status: 'pending' }), versions_url: 'http://msp.example/ocpi/versions', token_a: 'secret-token-a' } },
    });
    renderPortal(server.fetchFunction, '/peers');
    const table = await screen.findByRole('table', { name: 'Peers' });
    const user = userEvent.setup();
    await user.click(within(table).getByRole('button', { name: 'Sync now Simulated CPO' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Sync of Simulated CPO queued: tariffs, locations, sessions, cdrs.');
    await user.click(within(table).getByRole('button', { name: 'Suspend Simulated CPO' }));
    expect(await within(table).findByText('suspended')).toBeInTheDocument();
    await user.click(within(table).getByRole('button', { name: 'Resume Simulated CPO' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('status: the peer is not suspended');

    const invite = screen.getByRole('region', { name: 'Invite a peer' });
    await user.type(within(invite).getByLabelText(/Peer name/), 'Hub');
    await user.click(within(invite).getByRole('button', { name: 'Invite' }));
    expect(await within(invite).findByText('secret-token-a')).toBeInTheDocument();
    expect(within(invite).getByText('http://msp.example/ocpi/versions')).toBeInTheDocument();
  });
});

describe('AuditLogPage', () => {
  it('lists entries newest first with who, what and the change, paging with the cursor', async () => {
    const entry = (id: number, changes: Partial<AuditEntry> = {}): AuditEntry => ({
      id,
      recorded_at: '2026-03-02T10:00:00Z',
      actor: { kind: 'user', user_id: 1, peer_id: null, system: null },
      action: 'token.block',
      object_type: 'token',
      object_id: String(id),
      before: { status: 'active' },
      after: { status: 'blocked' },
      request_id: null,
      ...changes,
    });
    const server = fakeServer({
      'GET /api/v1/me': { status: 200, body: meWith(['audit_log.read']) },
      'GET /api/v1/audit-log': { status: 200, body: { items: [entry(3)], next: 'c3' } },
      'GET /api/v1/audit-log?after=c3': { status: 200, body: { items: [entry(2, { actor: { kind: 'system', user_id: null, peer_id: null, system: 'demo.seed' }, action: 'demo.seed', before: null, after: null })], next: null } },
    });
    renderPortal(server.fetchFunction, '/audit-log');
    const table = await screen.findByRole('table', { name: 'Audit log' });
    expect(within(table).getByText('token.block')).toBeInTheDocument();
    expect(within(table).getByText('user 1')).toBeInTheDocument();
    expect(within(table).getByText(/"blocked"/)).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Load more' }));
    expect(await within(table).findByText('demo.seed', { selector: 'td' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Download CSV' })).toHaveAttribute('href', '/api/v1/audit-log?format=csv');
  });
});
