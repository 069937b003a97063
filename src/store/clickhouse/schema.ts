/**
 * The ClickHouse schema of the events, created and extended by prepare():
 *
 * - `lw_events`: every event in one table, ReplacingMergeTree(ver) ordered by
 *   (type, id): the key is the event's identity, so merges keep one row per id,
 *   and a batch is one INSERT (one part: stored whole or not at all). Envelope
 *   columns, then one Nullable column per declared property of each type,
 *   `p<length of type>_<type>_<property>` (unambiguous, as names may hold `_`):
 *   String, Float64, or UInt8 for booleans (18.16 has no Bool). `ver` orders the
 *   copies of an id that two replicas stored at the same moment (writer.ts).
 * - `lw_event_types`: the declared types, also those with no property.
 * - `lw_duplicates`: the (type, id) stored more than once, found by the writer
 *   after each insert, with the writer's name (a plain MergeTree: rows are
 *   never merged away, so a writer's count only grows); reads deduplicate
 *   exactly these (consistency.ts).
 * - `lw_appends`: per writing process, the last append started and the last
 *   one finished, with how many duplicates it had listed by then, so a reader
 *   knows when every duplicate it could see is listed.
 * - `lw_schema`: the schema versions applied.
 *
 * Every statement is idempotent and safe when several replicas prepare at
 * once: CREATE ... IF NOT EXISTS (an "already exists" from a concurrent create
 * is success), and a column added by another replica at the same moment is
 * accepted when its type is the one wanted.
 */
import { LaunchwatchError } from '../../errors.js';
import type { EventSpec, PropertyType } from '../../plan/types.js';
import type { StorageProblem } from '../types.js';
import { errorCode, type ClickHouseConnection } from './connection.js';
import { identifier, int64Literal, isIdentifier, stringLiteral } from './literal.js';

export const SCHEMA_VERSION = 1;

const TABLES = [
  `CREATE TABLE IF NOT EXISTS lw_events (type String, id String, ts Int64, user_id Nullable(String), session_id Nullable(String), ver UInt64) ENGINE = ReplacingMergeTree(ver) ORDER BY (type, id)`,
  `CREATE TABLE IF NOT EXISTS lw_event_types (type String, at Int64) ENGINE = ReplacingMergeTree ORDER BY type`,
  `CREATE TABLE IF NOT EXISTS lw_duplicates (replica String, type String, id String, at Int64) ENGINE = MergeTree ORDER BY (replica, type, id)`,
  `CREATE TABLE IF NOT EXISTS lw_appends (replica String, state UInt8, seq UInt64, listed UInt64, at Int64) ENGINE = ReplacingMergeTree(seq) ORDER BY (replica, state)`,
  `CREATE TABLE IF NOT EXISTS lw_schema (version UInt32, at Int64) ENGINE = ReplacingMergeTree ORDER BY version`,
];

const COLUMN_TYPE: Record<PropertyType, string> = { string: 'Nullable(String)', number: 'Nullable(Float64)', boolean: 'Nullable(UInt8)' };
/** How a conflict names the stored type, in the words the embedded store uses. */
const TYPE_WORD: Record<PropertyType, string> = { string: 'varchar', number: 'double', boolean: 'boolean' };

const TABLE_EXISTS = 57;
const COLUMN_EXISTS = 44;

/** A property's column in lw_events. */
export function propertyColumn(type: string, property: string): string {
  if (!isIdentifier(type) || !isIdentifier(property)) throw new TypeError(`not a plan name: ${JSON.stringify(`${type}.${property}`)}`);
  return `p${type.length}_${type}_${property}`;
}

/** The stored properties of each event type, with their types. */
export type Layouts = ReadonlyMap<string, ReadonlyMap<string, PropertyType>>;

function propertyTypeOf(column: string): PropertyType | undefined {
  return (Object.keys(COLUMN_TYPE) as PropertyType[]).find((t) => COLUMN_TYPE[t] === column);
}

