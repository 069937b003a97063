/**
 * One DuckDB file holds both stores in the embedded default. This module owns
 * the instance, a writer connection (used by one caller at a time) and a
 * small pool of reader connections.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DuckDBInstance, timestampValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { Param } from './sql.js';
import { DiskFullWatch } from '../disk-full.js';

export interface DuckDBOptions {
  /** Path of the database file, or ':memory:'. */
  readonly path: string;
  /** DuckDB's memory limit, e.g. "1GB". DuckDB's own default is 80 % of RAM; ours is DEFAULT_MEMORY_LIMIT. */
  readonly memoryLimit?: string;
  /** DuckDB's worker threads; default one per core. */
  readonly threads?: number;
  readonly readers?: number;
}

/**
 * DuckDB's buffer pool: the pages of the file it caches and what queries hold
 * (hash tables, sorts). Past it, operators that can spill write to the temp
 * directory (DuckDB.open). docs/operations.md, "Memory", has the figures.
 */
export const DEFAULT_MEMORY_LIMIT = '512MB';
/**
 * After a task that allocated more than this, DuckDB hands its freed memory
 * back to the system instead of keeping it cached for the next query (its own
 * default is 128 MiB per thread's cache), so idle memory falls back after a
 * large query.
 */
const ALLOCATOR_FLUSH_THRESHOLD = '32MB';

/** While the disk is full, how often a read retries loading the ingest log, and how often free space is checked. */
const DISK_FULL_RETRY_MS = 1_000;
/** The space a check must be able to write for the disk to count as having room again. */
const ROOM_BYTES = 1 << 20;

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
  /** Whether the data directory's disk is full, from the writes that failed and a check of free space (disk-full.ts). */
  readonly diskFull = new DiskFullWatch();
  private lastLoadFailure = 0;
  private roomCheck: NodeJS.Timeout | undefined;

  private constructor(
    private readonly instance: DuckDBInstance,
    readonly writer: DuckDBConnection,
    /** The ingest log's directory: `<data dir>/ingest-log`, or a temporary one for ':memory:'. The only files SQL may read. */
    readonly logDir: string,
    private readonly temporaryLogDir: boolean,
    /** Where the event id set is saved at a clean stop (id-file.ts); none for ':memory:'. */
    readonly idFile: string | undefined,
  ) {
    this.diskFull.onChange((state) => {
      clearInterval(this.roomCheck);
      this.roomCheck = undefined;
      if (state) this.roomCheck = setInterval(() => void this.checkRoom(), DISK_FULL_RETRY_MS).unref();
    });
  }

  static async open(options: DuckDBOptions): Promise<DuckDB> {
    const memory = options.path === ':memory:';
    if (!memory) mkdirSync(dirname(options.path), { recursive: true });
    const logDir = memory ? mkdtempSync(join(tmpdir(), 'launchwatch-ingest-log-')) : join(resolve(dirname(options.path)), 'ingest-log');
    mkdirSync(logDir, { recursive: true });
    const instance = await DuckDBInstance.create(options.path, {
      memory_limit: options.memoryLimit ?? DEFAULT_MEMORY_LIMIT,
      threads: String(options.threads ?? availableParallelism()),
      // What spills past the memory limit goes under the data directory (the temporary one for ':memory:'), not the working directory.
      temp_directory: memory ? join(logDir, 'spill') : `${resolve(options.path)}.tmp`,
      allocator_flush_threshold: ALLOCATOR_FLUSH_THRESHOLD,
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
    const db = new DuckDB(instance, writer, logDir, memory, memory ? undefined : join(resolve(dirname(options.path)), 'event-ids.bin'));
    // A start on a full disk is said at once (the log, /healthz), not at the first write that fails.
    if (!memory) db.diskFull.failed(await db.roomProblem());
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

  /**
   * Runs fn with a reader connection from the pool. While the disk is full,
   * the read goes on without the events the ingest log could not load (they
   * are kept in it, and loaded once there is room), and the load is retried
   * at most once a second.
   */
  async read<T>(fn: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('the database is closed');
    await this.loadForRead();
    const connection = this.idle.pop() ?? (await new Promise<DuckDBConnection>((resolve) => this.waiting.push(resolve)));
    try {
      return await fn(connection);
    } finally {
      const next = this.waiting.shift();
      if (next) next(connection);
      else this.idle.push(connection);
    }
  }

  /** Runs fn on the writer connection, one caller at a time. A failure for want of space is noted in diskFull. */
  write<T>(fn: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the database is closed'));
    return this.writeLock.run(async () => {
      try {
        return await fn(this.writer);
      } catch (error: unknown) {
        this.diskFull.failed(error);
        throw error;
      }
    });
  }

  private async loadForRead(): Promise<void> {
    if (!this.beforeRead) return;
    if (this.diskFull.state() && Date.now() - this.lastLoadFailure < DISK_FULL_RETRY_MS) return;
    try {
      await this.beforeRead();
    } catch (error: unknown) {
      if (!this.diskFull.failed(error)) throw error;
      this.lastLoadFailure = Date.now();
    }
  }

  /** While the disk is full: whether there is room again; checked again at the next interval if not. */
  private async checkRoom(): Promise<void> {
    if ((await this.roomProblem()) === undefined) this.diskFull.succeeded();
  }

  /** Why a megabyte cannot be written (and synced) in the data directory; undefined when it can. */
  private async roomProblem(): Promise<unknown> {
    const path = join(this.logDir, '.room-check');
    try {
      const handle = await open(path, 'w');
      try {
        await handle.write(Buffer.alloc(ROOM_BYTES), 0, ROOM_BYTES, 0);
        await handle.datasync();
      } finally {
        await handle.close();
      }
      return undefined;
    } catch (error: unknown) {
      return error;
    } finally {
      await rm(path, { force: true }).catch(() => undefined);
    }
  }

  /** Runs before the database closes, e.g. to load what the ingest log still holds. */
  onBeforeClose(hook: () => Promise<void>): void {
    this.beforeClose = hook;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.roomCheck);
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

/**
 * Runs work in one transaction: committed if it resolves, rolled back if it
 * throws. A COMMIT that fails (a full disk) has already ended the
 * transaction, so the rollback's own failure never hides why.
 */
export async function inTransaction(connection: DuckDBConnection, work: () => Promise<void>): Promise<void> {
  await connection.run('BEGIN TRANSACTION');
  try {
    await work();
    await connection.run('COMMIT');
  } catch (error: unknown) {
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Runs a statement with parameters, for its effect. */
export async function exec(connection: DuckDBConnection, sql: string, params: readonly Param[] = []): Promise<void> {
  await queryRows(connection, sql, params);
}
