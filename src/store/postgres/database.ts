/**
 * The pool every PostgreSQL state store shares, its queries and
 * transactions, and what a connection failure becomes: a LaunchwatchError
 * naming the server (host:port) and the cause, never the URL's password.
 *
 * Times are bigint epoch milliseconds in every table, read back as numbers
 * (int8 is parsed as a JS number: epoch ms and row counts stay far below 2^53).
 */
import pg from 'pg';
import { LaunchwatchError } from '../../errors.js';
import { serverOf } from './url.js';

/** A parameter of a query: what `pg` sends ($1, $2, ...). Arrays go as PostgreSQL arrays, cast in the SQL. */
export type PgParam = string | number | boolean | null | readonly (string | number | boolean | null)[];

/** Runs one statement; rows as plain objects. A pool or a client inside a transaction. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: readonly PgParam[]): Promise<{ rows: R[]; rowCount: number }>;
}

const INT8 = 20;
const types = new pg.TypeOverrides();
types.setTypeParser(INT8, (value: string) => Number(value));

/** Errors of the socket, not of a statement: the server is unreachable. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE']);

function codeOf(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** A connection failure as a clear LaunchwatchError (`unavailable`); any other error unchanged. */
export function connectionError(error: unknown, server: string): unknown {
  if (error instanceof LaunchwatchError) return error;
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code !== undefined && UNREACHABLE.has(code)) return new LaunchwatchError('unavailable', `cannot reach PostgreSQL at ${server}: ${code}`);
  if (/timeout exceeded when trying to connect|Connection terminated due to connection timeout/i.test(message)) {
    return new LaunchwatchError('unavailable', `cannot reach PostgreSQL at ${server}: connection timed out`);
  }
  if (code === '28P01' || code === '28000') return new LaunchwatchError('unavailable', `PostgreSQL at ${server} refused the login: ${message}`);
  if (code === '3D000') return new LaunchwatchError('unavailable', `PostgreSQL at ${server}: ${message}`);
  if (code === '57P01' || code === '57P03') return new LaunchwatchError('unavailable', `PostgreSQL at ${server} is not accepting connections: ${message}`);
  if (/password must be a string|SASL/.test(message)) return new LaunchwatchError('unavailable', `PostgreSQL at ${server} asks for a password: give it in the URL or in PGPASSWORD`);
  return error;
}

export interface PgDatabaseOptions {
  /** Connections in the pool (default 10). */
  readonly poolSize?: number;
  /** How long a connection may take to open (default 10 s). */
  readonly connectTimeoutMs?: number;
}

export class PgDatabase implements Queryable {
  private constructor(
    readonly pool: pg.Pool,
    /** host:port, for messages. */
    readonly server: string,
  ) {}

  static create(url: string, options: PgDatabaseOptions = {}): PgDatabase {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      types,
      application_name: 'launchwatch',
    });
    // An idle connection that the server closes is dropped by the pool; the next query reports a failure clearly.
    pool.on('error', () => undefined);
    return new PgDatabase(pool, serverOf(url));
  }

  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: readonly PgParam[] = []): Promise<{ rows: R[]; rowCount: number }> {
    try {
      const result = await this.pool.query<R>(sql, [...params]);
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    } catch (error: unknown) {
      throw connectionError(error, this.server);
    }
  }

  /** Runs work in one transaction on one connection: committed if it resolves, rolled back if it throws. */
  async transaction<T>(work: (client: Queryable) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error: unknown) {
      throw connectionError(error, this.server);
    }
    const queryable: Queryable = {
      query: async <R extends pg.QueryResultRow>(sql: string, params: readonly PgParam[] = []) => {
        const result = await client.query<R>(sql, [...params]);
        return { rows: result.rows, rowCount: result.rowCount ?? 0 };
      },
    };
    let broken: unknown;
    // A connection lost between two statements is reported by the next one; without a listener it would crash the process.
    const lost = (error: Error): void => {
      broken = error;
    };
    client.on('error', lost);
    try {
      await client.query('BEGIN');
      const result = await work(queryable);
      await client.query('COMMIT');
      return result;
    } catch (error: unknown) {
      await client.query('ROLLBACK').catch((rollback: unknown) => {
        broken = rollback;
      });
      throw connectionError(error, this.server);
    } finally {
      client.removeListener('error', lost);
      // A connection that broke, or whose rollback failed, is not given back to the pool.
      client.release(broken instanceof Error ? broken : undefined);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/**
 * JSON texts as one JSON array document, for `json_array_elements($n::json)` beside `unnest` of the other
 * columns (ROWS FROM): each text goes as written, where a json[] parameter would have every quote escaped
 * by the client and unescaped by the server, which made a 10 000-row write several times slower.
 */
export const jsonArray = (texts: readonly string[]): string => `[${texts.join(',')}]`;

/** Epoch ms as stored: whole milliseconds (NaN stays NaN, which PostgreSQL refuses). */
export const ms = (value: number): number => Math.round(value);
