import { describe, expect, it } from 'vitest';
import type { EventAggregateQuery } from '../../metrics/query.js';
import type { PropertyType } from '../../plan/types.js';
import { propertyColumn } from './schema.js';
import { measureQuery, seriesQuery, source } from './sql.js';
import { contentVersion, insertStatement } from './writer.js';

const query: EventAggregateQuery = {
  shape: 'aggregate',
  source: { events: 'gen' },
  where: [{ field: 'category', condition: { op: 'ne', value: "x'; DROP TABLE lw_events; --" } }],
  by: ['backend'],
  aggregate: { fn: 'quantile', of: 'duration_ms', q: 0.95 },
};

describe('ClickHouse SQL', () => {
  it('names property columns unambiguously, from plan names only', () => {
    expect(propertyColumn('gen', 'duration_ms')).toBe('p3_gen_duration_ms');
    expect(propertyColumn('a', 'b__c')).not.toBe(propertyColumn('a__b', 'c'));
    expect(() => propertyColumn('gen', 'x`y')).toThrow(TypeError);
  });

  it('reads one type with the columns the query needs; with duplicates listed, each of them once by ver', () => {
    expect(source('gen', ['duration_ms', 'user_id'], [])).toBe(
      "(SELECT ts, user_id, `p3_gen_duration_ms` AS `p_duration_ms` FROM lw_events WHERE type = 'gen')",
    );
    const deduplicated = source('gen', ['duration_ms'], ['a', "b'c"], 'ts >= 5');
    expect(deduplicated).toContain("id NOT IN ('a', 'b\\'c') AND ts >= 5");
    expect(deduplicated).toContain("argMax(tuple(ts, `p3_gen_duration_ms`), ver) AS r FROM lw_events WHERE type = 'gen' AND id IN ('a', 'b\\'c') GROUP BY id");
    expect(deduplicated).toContain('UNION ALL');
  });

  it('writes filter values as escaped literals, the whole as WITH TOTALS, buckets as integer division', () => {
    const sql = measureQuery(query, { from: 1000, to: 2000 }, []);
    expect(sql).toContain("(isNull(`p_category`) OR `p_category` != 'x\\'; DROP TABLE lw_events; --')");
    expect(sql).toContain('arraySort(groupArray(`p_duration_ms`))');
    expect(sql).toMatch(/GROUP BY `p_backend` WITH TOTALS$/);
    expect(seriesQuery(query, { from: 1000, to: 2000 }, 100, [], false)).toContain('intDiv(ts - 1000, 100) AS bucket');
  });
});

describe('insertStatement', () => {
  const layouts = new Map<string, Map<string, PropertyType>>([
    ['gen', new Map<string, PropertyType>([['backend', 'string'], ['ok', 'boolean'], ['n', 'number']])],
    ['other', new Map<string, PropertyType>([['n', 'number']])],
  ]);

  it("lists every type's columns, NULL for another type's, and a ver that depends on the content only", () => {
    const gen = { id: 'e1', type: 'gen', ts: 1.6, userId: null, sessionId: 's', properties: { backend: "it's", ok: true, n: 3 } };
    const other = { id: 'o1', type: 'other', ts: 5, userId: 'u', sessionId: null, properties: { n: 0.5 } };
    const sql = insertStatement([gen, other], layouts);
    expect(sql).toMatch(/^INSERT INTO lw_events \(type, id, ts, user_id, session_id, `p3_gen_backend`, `p3_gen_ok`, `p3_gen_n`, `p5_other_n`, ver\) VALUES /);
    expect(sql).toContain("('gen', 'e1', 2, NULL, 's', 'it\\'s', 1, 3.0, NULL, ");
    expect(sql).toContain("('other', 'o1', 5, 'u', NULL, NULL, NULL, NULL, 0.5, ");
    expect(insertStatement([gen], layouts)).toBe(insertStatement([{ ...gen }], layouts));
    expect(contentVersion('a')).not.toBe(contentVersion('b'));
    expect(Number.isSafeInteger(contentVersion('x'.repeat(1000)))).toBe(true);
  });
});
