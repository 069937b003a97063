/**
 * Exact answers while replicas insert concurrently, without deduplicating the
 * whole table at every read.
 *
 * Two replicas that receive the same event id at the same moment may both find
 * it new and both store it. Every writer therefore, after its insert and
 * before it marks the append finished in `lw_appends`, lists in
 * `lw_duplicates` every (type, id) of its batch that the table holds twice
 * (writer.ts). A reader deduplicates exactly the listed ids (sql.ts, `source`)
 * and checks afterwards, in this order, that the list it used was complete for
 * the data it read:
 *
 * 1. it runs its query with the duplicates it knows (read earlier);
 * 2. it reads `lw_appends`, and waits until every append started by then has
 *    finished, so each one's duplicates are listed;
 * 3. it reads `lw_duplicates` again: unchanged for the event types it read
 *    means its answer was exact (any duplicate pair in the data it saw was
 *    inserted before step 2, and listed by the later of its two writers before
 *    that writer finished); else it runs the query again with the new list.
 *
 * Concurrent readers share step 2 and 3 (one round serves every query that
 * finished before it began). A writer that died between its insert and its
 * finish is taken over after LEASE_MS: one scan lists every duplicate of the
 * table, and its append is marked finished.
 */
import type { ClickHouseConnection } from './connection.js';
import { int64Literal, stringLiteral } from './literal.js';

/** An append unfinished for this long belongs to a writer that died; a reader takes it over. */
export const LEASE_MS = 120_000;
const POLL_MS = 10;

/** The duplicated ids, by event type, sorted. */
export type Duplicates = ReadonlyMap<string, readonly string[]>;

interface Append {
  readonly replica: string;
  readonly started: number;
  readonly done: number;
  readonly at: number;
}

function same(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

export class Consistency {
  private known: Duplicates = new Map();
  private next: Promise<Duplicates> | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: ClickHouseConnection,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs `query` with the duplicates it must remove, until they are known to be complete for what it read (see the module comment). */
  async read<T>(types: readonly string[], query: (duplicates: Duplicates) => Promise<T>): Promise<T> {
    let duplicates = this.known;
    for (;;) {
      const result = await query(duplicates);
      const after = await this.settle();
      if (types.every((type) => same(duplicates.get(type), after.get(type)))) return result;
      duplicates = after;
    }
  }

  /** The duplicates once every append started before this call has finished; rounds are shared by the callers that arrive before one starts. */
  settle(): Promise<Duplicates> {
    if (this.next) return this.next;
    const round = this.running.then(() => {
      this.next = undefined;
      return this.round();
    });
    this.next = round;
    this.running = round.catch(() => undefined);
    return round;
  }

  private async round(): Promise<Duplicates> {
    const targets = new Map((await this.appends()).filter((a) => a.started > a.done).map((a) => [a.replica, a.started]));
    for (;;) {
      const waiting = (await this.appends()).filter((a) => a.done < (targets.get(a.replica) ?? 0));
      if (waiting.length === 0) break;
      const stale = waiting.filter((a) => a.at < this.now() - LEASE_MS);
      if (stale.length > 0) await this.takeOver(stale);
      else await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    this.known = await readDuplicates(this.db);
    return this.known;
  }

  /** Per writer: the last append started (and when), the last finished. */
  private async appends(): Promise<Append[]> {
    const rows = await this.db.rows('SELECT replica, maxIf(seq, state = 0) AS started, maxIf(seq, state = 1) AS done, maxIf(at, state = 0) AS at FROM lw_appends GROUP BY replica');
    return rows.map((row) => ({ replica: String(row.replica), started: Number(row.started), done: Number(row.done), at: Number(row.at) }));
  }

  /** Lists every duplicate of the table (one scan, on the server), then marks the dead writers' appends finished. */
  private async takeOver(stale: readonly Append[]): Promise<void> {
    await listAllDuplicates(this.db, this.now());
    const rows = stale.map((u) => `(${stringLiteral(u.replica)}, 1, ${int64Literal(u.started)}, ${int64Literal(this.now())})`);
    await this.db.insert(`INSERT INTO lw_appends (replica, state, seq, at) VALUES ${rows.join(', ')}`);
  }
}

export async function readDuplicates(db: ClickHouseConnection): Promise<Duplicates> {
  const rows = await db.rows('SELECT type, id FROM lw_duplicates GROUP BY type, id ORDER BY type, id');
  const duplicates = new Map<string, string[]>();
  for (const row of rows) {
    const type = String(row.type);
    duplicates.set(type, [...(duplicates.get(type) ?? []), String(row.id)]);
  }
  return duplicates;
}

/** Every (type, id) the table holds more than once, into lw_duplicates (the values stay on the server). */
export async function listAllDuplicates(db: ClickHouseConnection, at: number): Promise<void> {
  await db.insert(`INSERT INTO lw_duplicates (type, id, at) SELECT type, id, ${int64Literal(at)} FROM lw_events GROUP BY type, id HAVING count() > 1`);
}
