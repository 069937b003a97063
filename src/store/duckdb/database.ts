/**
 * One DuckDB file holds both stores in the embedded default. This module owns
 * the instance, a writer connection (used by one caller at a time) and a
 * small pool of reader connections.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DuckDBInstance, timestampValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { Param } from './sql.js';

export interface DuckDBOptions {
  /** Path of the database file, or ':memory:'. */
  readonly path: string;
  /** DuckDB's memory limit, e.g. "1GB". DuckDB's own default is 80 % of RAM; ours is explicit. */
  readonly memoryLimit?: string;
  readonly threads?: number;
  readonly readers?: number;
}

export const DEFAULT_MEMORY_LIMIT = '2GB';

/** A FIFO lock: run() calls execute one at a time, in order. */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn, fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

export function toDuckValue(param: Param): DuckDBValue {
  if (param === null) return null;
  if (typeof param === 'object') return timestampValue(BigInt(Math.round(param.timestampMs)) * 1000n);
  return param;
}

export class DuckDB {
  private readonly idle: DuckDBConnection[] = [];
  private readonly waiting: ((connection: DuckDBConnection) => void)[] = [];
  private readonly all: DuckDBConnection[] = [];
  readonly writeLock = new Mutex();
  private closed = false;
  private beforeRead: (() => Promise<void>) | undefined;
  private beforeClose: (() => Promise<void>) | undefined;

  private constructor(
    private readonly instance: DuckDBInstance,
    readonly writer: DuckDBConnection,
    /** The ingest log's directory: `<data dir>/ingest-log`, or a temporary one for ':memory:'. The only files SQL may read. */
    readonly logDir: string,
    private readonly temporaryLogDir: boolean,
  ) {}

  static async open(options: DuckDBOptions): Promise<DuckDB> {
    const memory = options.path === ':memory:';
    if (!memory) mkdirSync(dirname(options.path), { recursive: true });
    const logDir = memory ? mkdtempSync(join(tmpdir(), 'launchwatch-ingest-log-')) : join(resolve(dirname(options.path)), 'ingest-log');
    mkdirSync(logDir, { recursive: true });
    const instance = await DuckDBInstance.create(options.path, {
      memory_limit: options.memoryLimit ?? DEFAULT_MEMORY_LIMIT,
      threads: String(options.threads ?? availableParallelism()),
      // Checkpoint (fold the WAL into the file) every 512 MB of WAL rather than DuckDB's 16 MB: under
      // steady ingestion, checkpoints were most of the cost of a commit. Commits stay durable either way.
      checkpoint_threshold: '512MB',
    });
    const writer = await instance.connect();
    // SQL reads no file and no network, except the ingest log's segments (read_csv in events); then the
    // configuration is locked. allowed_directories cannot be given at creation, hence SET before anything else runs.
    await writer.run(`SET allowed_directories = [${sqlString(`${logDir}/`)}]`);
    await writer.run('SET enable_external_access = false');
    await writer.run('SET lock_configuration = true');
    const db = new DuckDB(instance, writer, logDir, memory);
    for (let i = 0; i < (options.readers ?? 2); i++) {
      const connection = await instance.connect();
      db.idle.push(connection);
      db.all.push(connection);
    }
    return db;
  }

  /** Called before every read, so that readers see every event whose append has resolved (the event store loads its log). */
  onBeforeRead(hook: () => Promise<void>): void {
    this.beforeRead = hook;
  }

  /** Runs fn with a reader connection from the pool. */
  async read<T>(fn: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('the database is closed');
    if (this.beforeRead) await this.beforeRead();
    const connection = this.idle.pop() ?? (await new Promise<DuckDBConnection>((resolve) => this.waiting.push(resolve)));
    try {
      return await fn(connection);
    } finally {
      const next = this.waiting.shift();
      if (next) next(connection);
      else this.idle.push(connection);
    }
  }

  /** Runs fn on the writer connection, one caller at a time. */
  write<T>(fn: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the database is closed'));
    return this.writeLock.run(() => fn(this.writer));
  }

  /** Runs before the database closes, e.g. to load what the ingest log still holds. */
  onBeforeClose(hook: () => Promise<void>): void {
    this.beforeClose = hook;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    const hook = this.beforeClose;
    this.beforeClose = undefined;
    try {
      if (hook) await hook();
    } finally {
      await this.writeLock.run(async () => {
        this.closed = true;
        for (const connection of [...this.all, this.writer]) connection.closeSync();
        this.instance.closeSync();
      });
      if (this.temporaryLogDir) rmSync(this.logDir, { recursive: true, force: true });
    }
  }
}

/** A SQL string literal. For our own paths only; values from requests are always parameters. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Runs a query with parameters and returns plain JS rows. */
export async function queryRows(connection: DuckDBConnection, sql: string, params: readonly Param[] = []): Promise<Record<string, unknown>[]> {
  const reader = await connection.runAndReadAll(sql, params.map(toDuckValue));
  return reader.getRowObjectsJS();
}

/** Runs work in one transaction: committed if it resolves, rolled back if it throws. */
export async function inTransaction(connection: DuckDBConnection, work: () => Promise<void>): Promise<void> {
  await connection.run('BEGIN TRANSACTION');
  try {
    await work();
    await connection.run('COMMIT');
  } catch (error: unknown) {
    await connection.run('ROLLBACK');
    throw error;
  }
}

/** Runs a statement with parameters, for its effect. */
export async function exec(connection: DuckDBConnection, sql: string, params: readonly Param[] = []): Promise<void> {
  await queryRows(connection, sql, params);
}
