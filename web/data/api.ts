/**
 * The one way the dashboard talks to launchwatch: the same HTTP API as the
 * CLI, with the token from the login screen kept for the browser session.
 */
const TOKEN_KEY = 'launchwatch.token';
const NAME_KEY = 'launchwatch.name';

export function savedToken(): string | undefined {
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

/** Whether the server needs a token: it says so in the page, so no request is refused before the login screen. */
export function tokenRequired(): boolean {
  return document.querySelector('meta[name="launchwatch-token"]')?.getAttribute('content') === 'required';
}

export function savedName(): string {
  return sessionStorage.getItem(NAME_KEY) ?? 'dashboard';
}

export function saveLogin(token: string, name: string): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.setItem(NAME_KEY, name || 'dashboard');
}

export function forgetLogin(): void {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(NAME_KEY);
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function authHeaders(token = savedToken()): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

async function failure(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => undefined);
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const error = (body as { error: { code?: string; message?: string } }).error;
    return new ApiError(response.status, error.code ?? 'error', error.message ?? response.statusText);
  }
  // The Alertmanager API answers its errors as a JSON string.
  return new ApiError(response.status, 'error', typeof body === 'string' ? body : `${response.status} ${response.statusText}`);
}

export async function request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, token?: string): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: { ...authHeaders(token), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw await failure(response);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const get = <T>(path: string): Promise<T> => request<T>('GET', path);
export const post = <T>(path: string, body?: unknown): Promise<T> => request<T>('POST', path, body ?? {});
