/**
 * The events: every ev_<type> table of the DuckDB file (also types the plan no
 * longer declares), appended through the ClickHouse EventStore, which stores
 * an id it already holds once. ClickHouse is prepared for the plan's events
 * and for every stored type and property beside them.
 */
import { LaunchwatchError } from '../../errors.js';
import type { EventSpec, PropertySpec, Scalar } from '../../plan/types.js';
import { eventTable, quote } from '../duckdb/sql.js';
import type { AdmittedEvent } from '../types.js';
import { countSource, num, textOrNull, type RecordKind } from './kind.js';
import type { Source, SourceRow } from './source.js';

/** The plan's events with every stored type and property added; a property stored with another type than the plan's is refused. */
export function eventSpecs(source: Source, plan: Readonly<Record<string, EventSpec>>): Record<string, EventSpec> {
  const specs: Record<string, EventSpec> = { ...plan };
  for (const [type, stored] of source.eventTables) {
    const declared = plan[type]?.properties ?? {};
    const properties: Record<string, PropertySpec> = { ...declared };
    for (const [property, storedType] of stored) {
      const wanted = declared[property];
      if (wanted && wanted.type !== storedType) {
        throw new LaunchwatchError(
          'plan_conflict',
          `property "${property}" of event "${type}" is stored as ${storedType} in the embedded installation but the plan declares ${wanted.type}: migrate with the plan the embedded server ran`,
        );
      }
      properties[property] ??= { type: storedType, optional: true };
    }
    specs[type] = { name: type, properties };
  }
  return specs;
}

function scalar(value: unknown): Scalar | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  return String(value);
}

/** One kind per event table, counted as distinct ids on both sides. */
export function eventKinds(source: Source): RecordKind[] {
  return [...source.eventTables].map(([type, stored]) => {
    const properties = [...stored.keys()];
    const columns = ['id', 'epoch_ms(ts) AS ts', 'user_id', 'session_id', ...properties.map((p) => quote(`p_${p}`))];
    const toEvent = (row: SourceRow): AdmittedEvent => ({
      id: String(row.id),
      type,
      ts: num(row.ts),
      userId: textOrNull(row.user_id),
      sessionId: textOrNull(row.session_id),
      properties: Object.fromEntries(properties.map((p) => [p, scalar(row[`p_${p}`])])),
    });
    return {
      name: `events ${type}`,
      select: `SELECT ${columns.join(', ')} FROM ${eventTable(type)}`,
      key: ['id'],
      write: async (rows, _tx, target) => {
        await target.events.events.append(rows.map(toEvent));
      },
      sourceCount: (s) => countSource(s, `(SELECT DISTINCT id FROM ${eventTable(type)})`),
      targetCount: async (target) => (await target.events.events.counts())[type] ?? 0,
    };
  });
}
