/** GET /api/v1/session: what the token may do. */
import { request } from './api.js';

export interface Session {
  readonly product: string;
  readonly access: 'admin' | 'viewer';
  readonly token_required: boolean;
}

export const fetchSession = (token?: string): Promise<Session> => request<Session>('GET', '/api/v1/session', undefined, token);
