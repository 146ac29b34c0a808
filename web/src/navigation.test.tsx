import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { PAGES, visiblePages } from './navigation';
import { PAGE_ELEMENTS } from './pages/registry';
import { fakeServer, meWith } from './test/fakeServer';
import { renderPortal } from './test/render';

function navigationLabels() {
  const navigation = screen.getByRole('navigation', { name: 'Main navigation' });
  return within(navigation)
    .getAllByRole('link')
    .map((link) => link.textContent);
}

describe('navigation', () => {
  it('lists only the pages the permissions open', () => {
    expect(visiblePages(meWith([])).map((page) => page.path)).toEqual(['/']);
    expect(visiblePages(meWith(['cdrs.read', 'invoices.read', 'profiles.read'])).map((page) => page.path)).toEqual([
      '/',
      '/cdrs',
      '/organisation',
      '/invoices',
    ]);
    expect(visiblePages(meWith(PAGES.flatMap((page) => page.anyOf)))).toHaveLength(PAGES.length);
  });

  it('has a page for every navigation entry and no page without one', () => {
    expect(Object.keys(PAGE_ELEMENTS).sort()).toEqual(PAGES.map((page) => page.path).sort());
  });

  it('shows a driver its own things only', async () => {
    const driver = ['locations.read', 'profiles.read', 'tokens.read', 'tokens.block', 'sessions.read', 'sessions.control', 'cdrs.read', 'invoices.read'];
    renderPortal(fakeServer({ 'GET /api/v1/me': { status: 200, body: meWith(driver, 'Dana Driver') } }).fetchFunction);
    expect(await screen.findByRole('heading', { name: 'Overview', level: 1 })).toBeInTheDocument();
    expect(navigationLabels()).toEqual(['Overview', 'Locations', 'Sessions', 'Charge records', 'Tokens', 'Organisation', 'Invoices']);
    expect(screen.queryByRole('link', { name: 'Users' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Settings' })).not.toBeInTheDocument();
  });

  it('refuses a page the permissions do not open when its address is typed', async () => {
    renderPortal(fakeServer({ 'GET /api/v1/me': { status: 200, body: meWith(['cdrs.read']) } }).fetchFunction, '/settings');
    expect(await screen.findByRole('alert')).toHaveTextContent('Your roles do not include this page');
    expect(navigationLabels()).toEqual(['Overview', 'Charge records']);
  });
});
