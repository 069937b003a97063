/**
 * Criteria that name an SLO, pure:
 *
 *   slo(<id>) met            the SLI meets the objective (SLI >= objective)
 *   slo(<id>) >= 99.9%       the SLI compared with a value
 *   budget(<id>) >= 50%      the share of the error budget that remains
 *
 * Each with an optional `over <duration>`, as any criterion. The SLO must be
 * declared under slos.
 */
import type { Subject } from './criteria-types.js';

/** The SLOs a criterion may name, with their objectives. */
export interface SloRef {
  readonly id: string;
  readonly objective: number;
}

const MET = /^slo\(\s*([^)]*?)\s*\)\s+met(?:\s+over\s+(\S+))?$/;
const SUBJECT = /^(slo|budget)\(\s*([^)]*?)\s*\)$/;

function find(id: string, slos: readonly SloRef[]): SloRef | string {
  const slo = slos.find((s) => s.id === id);
  return slo ?? `no SLO "${id}" is declared under slos (declared: ${slos.map((s) => s.id).join(', ') || 'none'})`;
}

/** `slo(x) met` as its parts (the SLI >= the objective), a reason it is not one, or undefined for text of another shape. */
export function sloMet(text: string, slos: readonly SloRef[]): { subject: Subject; value: number; over: string | undefined } | string | undefined {
  const match = MET.exec(text);
  if (!match) return undefined;
  const slo = find(match[1] ?? '', slos);
  if (typeof slo === 'string') return slo;
  return { subject: { kind: 'slo', slo: slo.id, figure: 'sli' }, value: slo.objective, over: match[2] };
}

/** The subject of `slo(x) <op> <value>` or `budget(x) <op> <value>`, a reason it is not one, or undefined for another subject. */
export function sloSubject(text: string, slos: readonly SloRef[]): Subject | string | undefined {
  const match = SUBJECT.exec(text);
  if (!match) return undefined;
  const slo = find(match[2] ?? '', slos);
  if (typeof slo === 'string') return slo;
  return { kind: 'slo', slo: slo.id, figure: match[1] === 'budget' ? 'budget' : 'sli' };
}
