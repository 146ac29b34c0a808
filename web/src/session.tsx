// Who is signed in and what the tenant looks like, for every component below `SessionProvider`.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiClient, type Branding, type Me } from './api/client';
import { DEFAULT_BRANDING, normaliseBranding } from './branding';

export interface Session {
  client: ApiClient;
  /** undefined while the first `GET /me` is on its way; null when nobody is signed in. */
  me: Me | null | undefined;
  branding: Branding;
  /** Reads the tenant's branding again (after Settings changed it), so every page shows the new one. */
  refreshBranding(): void;
  login(email: string, password: string): Promise<void>;
  logout(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

export function SessionProvider({
  client,
  children,
  onBranding,
}: {
  client: ApiClient;
  children: ReactNode;
  onBranding?: (branding: Branding) => void;
}) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [branding, setBranding] = useState<Branding>(DEFAULT_BRANDING);

  useEffect(() => {
    let current = true;
    client.me().then(
      (found) => current && setMe(found),
      () => current && setMe(null),
    );
    client.branding().then(
      (found) => current && found && setBranding(normaliseBranding(found)),
      () => undefined, // the defaults stay
    );
    return () => {
      current = false;
    };
  }, [client]);

  useEffect(() => {
    onBranding?.(branding);
    document.title = `${branding.display_name} Control Centre`;
  }, [branding, onBranding]);

  const refreshBranding = useCallback(() => {
    client.branding().then(
      (found) => found && setBranding(normaliseBranding(found)),
      () => undefined, // the branding shown stays
    );
  }, [client]);

  const login = useCallback(
    async (email: string, password: string) => {
      await client.login(email, password);
      setMe(await client.me());
    },
    [client],
  );
  const logout = useCallback(async () => {
    try {
      await client.logout();
    } finally {
      setMe(null);
    }
  }, [client]);

  const value = useMemo(
    () => ({ client, me, branding, refreshBranding, login, logout }),
    [client, me, branding, refreshBranding, login, logout],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/**
 * Whether the signed-in user holds `permission` anywhere (GET /me): pages show an action only to those
 * who may take it. The server checks again, at the object; this only hides what would be refused.
 */
export function useCan(): (permission: string) => boolean {
  const { me } = useSession();
  return useCallback((permission: string) => !!me && me.permissions.some((grant) => grant.permission === permission), [me]);
}

/** Whether `permission` is held at the unit `unitId` itself (e.g. at the root: a tenant-wide import). */
export function useHoldsAt(): (permission: string, unitId: number | null | undefined) => boolean {
  const { me } = useSession();
  return useCallback(
    (permission: string, unitId: number | null | undefined) =>
      !!me && unitId != null && me.permissions.some((grant) => grant.permission === permission && grant.organisation_unit_ids.includes(unitId)),
    [me],
  );
}
