/**
 * `npm run bench -- --only scrub`: what privacy costs on the ingest hot path.
 * Admission of the caro traffic with its privacy step (scrubbing every free
 * string, checking user_id), the privacy step alone, and the scrubber per
 * string on clean text and on text full of personal data. In-process, no
 * server; prints microseconds, never passes or fails.
 */
import { admit } from '../src/ingest/admit.js';
import { loadPlanText } from '../src/plan/load.js';
import type { Plan } from '../src/plan/types.js';
import { MUST_NOT_REDACT, MUST_REDACT } from '../src/privacy/corpus.js';
import { protect } from '../src/privacy/protect.js';
import { scrub, type Tally } from '../src/privacy/scrub.js';
import type { AdmittedEvent } from '../src/store/types.js';
import { createTraffic } from '../src/demo/traffic.js';
import { loadCaroPlan } from './caro.js';
import { median } from './stats.js';

const RUNS = 7;

/** Median µs per item of `work` over `items` items, after one warm-up run. */
function microsPer(items: number, work: () => void): number {
  work();
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    work();
    runs.push(((performance.now() - start) * 1000) / items);
  }
  return median(runs);
}

function textPlan(): Plan {
  const result = loadPlanText('version: 1\nproduct: { name: bench }\nevents:\n  err: { message: string }\n', 'bench.yaml', {});
  if (result.kind !== 'ok') throw new Error('bench plan does not load');
  return result.plan;
}

function admitAll(plan: Plan, raw: readonly unknown[], now: number): AdmittedEvent[] {
  const out: AdmittedEvent[] = [];
  for (const item of raw) {
    const result = admit(item, plan, now);
    if (result.kind === 'ok') out.push(result.event);
  }
  return out;
}

/** The privacy step alone over admitted events, minus the cost of copying their properties (which it needs, as it edits them). */
function privacyStep(plan: Plan, events: readonly AdmittedEvent[]): number {
  const specs = events.map((e) => plan.events[e.type] ?? plan.privacy.events[e.type]);
  const copy = microsPer(events.length, () => {
    for (const e of events) void { ...e.properties };
  });
  const step = microsPer(events.length, () => {
    events.forEach((e, i) => {
      const spec = specs[i];
      if (spec) protect(spec, { ...e.properties }, e.userId, plan.privacy);
    });
  });
  return Math.max(0, step - copy);
}

function line(label: string, value: number, note = ''): void {
  console.log(`  ${label.padEnd(46)} ${value.toFixed(3).padStart(8)} µs${note ? `  ${note}` : ''}`);
}

export async function benchScrub(options: { quick: boolean }): Promise<void> {
  const n = options.quick ? 20_000 : 200_000;
  const now = Date.now();
  console.log(`\nprivacy on the ingest path (in-process, median of ${RUNS} runs)`);

  const caro = await loadCaroPlan('bench-key');
  const traffic = JSON.parse(JSON.stringify(createTraffic({ profile: 'caro', seed: 5 }).live(n, now))) as unknown[];
  const admitted = admitAll(caro, traffic, now);
  const admitUs = microsPer(traffic.length, () => void admitAll(caro, traffic, now));
  const caroStep = privacyStep(caro, admitted);
  console.log(`caro traffic, ${traffic.length} events`);
  line('admit() per event, privacy step included', admitUs);
  line('privacy step per event (scrub + user_id)', caroStep, `${((caroStep / admitUs) * 100).toFixed(0)} % of admission`);
  line('admit() per event without it (difference)', admitUs - caroStep);

  const text = textPlan();
  for (const [name, strings] of [
    ['clean free text (must-not-redact corpus)', MUST_NOT_REDACT],
    ['personal data (must-redact corpus)', MUST_REDACT.map((e) => e.text)],
  ] as const) {
    const raw = Array.from({ length: n }, (_, i) => ({ type: 'err', timestamp: now, properties: { message: strings[i % strings.length] } }));
    const events = admitAll(text, raw, now);
    const perEvent = microsPer(raw.length, () => void admitAll(text, raw, now));
    const step = privacyStep(text, events);
    const perString = microsPer(n, () => {
      const tally: Tally = {};
      for (let i = 0; i < n; i++) scrub(strings[i % strings.length] ?? '', tally);
    });
    console.log(`one free-text property: ${name}`);
    line('admit() per event, privacy step included', perEvent);
    line('privacy step per event', step, `${((step / perEvent) * 100).toFixed(0)} % of admission`);
    line('scrub() per string', perString);
  }
}
