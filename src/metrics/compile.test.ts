/** compile(): each metric kind's backend-neutral query. */
import { describe, expect, it } from 'vitest';
import type { MetricSpec } from '../plan/types.js';
import { compile } from './compile.js';
import { valueOverNoEvents } from './query.js';

const base: MetricSpec = { id: 'm', title: 'M', from: 'run', where: [{ field: 'ok', condition: { op: 'eq', value: true } }], measure: { kind: 'count' }, by: ['os'], windowMs: 1000, targets: [], unit: 'count' };
const source = { events: 'run' };

describe('compile', () => {
  it('compiles the aggregate kinds to one aggregate over the events, grouped by `by`', () => {
    expect(compile(base)).toEqual({ shape: 'aggregate', source, where: base.where, by: ['os'], aggregate: { fn: 'count' } });
    expect(compile({ ...base, measure: { kind: 'distinct', field: 'user_id' } })).toMatchObject({ aggregate: { fn: 'count_distinct', field: 'user_id' } });
    expect(compile({ ...base, measure: { kind: 'quantile', of: 'ms', q: 0.95 } })).toMatchObject({ aggregate: { fn: 'quantile', of: 'ms', q: 0.95 } });
    expect(compile({ ...base, measure: { kind: 'ratio', match: base.where } })).toMatchObject({ aggregate: { fn: 'ratio', match: base.where } });
    expect(compile({ ...base, measure: { kind: 'mean', of: 'ms' } })).toMatchObject({ aggregate: { fn: 'mean', of: 'ms' } });
    expect(compile({ ...base, measure: { kind: 'sum', of: 'ms' } })).toMatchObject({ aggregate: { fn: 'sum', of: 'ms' } });
  });

  it('divides by the distinct count of `per`, which has no value over no events', () => {
    const per = compile({ ...base, per: 'session_id' });
    expect(per).toEqual({ shape: 'per', source, where: base.where, by: ['os'], aggregate: { fn: 'count' }, per: 'session_id' });
    expect(per.shape === 'per' && valueOverNoEvents(per)).toBeNull();
    const count = compile(base);
    expect(count.shape === 'aggregate' && valueOverNoEvents(count)).toBe(0);
  });

  it('compiles share, retention and the figures to shapes of their own', () => {
    expect(compile({ ...base, measure: { kind: 'share', of: 'os' } })).toEqual({ shape: 'share', source, where: base.where, of: 'os' });
    expect(compile({ ...base, measure: { kind: 'retention', afterMs: 7 } })).toEqual({ shape: 'retention', source, where: base.where, afterMs: 7 });
    const incidents = { kind: 'incidents', figure: 'mtta', severities: [] } as const;
    expect(compile({ ...base, from: '', by: ['severity'], measure: incidents })).toEqual({ shape: 'figure', source: 'incidents', measure: incidents, by: ['severity'] });
    const github = { kind: 'github', figure: 'opened', labels: [], state: 'open', olderThanMs: 0, q: 0.5 } as const;
    expect(compile({ ...base, from: '', measure: github })).toEqual({ shape: 'figure', source: 'github', measure: github });
  });
});
