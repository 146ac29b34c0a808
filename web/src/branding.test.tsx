import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { normaliseBranding, shadesOf } from './branding';
import { fakeServer } from './test/fakeServer';
import { renderPortal } from './test/render';

const unauthenticated = { status: 401, body: { title: 'Unauthenticated', status: 401 } };

function mantineVariables(): string {
  return Array.from(document.querySelectorAll('style'))
    .map((style) => style.textContent ?? '')
    .join('\n');
}

describe('branding', () => {
  it('makes ten shades with the colour itself as shade 6', () => {
    // Shade 0 is 90 % white: 0 + (255 - 0) * 0.9 = 229.5, rounded 230 = e6; shade 9 is 45 % black:
    // 255 - 255 * 0.45 = 140.25, rounded 140 = 8c.
    expect(shadesOf('#000000')[0]).toBe('#e6e6e6');
    expect(shadesOf('#ffffff')[9]).toBe('#8c8c8c');
    expect(shadesOf('#123456')[6]).toBe('#123456');
    expect(shadesOf('#123456')).toHaveLength(10);
  });

  it('falls back to the defaults for missing or malformed values', () => {
    expect(normaliseBranding({ display_name: '  ', primary_colour: 'red', accent_colour: '#ABCDEF' })).toEqual({
      display_name: 'OpenMSP',
      primary_colour: '#0b6e4f',
      accent_colour: '#abcdef',
      support_email: undefined,
      logo_url: undefined,
    });
  });

  it("applies the tenant's name, colours and logo when the server names them", async () => {
    renderPortal(
      fakeServer({
        'GET /api/v1/me': unauthenticated,
        'GET /api/v1/branding': {
          status: 200,
          body: { display_name: 'Volt Fleet', primary_colour: '#123456', accent_colour: '#fedcba', support_email: 'help@volt.example', logo_url: '/api/v1/branding/logo' },
        },
      }).fetchFunction,
      '/login',
    );
    expect(await screen.findByRole('img', { name: 'Volt Fleet logo' })).toHaveAttribute('src', '/api/v1/branding/logo');
    expect(screen.getByText('Volt Fleet')).toBeInTheDocument();
    expect(screen.getByText('Trouble signing in? Write to help@volt.example.')).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe('Volt Fleet Control Centre'));
    await waitFor(() => expect(mantineVariables()).toContain('--mantine-color-brand-6: #123456'));
    expect(mantineVariables()).toContain('--mantine-color-accent-6: #fedcba');
    expect(mantineVariables()).toContain('--mantine-primary-color-filled: var(--mantine-color-brand-filled)');
  });

  it("shows OpenMSP's own look while the server has no branding to give", async () => {
    renderPortal(fakeServer({ 'GET /api/v1/me': unauthenticated }).fetchFunction, '/login');
    expect(await screen.findByText('OpenMSP')).toBeInTheDocument();
    await waitFor(() => expect(mantineVariables()).toContain('--mantine-color-brand-6: #0b6e4f'));
    expect(document.title).toBe('OpenMSP Control Centre');
  });
});
