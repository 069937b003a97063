/**
 * Seeded random events for a plan's declared event types, for comparing two
 * backends: every property type, enum values, optional properties left null,
 * users and sessions (some null), times spread over a span, repeated values
 * (ties for quantiles), and ids sent again, with the same content and with
 * another.
 */
import type { EventSpec, PropertySpec, Scalar } from '../../src/plan/types.js';
import type { AdmittedEvent } from '../../src/store/types.js';

/** mulberry32: a small seeded generator, the same sequence for the same seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function value(spec: PropertySpec, random: () => number): Scalar | null {
  if (spec.optional && random() < 0.2) return null;
  if (spec.enum) return spec.enum[Math.floor(random() * spec.enum.length)] ?? null;
  if (spec.type === 'boolean') return random() < 0.6;
  if (spec.type === 'number') {
    const r = random();
    // Integers with many ties, fractions, and now and then a large or negative value.
    return r < 0.5 ? Math.floor(random() * 50) : r < 0.9 ? Math.round(random() * 5000) / 7 : (random() - 0.3) * 1e6;
  }
  return ['alpha', 'beta', "it's", 'γ', 'x\\y'][Math.floor(random() * 5)] ?? null;
}

/** `count` events of the given types between `from` and `to`, in batches, with `repeats` of them sent again in later batches. */
export function generatedBatches(events: readonly EventSpec[], count: number, span: { from: number; to: number }, seed = 1): AdmittedEvent[][] {
  const random = seeded(seed);
  const made: AdmittedEvent[] = [];
  for (let i = 0; i < count; i++) {
    const spec = events[Math.floor(random() * events.length)];
    if (!spec) continue;
    made.push({
      id: `e${i}`,
      type: spec.name,
      ts: Math.floor(span.from + random() * (span.to - span.from)),
      userId: random() < 0.05 ? null : `u${Math.floor(random() * 60)}`,
      sessionId: random() < 0.1 ? null : `s${Math.floor(random() * 300)}`,
      properties: Object.fromEntries(Object.entries(spec.properties).map(([name, p]) => [name, value(p, random)])),
    });
  }
  const batches: AdmittedEvent[][] = [];
  for (let at = 0; at < made.length; at += 1000) batches.push(made.slice(at, at + 1000));
  // Repeats: some within their own batch, some in a later batch, some with other content (still the same id).
  const again = made.filter((_, i) => i % 37 === 0);
  const changed = made.filter((_, i) => i % 53 === 0).map((e) => ({ ...e, ts: e.ts + 3_600_000, userId: 'someone_else' }));
  batches[0]?.push(...(batches[0]?.slice(0, 5) ?? []));
  batches.push(again, changed);
  return batches;
}
