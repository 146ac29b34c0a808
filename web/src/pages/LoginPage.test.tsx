import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeServer, meWith } from '../test/fakeServer';
import { renderPortal } from '../test/render';

const unauthenticated = { status: 401, body: { type: 'urn:openmsp:problem:unauthenticated', title: 'Unauthenticated', status: 401, detail: 'sign in first', errors: [] } };

describe('LoginPage', () => {
  it('is shown to nobody signed in, with labelled fields', async () => {
    renderPortal(fakeServer({ 'GET /api/v1/me': unauthenticated }).fetchFunction, '/tokens');
    expect(await screen.findByRole('heading', { name: 'Sign in to the Control Centre' })).toBeInTheDocument();
    expect(screen.getByLabelText(/E-mail address/)).toHaveAttribute('type', 'email');
    expect(screen.getByLabelText(/Password/)).toHaveAttribute('type', 'password');
  });

  it('names the missing and malformed fields without asking the server', async () => {
    const server = fakeServer({ 'GET /api/v1/me': unauthenticated });
    renderPortal(server.fetchFunction, '/login');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Sign in' }));

    expect(screen.getByText('Enter your e-mail address')).toBeInTheDocument();
    expect(screen.getByText('Enter your password')).toBeInTheDocument();
    expect(screen.getByLabelText(/E-mail address/)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText(/E-mail address/)).toHaveFocus();

    await user.type(screen.getByLabelText(/E-mail address/), 'fleet');
    expect(screen.queryByText('Enter your e-mail address')).not.toBeInTheDocument(); // typing clears it
    await user.type(screen.getByLabelText(/Password/), 'secret');
    await user.keyboard('{Enter}');
    expect(screen.getByText('Enter an e-mail address such as name@example.com')).toBeInTheDocument();
    expect(screen.queryByText('Enter your password')).not.toBeInTheDocument();
    expect(server.exchanges.filter((exchange) => exchange.path === '/api/v1/auth/login')).toHaveLength(0);
  });

  it('shows the problem the server answers, on the field it names', async () => {
    const server = fakeServer({
      'GET /api/v1/me': unauthenticated,
      'POST /api/v1/auth/login': {
        status: 400,
        body: { type: 'urn:openmsp:problem:invalid_argument', title: 'Invalid argument', status: 400, detail: 'email: is longer than 254 bytes', errors: [{ field: 'email', reason: 'is longer than 254 bytes' }] },
      },
    });
    renderPortal(server.fetchFunction, '/login');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/E-mail address/), 'fleet@demo-msp.example');
    await user.type(screen.getByLabelText(/Password/), 'demo-charging-2026');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('email: is longer than 254 bytes');
    expect(screen.getByText('is longer than 254 bytes')).toBeInTheDocument();
    expect(screen.getByLabelText(/E-mail address/)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText(/Password/)).not.toHaveAttribute('aria-invalid', 'true');
    expect(server.exchanges.find((exchange) => exchange.path === '/api/v1/auth/login')?.body).toEqual({
      email: 'fleet@demo-msp.example',
      password: 'demo-charging-2026',
    });
  });

  it('shows a refusal without fields as an alert', async () => {
    const server = fakeServer({
      'GET /api/v1/me': unauthenticated,
      'POST /api/v1/auth/login': { status: 429, body: { type: 'urn:openmsp:problem:too_many_requests', title: 'Too many requests', status: 429, detail: 'too many failed logins; try again in 15 minutes', errors: [] } },
    });
    renderPortal(server.fetchFunction, '/login');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/E-mail address/), 'fleet@demo-msp.example');
    await user.type(screen.getByLabelText(/Password/), 'wrong');
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('too many failed logins; try again in 15 minutes');
  });

  it('signs in, opens the page asked for, and signs out with the CSRF token', async () => {
    let signedIn = false;
    const server = fakeServer({
      'GET /api/v1/me': () => (signedIn ? { status: 200, body: meWith(['tokens.read']) } : unauthenticated),
      'POST /api/v1/auth/login': () => {
        signedIn = true;
        return { status: 200, body: { user: meWith([]).user, csrf_token: 'csrf-42', expires_at: '2026-11-24T20:00:00Z' } };
      },
      'POST /api/v1/auth/logout': () => {
        signedIn = false;
        return { status: 204 };
      },
    });
    renderPortal(server.fetchFunction, '/tokens');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/E-mail address/), 'fleet@demo-msp.example');
    await user.type(screen.getByLabelText(/Password/), 'demo-charging-2026');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { name: 'Tokens', level: 1 })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /Sign out/ }));
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Sign in to the Control Centre' })).toBeInTheDocument());
    const logout = server.exchanges.find((exchange) => exchange.path === '/api/v1/auth/logout');
    expect(logout?.headers['X-CSRF-Token']).toBe('csrf-42');
    expect(window.sessionStorage.getItem('openmsp.csrf_token')).toBeNull();
  });
});
