import type { MonthlyStatistics } from './types';

// The one module that talks to the Control Centre API (`/api/v1`, docs/api.md). Every request of the
// portal goes through `ApiClient`, so a change of the API's shape is adjusted here and nowhere else.

/** One field the server blames, from a problem+json answer's `errors`. */
export interface FieldError {
  field: string;
  reason: string;
}

/** An answer other than 2xx, read from its `application/problem+json` body (RFC 9457) when it has one. */
export class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly errors: FieldError[];

  constructor(status: number, problem: Partial<{ type: string; title: string; detail: string; errors: FieldError[] }>) {
    const title = problem.title || `Request failed (HTTP ${status})`;
    super(problem.detail || title);
    this.name = 'ApiError';
    this.status = status;
    this.type = problem.type ?? 'about:blank';
    this.title = title;
    this.detail = problem.detail ?? '';
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
  }

  /** The reason the server gave for `field`, if it named it. */
  reasonFor(field: string): string | undefined {
    return this.errors.find((error) => error.field === field)?.reason;
  }
}

/** Where a permission is held (`GET /me`). */
export interface PermissionGrant {
  /** The stable name, e.g. `tokens.read` (domain/permissions.h). */
  permission: string;
  reach: 'tenant' | 'every_scope' | 'organisation_unit';
  organisation_unit_ids: number[];
}

export interface RoleAssignment {
  id: number;
  role: string;
  organisation_unit_id: number;
}

export interface User {
  id: number;
  email: string;
  display_name: string;
  status: string;
  profile_id: number | null;
  assignments: RoleAssignment[];
}

/** Who is signed in: `GET /api/v1/me`. */
export interface Me {
  user: User;
  tenant: { id: number; slug: string; name: string };
  authenticated_by: string;
  permissions: PermissionGrant[];
}

/** The tenant's look (domain::Branding); colours are `#rrggbb`. */
export interface Branding {
  display_name: string;
  primary_colour: string;
  accent_colour: string;
  support_email?: string;
  /** A URL the browser can load the logo from; absent when the tenant has none. */
  logo_url?: string;
}

export type FetchFunction = (input: string, init?: RequestInit) => Promise<Response>;

const CSRF_STORAGE_KEY = 'openmsp.csrf_token';

export class ApiClient {
  private csrfToken: string | null;

  constructor(
    private readonly fetchFunction: FetchFunction = (input, init) => fetch(input, init),
    private readonly base = '/api/v1',
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null = safeSessionStorage(),
  ) {
    // The CSRF token is given once, at login; the tab keeps it across reloads (the cookie is HttpOnly).
    this.csrfToken = this.storage?.getItem(CSRF_STORAGE_KEY) ?? null;
  }

  /** Signs in; the server picks the tenant by the page's host name and sets the session cookie. */
  async login(email: string, password: string): Promise<void> {
    const answer = await this.request<{ csrf_token: string }>('POST', '/auth/login', { email, password });
    this.rememberCsrfToken(answer.csrf_token);
  }

  async logout(): Promise<void> {
    try {
      await this.request<void>('POST', '/auth/logout');
    } finally {
      this.rememberCsrfToken(null);
    }
  }

  /** The signed-in user, or null when there is none (401) or no API answers yet (404). */
  async me(): Promise<Me | null> {
    try {
      return await this.request<Me>('GET', '/me');
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 404)) return null;
      throw error;
    }
  }

  /**
   * The branding of the tenant this host name belongs to (public: the sign-in page is themed too);
   * OpenMSP's own look when the host names no tenant. Null when no server answers it (an older one: 404).
   */
  async branding(): Promise<Branding | null> {
    try {
      return await this.request<Branding>('GET', '/branding');
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  }

  /** `GET /statistics/monthly`: each month (YYYY-MM, both ends included) and currency with MSP CDRs. */
  async monthlyStatistics(query: { from: string; to: string }): Promise<MonthlyStatistics[]> {
    const answer = await this.get<{ items: MonthlyStatistics[] }>('/statistics/monthly', query);
    return answer.items;
  }

  /** `GET path?query` of any endpoint, e.g. `get<Page<Token>>('/tokens', {status: 'active'})`. */
  get<T>(path: string, query: Query = {}): Promise<T> {
    return this.request<T>('GET', path + queryString(query));
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }

  delete(path: string): Promise<void> {
    return this.request<void>('DELETE', path);
  }

  /** POSTs a text body as is (`text/csv` for the token import). */
  postText<T>(path: string, text: string, contentType: string): Promise<T> {
    return this.request<T>('POST', path, text, contentType);
  }

  /** The address of `path?query` for the browser itself (a "Download CSV" link). */
  url(path: string, query: Query = {}): string {
    return this.base + path + queryString(query);
  }

  private rememberCsrfToken(token: string | null): void {
    this.csrfToken = token;
    if (token === null) this.storage?.removeItem(CSRF_STORAGE_KEY);
    else this.storage?.setItem(CSRF_STORAGE_KEY, token);
  }

  private async request<T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
    if (body !== undefined) headers['Content-Type'] = contentType;
    if (method !== 'GET' && method !== 'HEAD' && this.csrfToken) headers['X-CSRF-Token'] = this.csrfToken;
    const response = await this.fetchFunction(this.base + path, {
      method,
      headers,
      body: body === undefined ? undefined : contentType === 'application/json' ? JSON.stringify(body) : String(body),
      credentials: 'same-origin',
    });
    const type = response.headers.get('Content-Type') ?? '';
    const isJson = type.includes('application/json') || type.includes('application/problem+json');
    if (!response.ok) {
      const problem = isJson ? await response.json().catch(() => ({})) : {};
      throw new ApiError(response.status, problem);
    }
    if (response.status === 204 || !isJson) return undefined as T;
    return (await response.json()) as T;
  }
}

/** Query parameters; empty strings, null and undefined are left out (an unset filter). */
export type Query = Record<string, string | number | boolean | null | undefined>;

/** `?a=1&b=x` in the order given, without the unset ones; '' when none is set. */
export function queryString(query: Query): string {
  const parameters = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    parameters.append(name, String(value));
  }
  const text = parameters.toString();
  return text ? `?${text}` : '';
}

function safeSessionStorage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.sessionStorage;
  } catch {
    return null;
  }
}
