/**
 * The connection to ClickHouse over HTTP (@clickhouse/client), configured to
 * speak to 18.16 as well as to 24.x and later: results as JSONEachRow, no
 * compression negotiation, no server-side parameters, and only settings both
 * know unless the server's version says it knows more. Every SQL text is built
 * from literal.ts; the client's own logger is off, because its error lines
 * would carry query details (and so event values) into launchwatch's logs.
 */
import { ClickHouseLogLevel, createClient, type ClickHouseClient, type ClickHouseSettings } from '@clickhouse/client';
import { LaunchwatchError } from '../../errors.js';
import { identifier, isIdentifier } from './literal.js';

export interface ClickHouseTarget {
  /** http(s)://host:port, without credentials or path. */
  readonly origin: string;
  readonly username: string;
  readonly password: string;
  readonly database: string;
}

/**
 * Reads `clickhouse://user:pass@host:8123/db` (or http://, https://,
 * clickhouses://): credentials from the URL, else CLICKHOUSE_PASSWORD; the
 * database from the path (`launchwatch` when it has none). Errors never repeat
 * the URL, which may hold a password.
 */
export function parseClickHouseUrl(url: string, env: NodeJS.ProcessEnv = process.env): ClickHouseTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new LaunchwatchError('invalid_request', 'the ClickHouse URL is not a URL (expected clickhouse://host:8123/database)');
  }
  const schemes: Record<string, string> = { 'clickhouse:': 'http:', 'http:': 'http:', 'clickhouses:': 'https:', 'https:': 'https:' };
  const scheme = schemes[parsed.protocol];
  if (!scheme) throw new LaunchwatchError('invalid_request', `the ClickHouse URL must start with clickhouse://, clickhouses://, http:// or https:// (not ${parsed.protocol}//)`);
  const port = parsed.port || (scheme === 'https:' ? '8443' : '8123');
  const database = decodeURIComponent(parsed.pathname.replace(/^\/+|\/+$/g, '')) || 'launchwatch';
  if (!isIdentifier(database)) throw new LaunchwatchError('invalid_request', 'the ClickHouse database (the URL path) must match ^[a-z_][a-z0-9_]*$');
  return {
    origin: `${scheme}//${parsed.hostname}:${port}`,
    username: decodeURIComponent(parsed.username) || 'default',
    password: parsed.password ? decodeURIComponent(parsed.password) : (env.CLICKHOUSE_PASSWORD ?? ''),
    database,
  };
}

export type Row = Record<string, unknown>;

export interface ConnectionOptions {
  /** insert_quorum for every insert (replicated clusters; see docs/operations.md). */
  readonly insertQuorum?: number;
  readonly requestTimeoutMs?: number;
}

/** Room for the literal lists of a large append's id checks (the default, 256 KiB, is a few thousand ids). */
const MAX_QUERY_SIZE = String(64 * 1024 * 1024);

export class ClickHouseConnection {
  private constructor(
    private readonly client: ClickHouseClient,
    readonly database: string,
    /** The server's major version (18, 24 ...). */
    readonly major: number,
    private readonly insertSettings: ClickHouseSettings,
  ) {}

  /** Connects, creates the database when it is missing, and learns the server's version. */
  static async open(target: ClickHouseTarget, options: ConnectionOptions = {}): Promise<ClickHouseConnection> {
    const base = {
      url: target.origin,
      username: target.username,
      password: target.password,
      request_timeout: options.requestTimeoutMs ?? 300_000,
      // No compression: the client would send enable_http_compression and negotiate codecs per version; loopback and LAN do not need it.
      compression: { request: false, response: false },
      log: { level: ClickHouseLogLevel.OFF },
      clickhouse_settings: { max_query_size: MAX_QUERY_SIZE },
    };
    const bootstrap = createClient(base);
    let major: number;
    try {
      await bootstrap.command({ query: `CREATE DATABASE IF NOT EXISTS ${identifier(target.database)}` });
      const rows = await (await bootstrap.query({ query: 'SELECT version() AS v', format: 'JSONEachRow' })).json<{ v: string }>();
      major = Number.parseInt(rows[0]?.v ?? '0', 10);
    } finally {
      await bootstrap.close();
    }
    const client = createClient({ ...base, database: target.database });
    // async_insert (21.11+) would acknowledge an insert before it is stored; 18.16 refuses the setting by name, so it is only sent to servers that know it.
    const insertSettings: ClickHouseSettings = {
      ...(major >= 22 ? { async_insert: 0 } : {}),
      ...(options.insertQuorum !== undefined ? { insert_quorum: String(options.insertQuorum) } : {}),
    };
    return new ClickHouseConnection(client, target.database, major, insertSettings);
  }

  /** Rows of a SELECT, as JSON objects (64-bit integers arrive as strings); in `session` to see its temporary tables. */
  async rows(sql: string, session?: string): Promise<Row[]> {
    const result = await this.client.query({ query: sql, format: 'JSONEachRow', ...(session ? { session_id: session } : {}) });
    return result.json<Row>();
  }

  /** Rows of a SELECT with its WITH TOTALS row (format JSON). */
  async withTotals(sql: string): Promise<{ data: Row[]; totals: Row | undefined }> {
    const result = await this.client.query({ query: sql, format: 'JSON' });
    const body = await result.json<Row>();
    return { data: body.data, totals: body.totals };
  }

  /** A statement without rows (DDL, ALTER). */
  async run(sql: string, session?: string): Promise<void> {
    await this.client.command({ query: sql, ...(session ? { session_id: session } : {}) });
  }

  /** An INSERT ... VALUES: resolves once the server has stored the rows (synchronous insert). */
  async insert(sql: string, session?: string): Promise<void> {
    await this.client.command({ query: sql, clickhouse_settings: this.insertSettings, ...(session ? { session_id: session } : {}) });
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

/**
 * ClickHouse's error code of a failed statement (e.g. 44: a column that already
 * exists): the client's parsed code (24.x messages), else the `Code: <n>` that
 * starts 18.16's messages, which the client does not parse.
 */
export function errorCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = 'code' in error ? Number((error as { code: unknown }).code) : NaN;
  if (Number.isFinite(code)) return code;
  const match = error instanceof Error ? /^Code: (\d+)/.exec(error.message) : null;
  return match ? Number(match[1]) : undefined;
}