/** Creates the tables (idempotent) and records the schema version; refuses a schema written by a newer launchwatch. */
export async function createSchema(db: ClickHouseConnection): Promise<void> {
  for (const statement of TABLES) {
    try {
      await db.run(statement);
    } catch (error: unknown) {
      if (errorCode(error) !== TABLE_EXISTS) throw error;
    }
  }
  const [row] = await db.rows('SELECT max(version) AS v FROM lw_schema');
  const stored = Number(row?.v ?? 0);
  if (stored > SCHEMA_VERSION) throw new LaunchwatchError('plan_conflict', `the ClickHouse events schema is version ${stored}, newer than this launchwatch knows (${SCHEMA_VERSION}): upgrade launchwatch`);
  if (stored < SCHEMA_VERSION) await db.insert(`INSERT INTO lw_schema (version, at) VALUES (${int64Literal(SCHEMA_VERSION)}, ${int64Literal(Date.now())})`);
}

/** Every event type stored or declared, with its property columns. */
export async function readLayouts(db: ClickHouseConnection): Promise<Map<string, Map<string, PropertyType>>> {
  const layouts = new Map<string, Map<string, PropertyType>>();
  for (const row of await db.rows('SELECT DISTINCT type FROM lw_event_types')) {
    const type = String(row.type);
    if (isIdentifier(type)) layouts.set(type, new Map());
  }
  const columns = await db.rows(`SELECT name, type FROM system.columns WHERE database = ${stringLiteral(db.database)} AND table = 'lw_events'`);
  for (const row of columns) {
    const match = /^p(\d+)_(.+)$/.exec(String(row.name));
    const kind = propertyTypeOf(String(row.type));
    if (!match || !kind) continue;
    const length = Number(match[1]);
    const rest = match[2] ?? '';
    const type = rest.slice(0, length);
    const property = rest.slice(length + 1);
    if (rest[length] !== '_' || !isIdentifier(type) || !isIdentifier(property)) continue;
    let layout = layouts.get(type);
    if (!layout) layouts.set(type, (layout = new Map()));
    layout.set(property, kind);
  }
  return layouts;
}

/** The event's properties whose stored type differs from the plan's: one problem each, worded as the embedded store words them. */
export function typeConflicts(event: EventSpec, layouts: Layouts): StorageProblem[] {
  const stored = layouts.get(event.name);
  if (!stored) return [];
  const conflicts: StorageProblem[] = [];
  for (const [property, spec] of Object.entries(event.properties)) {
    const storedType = stored.get(property);
    if (storedType !== undefined && storedType !== spec.type) {
      const message = `property "${property}" of event "${event.name}" is stored as ${TYPE_WORD[storedType]} but the plan now declares ${spec.type}; give the property a new name instead of changing its type`;
      conflicts.push({ kind: 'property', event: event.name, property, message });
    }
  }
  return conflicts;
}

/** Registers the event types and adds the columns of new properties; refuses a change of a stored property's type. */
export async function prepareEvents(db: ClickHouseConnection, events: readonly EventSpec[]): Promise<Map<string, Map<string, PropertyType>>> {
  let layouts = await readLayouts(db);
  for (const event of events) {
    const conflict = typeConflicts(event, layouts)[0];
    if (conflict) throw new LaunchwatchError('plan_conflict', conflict.message);
  }
  const newTypes = events.filter((e) => !layouts.has(e.name)).map((e) => `(${stringLiteral(e.name)}, ${int64Literal(Date.now())})`);
  if (newTypes.length > 0) await db.insert(`INSERT INTO lw_event_types (type, at) VALUES ${newTypes.join(', ')}`);
  for (const event of events) {
    for (const [property, spec] of Object.entries(event.properties)) {
      if (layouts.get(event.name)?.has(property)) continue;
      try {
        await db.run(`ALTER TABLE lw_events ADD COLUMN ${identifier(propertyColumn(event.name, property))} ${COLUMN_TYPE[spec.type]}`);
      } catch (error: unknown) {
        // Added by another replica at the same moment: fine when it has the type wanted, which the re-read below checks.
        if (errorCode(error) !== COLUMN_EXISTS) throw error;
      }
    }
  }
  layouts = await readLayouts(db);
  for (const event of events) {
    const conflict = typeConflicts(event, layouts)[0];
    if (conflict) throw new LaunchwatchError('plan_conflict', conflict.message);
  }
  return layouts;
}
