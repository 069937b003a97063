import { describe, expect, it } from 'vitest';
import type { Plan } from '../../plan/types.js';
import { IngestLimits } from './ingest-limits.js';

const plan = (eventsPerSecond: number, burst: number): Plan => ({ ingest: { rateLimit: { eventsPerSecond, burst } } }) as unknown as Plan;

/** Events a key gets through in `seconds` after its burst, taking one event every millisecond. */
function sustained(limits: IngestLimits, p: Plan, seconds: number): number {
  let allowed = 0;
  for (let t = 0; t < seconds * 1000; t++) if (limits.check(p, 'k', 1, t).kind === 'allowed') allowed++;
  return allowed;
}

describe('IngestLimits among replicas', () => {
  it('gives one replica the whole rate', () => {
    const p = plan(100, 10);
    expect(sustained(new IngestLimits(), p, 10)).toBeCloseTo(10 + 100 * 10, -1);
  });

  it('gives each of four replicas a quarter of the rate, and keeps the whole burst for one request', () => {
    const p = plan(100, 10);
    const limits = new IngestLimits(() => 4);
    expect(sustained(limits, p, 10)).toBeCloseTo(10 + 25 * 10, -1);
    expect(new IngestLimits(() => 4).check(p, 'k', 10, 0).kind).toBe('allowed');
    expect(new IngestLimits(() => 4).check(p, 'k', 11, 0).kind).toBe('over_burst');
  });

  it('follows the replicas alive as they change', () => {
    const p = plan(100, 10);
    let replicas = 1;
    const limits = new IngestLimits(() => replicas);
    const one = limits.limiterFor(p);
    replicas = 2;
    expect(limits.limiterFor(p)).not.toBe(one);
    expect(limits.limiterFor(p)).toBe(limits.limiterFor(p));
  });
});
