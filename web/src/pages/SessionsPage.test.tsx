import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandPolling } from '../components/CommandStatus';
import { fakeServer, meWith, problem } from '../test/fakeServer';
import { chargingSession, command, location, token } from '../test/fixtures';
import { renderPortal } from '../test/render';

const saved = { ...commandPolling };
beforeEach(() => {
  commandPolling.intervalMs = 5;
});
afterEach(() => Object.assign(commandPolling, saved));

describe('SessionsPage', () => {
  it('lists live sessions; a reader gets no stop and no start', async () => {
    renderPortal(
      fakeServer({
        'GET /api/v1/me': { status: 200, body: meWith(['sessions.read']) },
        'GET /api/v1/sessions': { status: 200, body: { items: [chargingSession(1)], next: null } },
      }).fetchFunction,
      '/sessions',
    );
    const table = await screen.findByRole('table', { name: 'Live sessions' });
    expect(within(table).getByText('7.5 kWh')).toBeInTheDocument();
    expect(within(table).getByText('3.17 EUR')).toBeInTheDocument();
    expect(within(table).queryByRole('button')).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Start a session remotely' })).not.toBeInTheDocument();
  });

  it('starts a session at a chosen connector and follows the command until the charger answers', async () => {
    let polls = 0;
    const server = fakeServer({
      'GET /api/v1/me': { status: 200, body: meWith(['sessions.read', 'sessions.control']) },
      'GET /api/v1/sessions': { status: 200, body: { items: [], next: null } },
      'GET /api/v1/tokens?status=active': { status: 200, body: { items: [token(5)], next: null } },
      'GET /api/v1/locations': { status: 200, body: { items: [location(3)], next: null } },
      'POST /api/v1/sessions/start': (exchange) =>
        (exchange.body as { location_id: number | null }).location_id === null ? problem(400, 'location_id', 'is required') : { status: 202, body: command(11) },
      'GET /api/v1/commands/11': () => {
        polls += 1;
        return { status: 200, body: command(11, { state: polls === 1 ? 'accepted' : 'succeeded', result_message: polls === 1 ? '' : 'charging started' }) };
      },
    });
    renderPortal(server.fetchFunction, '/sessions');
    const form = await screen.findByRole('region', { name: 'Start a session remotely' });
    const user = userEvent.setup();
    await waitFor(() => expect(within(form).getByRole('option', { name: /Charging hub 3/ })).toBeInTheDocument());
    await user.selectOptions(within(form).getByLabelText(/Token/), '5');
    await user.click(within(form).getByRole('button', { name: 'Start session' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('location_id: is required');

    await user.selectOptions(within(form).getByLabelText(/Location/), '3');
    await user.selectOptions(within(form).getByLabelText('EVSE'), 'EVSE-2');
    await user.selectOptions(within(form).getByLabelText('Connector'), '1');
    await user.click(within(form).getByRole('button', { name: 'Start session' }));
    await waitFor(() => expect(screen.getByText(/Remote start \(command 11\): done/)).toBeInTheDocument());
    expect(screen.getByText(/charging started/)).toBeInTheDocument();
    expect(polls).toBe(2);
    expect(server.exchanges.filter((exchange) => exchange.path === '/api/v1/sessions/start')[1].body).toEqual({ token_id: 5, location_id: 3, evse_uid: 'EVSE-2', connector_id: '1' });
  });

  it('stops a session and shows a CPO refusal', async () => {
    const server = fakeServer({
      'GET /api/v1/me': { status: 200, body: meWith(['sessions.read', 'sessions.control']) },
      'GET /api/v1/sessions': { status: 200, body: { items: [chargingSession(1)], next: null } },
      'GET /api/v1/tokens?status=active': { status: 200, body: { items: [], next: null } },
      'GET /api/v1/locations': { status: 200, body: { items: [], next: null } },
      'POST /api/v1/sessions/1/stop': { status: 202, body: command(12, { type: 'STOP_SESSION' }) },
      'GET /api/v1/commands/12': { status: 200, body: command(12, { type: 'STOP_SESSION', state: 'rejected', response_message: 'session already ended' }) },
    });
    renderPortal(server.fetchFunction, '/sessions');
    const table = await screen.findByRole('table', { name: 'Live sessions' });
    await userEvent.setup().click(within(table).getByRole('button', { name: 'Stop the session of 04DE0000000005' }));
    await waitFor(() => expect(screen.getByText(/Remote stop \(command 12\): rejected by the CPO/)).toBeInTheDocument());
    expect(screen.getByText(/session already ended/)).toBeInTheDocument();
  });
});
