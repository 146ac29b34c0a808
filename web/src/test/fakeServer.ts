// A fake of the Control Centre API for component tests: answers by method and path from a table, and
// records every request, so tests can check what the portal sent.
import type { FetchFunction, Me } from '../api/client';

export interface Exchange {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

export type Answer = { status: number; body?: unknown; contentType?: string };

export function fakeServer(routes: Record<string, Answer | ((exchange: Exchange) => Answer)>) {
  const exchanges: Exchange[] = [];
  const fetchFunction: FetchFunction = async (input, init) => {
    const method = init?.method ?? 'GET';
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const text = init?.body ? String(init.body) : undefined;
    const exchange = { method, path: input, headers, body: text && headers['Content-Type'] === 'application/json' ? JSON.parse(text) : text };
    exchanges.push(exchange);
    const route = routes[`${method} ${input}`];
    const answer: Answer = route === undefined ? { status: 404, body: 'not found\n', contentType: 'text/plain' } : typeof route === 'function' ? route(exchange) : route;
    const contentType = answer.contentType ?? (answer.status >= 400 ? 'application/problem+json' : 'application/json');
    const answerText = typeof answer.body === 'string' ? answer.body : answer.body === undefined ? '' : JSON.stringify(answer.body);
    return new Response(answer.status === 204 ? null : answerText, { status: answer.status, headers: { 'Content-Type': contentType } });
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

/** A problem+json answer naming `field` (docs/api.md "Errors"). */
export function problem(status: number, field: string, reason: string): Answer {
  const title = status === 404 ? 'Not found' : status === 422 ? 'Failed precondition' : 'Invalid argument';
  return { status, body: { type: 'urn:openmsp:problem:invalid_argument', title, status, detail: `${field}: ${reason}`, errors: [{ field, reason }] } };
}
