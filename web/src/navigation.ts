// The portal's pages and the permission each needs: navigation shows a user only what it may use (the
// server checks again on every request; hiding is a convenience, not the protection).
import type { Me } from './api/client';

export interface Page {
  path: string;
  label: string;
  /** The user sees the page when it holds any of these anywhere; none: every signed-in user. */
  anyOf: string[];
  /** What the page will show once its API exists (shown on the placeholder). */
  plans: string[];
}

export const PAGES: Page[] = [
  {
    path: '/',
    label: 'Overview',
    anyOf: [],
    plans: ['Sessions charging now, today’s energy and revenue', 'CDRs needing attention', 'Peers and their sync state'],
  },
  {
    path: '/locations',
    label: 'Locations',
    anyOf: ['locations.read'],
    plans: ['CPO locations, EVSEs and connectors with their status', 'Price previews for a token at an EVSE'],
  },
  {
    path: '/sessions',
    label: 'Sessions',
    anyOf: ['sessions.read'],
    plans: ['Live and past charging sessions with their running cost', 'Remote start and stop'],
  },
  {
    path: '/cdrs',
    label: 'Charge records',
    anyOf: ['cdrs.read'],
    plans: ['MSP CDRs with price lines, VAT, CPO cost and margin', 'CDRs needing attention and why'],
  },
  {
    path: '/tokens',
    label: 'Tokens',
    anyOf: ['tokens.read'],
    plans: ['RFID cards and app tokens, their status and profile', 'Issue, block and report lost'],
  },
  {
    path: '/organisation',
    label: 'Organisation',
    anyOf: ['organisation_units.read', 'profiles.read'],
    plans: ['The organisation unit tree with billing details', 'Profiles of drivers and vehicles'],
  },
  {
    path: '/users',
    label: 'Users',
    anyOf: ['users.read'],
    plans: ['Users and their role assignments', 'Invite, disable, assign roles, password resets'],
  },
  {
    path: '/pricing',
    label: 'Pricing',
    anyOf: ['pricing.read'],
    plans: ['Tariff codes, plans and their versions', 'Location and business partner groups', 'What-if re-rating'],
  },
  {
    path: '/invoices',
    label: 'Invoices',
    anyOf: ['invoices.read', 'billing_runs.manage'],
    plans: ['Invoices and credit notes', 'Invoice runs and CPO settlement'],
  },
  {
    path: '/peers',
    label: 'Roaming peers',
    anyOf: ['peers.read'],
    plans: ['Connected CPOs and hubs, their modules and last sync', 'Invite, suspend and resume peers'],
  },
  {
    path: '/audit-log',
    label: 'Audit log',
    anyOf: ['audit_log.read'],
    plans: ['Who changed what and when'],
  },
  {
    path: '/settings',
    label: 'Settings',
    anyOf: ['tenant_settings.manage'],
    plans: ['Branding (name, colours, logo)', 'VAT table, default currency, host names'],
  },
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
