/**
 * One DuckDB file holds both stores in the embedded default. This module owns
 * the instance, a writer connection (used by one caller at a time) and a
 * small pool of reader connections.
 */
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
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

  private constructor(
    private readonly instance: DuckDBInstance,
    readonly writer: DuckDBConnection,
  ) {}

  static async open(options: DuckDBOptions): Promise<DuckDB> {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    const instance = await DuckDBInstance.create(options.path, {
      memory_limit: options.memoryLimit ?? DEFAULT_MEMORY_LIMIT,
      threads: String(options.threads ?? availableParallelism()),
      // Launchwatch never reads files or the network through SQL.
      enable_external_access: 'false',
      // Checkpoint (fold the WAL into the file) every 512 MB of WAL rather than DuckDB's 16 MB: under
      // steady ingestion, checkpoints were most of the cost of a commit. Commits stay durable either way.
      checkpoint_threshold: '512MB',
    });
    const writer = await instance.connect();
    const db = new DuckDB(instance, writer);
    for (let i = 0; i < (options.readers ?? 2); i++) {
      const connection = await instance.connect();
      db.idle.push(connection);
      db.all.push(connection);
    }
    return db;
  }

  /** Runs fn with a reader connection from the pool. */
  async read<T>(fn: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('the database is closed');
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

  async close(): Promise<void> {
    if (this.closed) return;
    await this.writeLock.run(async () => {
      this.closed = true;
      for (const connection of [...this.all, this.writer]) connection.closeSync();
      this.instance.closeSync();
    });
  }
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
