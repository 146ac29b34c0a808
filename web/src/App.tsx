import { MantineProvider } from '@mantine/core';
import { useMemo, useState } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import type { ApiClient, Branding } from './api/client';
import { DEFAULT_BRANDING, themeFromBranding } from './branding';
import { Layout } from './components/Layout';
import { PAGES } from './navigation';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage, PageGuard } from './pages/PageGuard';
import { PAGE_ELEMENTS, DETAIL_ROUTES } from './pages/registry';
import { SessionProvider, useSession } from './session';
import { Loading } from './components/Loading';

/** The whole portal below a router (BrowserRouter in main.tsx, MemoryRouter in tests). */
export function App({ client }: { client: ApiClient }) {
  const [branding, setBranding] = useState<Branding>(DEFAULT_BRANDING);
  const theme = useMemo(() => themeFromBranding(branding), [branding]);
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <SessionProvider client={client} onBranding={setBranding}>
        <AppRoutes />
      </SessionProvider>
    </MantineProvider>
  );
}

function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginRoute />} />
      <Route element={<SignedIn />}>
        {PAGES.map((page) => (
          <Route
            key={page.path}
            path={page.path}
            element={<PageGuard page={page}>{PAGE_ELEMENTS[page.path] ?? <NotFoundPage />}</PageGuard>}
          />
        ))}
        {DETAIL_ROUTES.map((detail) => {
          const page = PAGES.find((candidate) => candidate.path === detail.under)!;
          return <Route key={detail.path} path={detail.path} element={<PageGuard page={page}>{detail.element}</PageGuard>} />;
        })}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

function LoginRoute() {
  const { me } = useSession();
  const location = useLocation();
  if (me === undefined) return <Loading />;
  if (me) return <Navigate to={(location.state as { from?: string } | null)?.from ?? '/'} replace />;
  return <LoginPage />;
}

function SignedIn() {
  const { me } = useSession();
  const location = useLocation();
  if (me === undefined) return <Loading />;
  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <Layout me={me} />;
}
