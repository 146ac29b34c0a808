// Which page component answers each navigation entry (navigation.ts), and the detail pages below them.
// Every entry has one (navigation.test.tsx checks).
import type { ReactNode } from 'react';
import { CdrDetailPage, CdrsPage } from './CdrsPage';
import { TokensPage } from './TokensPage';
import { OrganisationPage } from './OrganisationPage';
import { UsersPage } from './UsersPage';
import { SessionsPage } from './SessionsPage';
import { PeersPage } from './PeersPage';
import { AuditLogPage } from './AuditLogPage';
import { LocationsPage } from './LocationsPage';
import { PricingPage } from './PricingPage';
import { OverviewPage } from './OverviewPage';
import { SettingsPage } from './SettingsPage';
import { InvoiceDetailPage, InvoicesPage } from './InvoicesPage';

export const PAGE_ELEMENTS: Record<string, ReactNode> = {
  '/': <OverviewPage />,
  '/cdrs': <CdrsPage />,
  '/tokens': <TokensPage />,
  '/organisation': <OrganisationPage />,
  '/users': <UsersPage />,
  '/sessions': <SessionsPage />,
  '/peers': <PeersPage />,
  '/audit-log': <AuditLogPage />,
  '/locations': <LocationsPage />,
  '/pricing': <PricingPage />,
  '/settings': <SettingsPage />,
  '/invoices': <InvoicesPage />,
};

/** Detail routes, each guarded by the permissions of the navigation entry it is `under`. */
export const DETAIL_ROUTES: { path: string; under: string; element: ReactNode }[] = [
  { path: '/cdrs/:mspCdrId', under: '/cdrs', element: <CdrDetailPage /> },
  { path: '/invoices/:invoiceId', under: '/invoices', element: <InvoiceDetailPage /> },
];
