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
 * 2. it reads `lw_appends` and `lw_duplicates` (one query), and again until
 *    every append started by its first read has finished and the duplicates
 *    each finished writer says it listed are all seen, so every duplicate of
 *    those appends is in what it read;
 * 3. the duplicates unchanged for the event types it read means its answer was
 *    exact (any duplicate pair in the data it saw was inserted before step 2,
 *    and listed by the later of its two writers before that writer finished);
 *    else it runs the query again with the new list.
 *
 * Concurrent readers share step 2 (one round serves every query that finished
 * before it began). A writer that died between its insert and its finish is
 * taken over after LEASE_MS: one scan lists every duplicate of the table, and
 * its append is marked finished.
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
  /** Duplicates the writer had listed when it finished its last append, and how many of them a read saw. */
  readonly listed: number;
  readonly seen: number;
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
    let state = await readState(this.db);
    const targets = new Map(state.appends.filter((a) => a.started > a.done).map((a) => [a.replica, a.started]));
    for (;;) {
      // Waiting: an append started before this round and not finished, or finished with duplicates this read did not see yet.
      const waiting = state.appends.filter((a) => a.done < (targets.get(a.replica) ?? 0) || a.seen < a.listed);
      if (waiting.length === 0) break;
      const stale = waiting.filter((a) => a.done < (targets.get(a.replica) ?? 0) && a.at < this.now() - LEASE_MS);
      if (stale.length > 0) await this.takeOver(stale);
      else await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      state = await readState(this.db);
    }
    this.known = state.duplicates;
    return this.known;
  }

  /** Lists every duplicate of the table under each dead writer's name, then marks its append finished with that many more listed. */
  private async takeOver(stale: readonly Append[]): Promise<void> {
    const keys = await this.db.rows('SELECT type, id FROM lw_events GROUP BY type, id HAVING count() > 1');
    const at = int64Literal(this.now());
    for (const writer of stale) {
      const replica = stringLiteral(writer.replica);
      if (keys.length > 0) {
        const rows = keys.map((k) => `(${replica}, ${stringLiteral(String(k.type))}, ${stringLiteral(String(k.id))}, ${at})`);
        await this.db.insert(`INSERT INTO lw_duplicates (replica, type, id, at) VALUES ${rows.join(', ')}`);
      }
      await this.db.insert(`INSERT INTO lw_appends (replica, state, seq, listed, at) VALUES (${replica}, 1, ${int64Literal(writer.started)}, ${int64Literal(writer.listed + keys.length)}, ${at})`);
    }
  }
}

/**
 * In one query: per writer, its last append started (and when) and finished,
 * how many duplicates it had listed when it finished, and how many of its
 * listed duplicates this read sees; and the duplicates seen. A writer lists
 * its duplicates before it marks its append finished, so `seen < listed`
 * means this read's view of lw_duplicates is older than its view of lw_appends.
 */
async function readState(db: ClickHouseConnection): Promise<{ appends: Append[]; duplicates: Duplicates }> {
  const [appends, listed] = [
    'SELECT replica, maxIf(seq, state = 0) AS started, maxIf(seq, state = 1) AS done, maxIf(listed, state = 1) AS listed, maxIf(at, state = 0) AS at FROM lw_appends GROUP BY replica',
    'SELECT replica, count() AS seen, groupArray(type) AS types, groupArray(id) AS ids FROM lw_duplicates GROUP BY replica',
  ];
  const rows = await db.rows(`SELECT * FROM (${appends}) ANY LEFT JOIN (${listed}) USING replica`);
  const keys = new Set<string>();
  for (const row of rows) {
    const types = Array.isArray(row.types) ? row.types : [];
    const ids = Array.isArray(row.ids) ? row.ids : [];
    types.forEach((type, i) => keys.add(`${String(type)}\u0000${String(ids[i])}`));
  }
  const duplicates = new Map<string, string[]>();
  for (const key of [...keys].sort()) {
    const [type = '', id = ''] = key.split('\u0000');
    duplicates.set(type, [...(duplicates.get(type) ?? []), id]);
  }
  return {
    appends: rows.map((row) => ({
      replica: String(row.replica),
      started: Number(row.started ?? 0),
      done: Number(row.done ?? 0),
      listed: Number(row.listed ?? 0),
      seen: Number(row.seen ?? 0),
      at: Number(row.at ?? 0),
    })),
    duplicates,
  };
}
