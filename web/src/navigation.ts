// The portal's pages and the permission each needs: navigation shows a user only what it may use (the
// server checks again on every request; hiding is a convenience, not the protection).
import type { Me } from './api/client';

export interface Page {
  path: string;
  label: string;
  /** The user sees the page when it holds any of these anywhere; none: every signed-in user. */
  anyOf: string[];
}

export const PAGES: Page[] = [
  { path: '/', label: 'Overview', anyOf: [] },
  { path: '/locations', label: 'Locations', anyOf: ['locations.read'] },
  { path: '/sessions', label: 'Sessions', anyOf: ['sessions.read'] },
  { path: '/cdrs', label: 'Charge records', anyOf: ['cdrs.read'] },
  { path: '/tokens', label: 'Tokens', anyOf: ['tokens.read'] },
  { path: '/organisation', label: 'Organisation', anyOf: ['organisation_units.read', 'profiles.read'] },
  { path: '/users', label: 'Users', anyOf: ['users.read'] },
  { path: '/pricing', label: 'Pricing', anyOf: ['pricing.read'] },
  { path: '/invoices', label: 'Invoices', anyOf: ['invoices.read', 'billing_runs.manage'] },
  { path: '/peers', label: 'Roaming peers', anyOf: ['peers.read'] },
  { path: '/audit-log', label: 'Audit log', anyOf: ['audit_log.read'] },
  { path: '/settings', label: 'Settings', anyOf: ['tenant_settings.manage'] },
];

/** The names of the permissions `me` holds anywhere. */
export function heldPermissions(me: Me): Set<string> {
  return new Set(me.permissions.map((grant) => grant.permission));
}

export function mayOpen(page: Page, held: Set<string>): boolean {
  return page.anyOf.length === 0 || page.anyOf.some((permission) => held.has(permission));
}

/** The pages `me` may open, in navigation order. */
export function visiblePages(me: Me): Page[] {
  const held = heldPermissions(me);
  return PAGES.filter((page) => mayOpen(page, held));
}
