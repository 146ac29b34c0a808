// A fake of the Control Centre API for component tests: answers by method and path from a table, and
// records every request, so tests can check what the portal sent.
import type { FetchFunction, Me } from '../api/client';

export interface Exchange {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

type Answer = { status: number; body?: unknown; contentType?: string };

export function fakeServer(routes: Record<string, Answer | (() => Answer)>) {
  const exchanges: Exchange[] = [];
  const fetchFunction: FetchFunction = async (input, init) => {
    const method = init?.method ?? 'GET';
    const headers = (init?.headers ?? {}) as Record<string, string>;
    exchanges.push({ method, path: input, headers, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    const route = routes[`${method} ${input}`];
    const answer: Answer = route === undefined ? { status: 404, body: 'not found\n', contentType: 'text/plain' } : typeof route === 'function' ? route() : route;
    const contentType = answer.contentType ?? (answer.status >= 400 ? 'application/problem+json' : 'application/json');
    const text = typeof answer.body === 'string' ? answer.body : answer.body === undefined ? '' : JSON.stringify(answer.body);
    return new Response(answer.status === 204 ? null : text, { status: answer.status, headers: { 'Content-Type': contentType } });
  };
  return { fetchFunction, exchanges };
}

/** A signed-in user holding `permissions` at the root unit. */
export function meWith(permissions: string[], name = 'Fleet Manager'): Me {
  return {
    user: { id: 7, email: 'fleet@demo-msp.example', display_name: name, status: 'active', profile_id: null, assignments: [{ id: 1, role: 'fleet_manager', organisation_unit_id: 1 }] },
    tenant: { id: 1, slug: 'demo', name: 'Demo MSP' },
    authenticated_by: 'session',
    permissions: permissions.map((permission) => ({ permission, reach: 'organisation_unit', organisation_unit_ids: [1] })),
  };
}
