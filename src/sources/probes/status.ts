/**
 * What uptime probes tell the status page, per component: down now (a probe
 * failed its `down_after` last runs), and the share of ok results over the
 * window and per UTC day, from the stored `probe_result` events.
 */
import { PROBE_EVENT, type ProbeSpec } from '../../plan/probe-types.js';
import type { MetricSpec, Plan } from '../../plan/types.js';
import { DAY_MS, type ComponentProbes } from '../../status/model.js';
import type { EventStore } from '../../store/types.js';
import type { ProbeState } from './runner.js';

/** Probes by the component they speak for. */
export function probesByComponent(plan: Plan): Map<string, ProbeSpec[]> {
  const out = new Map<string, ProbeSpec[]>();
  for (const probe of Object.values(plan.probes)) {
    if (probe.component === undefined) continue;
    out.set(probe.component, [...(out.get(probe.component) ?? []), probe]);
  }
  return out;
}

/** Whether a probe is down: its last `downAfter` results all failed. Pure. */
export function isDown(spec: ProbeSpec, state: ProbeState | undefined): boolean {
  return state !== undefined && state.consecutiveFailures >= spec.downAfter;
}

function okShare(probes: readonly ProbeSpec[], windowMs: number): MetricSpec {
  return {
    id: `probes:${probes.map((p) => p.name).join(',')}`,
    title: 'uptime',
    from: PROBE_EVENT,
    where: [{ field: 'probe', condition: { op: 'in', values: probes.map((p) => p.name) } }],
    measure: { kind: 'ratio', match: [{ field: 'ok', condition: { op: 'eq', value: true } }] },
    by: [],
    windowMs,
    targets: [],
    unit: 'percent',
  };
}

/** For each component probes watch: its state now, its uptime over the days shown and per day. */
export async function probeComponents(
  plan: Plan,
  events: EventStore,
  states: ReadonlyMap<string, ProbeState>,
  window: { readonly from: number; readonly now: number; readonly days: number },
): Promise<Record<string, ComponentProbes>> {
  const out: Record<string, ComponentProbes> = {};
  for (const [component, probes] of probesByComponent(plan)) {
    const metric = okShare(probes, window.now - window.from);
    const range = { from: window.from, to: window.now };
    const [whole, series] = await Promise.all([events.measure(metric, range), events.series(metric, range, DAY_MS)]);
    const daily = Array.from({ length: window.days }, (_, d) => series.points[d]?.value ?? null);
    const down = probes.some((p) => isDown(p, states.get(p.name)));
    out[component] = { state: down ? 'major_outage' : 'operational', uptime: whole.value, daily };
  }
  return out;
}
