/**
 * The criteria vocabulary: `success_criteria` (must / should / nice, judged
 * over an evaluation window; GO when every must holds) and `phases` (launch
 * phases with completion criteria: all of, and at least one of). Shapes
 * (zod) and meaning (each criterion parsed, metrics exist), returning every
 * issue at the criterion's own line.
 */
import { z } from 'zod';
import type { CriteriaPlan, Criterion, PhaseSpec, SuccessCriteria } from './criteria-types.js';
import { parseCriterion } from './criterion.js';
import type { PathSegment, PlanIssue } from './issue.js';
import { NAME, sectionReader } from './section.js';
import type { SloRef } from './slo-criterion.js';
import type { MetricSpec } from './types.js';

export const DEFAULT_CRITERIA_WINDOW = '7d';

const list = z.array(z.union([z.string(), z.number()]));

export const rawSuccessCriteria = z.strictObject({
  window: z.string().optional(),
  must: list.optional(),
  should: list.optional(),
  nice: list.optional(),
});

const rawPhase = z.strictObject({
  title: z.string().min(1).optional(),
  window: z.string().optional(),
  all: list.optional(),
  any: list.optional(),
});

export function resolveCriteria(
  raw: { success_criteria?: unknown; phases?: unknown },
  context: { metrics: readonly MetricSpec[]; slos?: readonly SloRef[] },
  issues: PlanIssue[],
  zodIssues: (error: z.ZodError, base: readonly PathSegment[]) => PlanIssue[],
): CriteriaPlan {
  const reader = sectionReader(issues, zodIssues);
  const ids = context.metrics.map((m) => m.id);
  const criteria = (values: readonly (string | number)[] | undefined, path: readonly PathSegment[]): Criterion[] =>
    (values ?? []).flatMap((value, i) => {
      const result = parseCriterion(value, ids, context.slos ?? []);
      if (result.kind === 'ok') return [Object.freeze(result.criterion)];
      issues.push({ path: [...path, i], message: result.reason });
      return [];
    });
  const windowOf = (text: string | undefined, path: readonly PathSegment[]): number => {
    const ms = reader.duration(text ?? DEFAULT_CRITERIA_WINDOW, 7 * 86_400_000, path);
    if (ms <= 0) issues.push({ path, message: 'the window must be longer than zero' });
    return ms;
  };

  let success: SuccessCriteria | null = null;
  if (raw.success_criteria !== undefined) {
    const s = reader.parse(rawSuccessCriteria, raw.success_criteria ?? {}, ['success_criteria']);
    if (s) {
      success = Object.freeze({
        windowMs: windowOf(s.window, ['success_criteria', 'window']),
        must: Object.freeze(criteria(s.must, ['success_criteria', 'must'])),
        should: Object.freeze(criteria(s.should, ['success_criteria', 'should'])),
        nice: Object.freeze(criteria(s.nice, ['success_criteria', 'nice'])),
      });
    }
  }

  const phases: PhaseSpec[] = [];
  const rawPhases = raw.phases === undefined ? {} : reader.parse(z.record(z.string(), z.unknown()), raw.phases, ['phases']) ?? {};
  for (const [id, value] of Object.entries(rawPhases)) {
    const path = ['phases', id];
    if (!NAME.test(id)) {
      issues.push({ path, message: 'a phase id must be lower-case letters, digits and _, starting with a letter', atKey: true });
      continue;
    }
    const p = reader.parse(rawPhase, value ?? {}, path);
    if (!p) continue;
    if ((p.all ?? []).length === 0 && (p.any ?? []).length === 0) {
      issues.push({ path, message: 'a phase needs completion criteria under all (every one holds) or any (at least one holds)', atKey: true });
      continue;
    }
    phases.push(
      Object.freeze({
        id,
        title: p.title ?? id,
        windowMs: windowOf(p.window, [...path, 'window']),
        all: Object.freeze(criteria(p.all, [...path, 'all'])),
        any: Object.freeze(criteria(p.any, [...path, 'any'])),
      }),
    );
  }
  return { criteria: Object.freeze({ success, phases: Object.freeze(phases) }) };
}
