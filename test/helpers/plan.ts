/** Test helpers for plans: a Plan from inline YAML, failing loudly with the plan's errors. */
import { loadPlanFile, loadPlanText, formatPlanError } from '../../src/plan/load.js';
import type { MetricSpec, Plan } from '../../src/plan/types.js';

export function planFrom(yaml: string, env: Record<string, string> = {}): Plan {
  const result = loadPlanText(yaml, 'test.yaml', env);
  if (result.kind === 'invalid') throw new Error(result.errors.map(formatPlanError).join('\n'));
  return result.plan;
}

export async function fixturePlan(): Promise<Plan> {
  const result = await loadPlanFile(new URL('../fixtures/plan.yaml', import.meta.url).pathname, {});
  if (result.kind === 'invalid') throw new Error(result.errors.map(formatPlanError).join('\n'));
  return result.plan;
}

export function metric(plan: Plan, id: string): MetricSpec {
  const found = plan.metrics.find((m) => m.id === id);
  if (!found) throw new Error(`no metric ${id}`);
  return found;
}

/** Continuous quantile with linear interpolation between closest ranks (numpy's default). */
export function referenceQuantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] ?? NaN;
  const high = sorted[upper] ?? NaN;
  return low + (high - low) * (position - lower);
}
