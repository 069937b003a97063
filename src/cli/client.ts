/** The CLI's HTTP client for a running server: one place for the URL, the admin token and error answers. */
import { ERROR_CODES } from '../errors.js';

export interface ClientOptions {
  readonly url: string;
  readonly token?: string;
}

export type Answer<T> = { readonly kind: 'ok'; readonly status: number; readonly body: T } | { readonly kind: 'failed'; readonly exit: number };

/** Calls the server; on failure prints why and gives the exit code. */
export async function call<T>(options: ClientOptions, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<Answer<T>> {
  const base = options.url.replace(/\/$/, '');
  if (!/^https?:\/\/./.test(base) || !URL.canParse(base)) {
    console.error(`launchwatch: --url ${base} is not an http(s) URL of a launchwatch server (e.g. http://127.0.0.1:4100)`);
    return { kind: 'failed', exit: ERROR_CODES.invalid_request.exit };
  }
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, {
      method,
      headers: { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    console.error(`cannot reach launchwatch at ${base} (is it running? start it with: launchwatch serve)`);
    return { kind: 'failed', exit: ERROR_CODES.unavailable.exit };
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? (JSON.parse(text) as unknown) : null;
  } catch {
    console.error(`launchwatch: ${base} answered ${response.status} with something other than launchwatch's JSON: is --url a launchwatch server?`);
    return { kind: 'failed', exit: ERROR_CODES.unavailable.exit };
  }
  if (response.ok) return { kind: 'ok', status: response.status, body: json as T };
  if (response.status === 401) {
    console.error(options.token ? 'the server does not accept the admin token in LAUNCHWATCH_ADMIN_TOKEN' : 'the server requires the admin token: set LAUNCHWATCH_ADMIN_TOKEN');
    return { kind: 'failed', exit: ERROR_CODES.unauthorized.exit };
  }
  // launchwatch's own errors are {"error": {code, message}}; the Alertmanager-compatible API answers a plain string, as Alertmanager does.
  const error = typeof json === 'string' ? { message: json } : (json as { error?: { code?: string; message?: string } } | null)?.error;
  console.error(`launchwatch: ${error?.message ?? `the server answered ${response.status}`}`);
  const code = error && 'code' in error ? (error.code as keyof typeof ERROR_CODES | undefined) : undefined;
  if (code && code in ERROR_CODES) return { kind: 'failed', exit: ERROR_CODES[code].exit };
  return { kind: 'failed', exit: response.status >= 400 && response.status < 500 ? ERROR_CODES.invalid_request.exit : ERROR_CODES.unavailable.exit };
}
