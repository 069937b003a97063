/**
 * Event types launchwatch writes itself and no sender may send: probe results
 * (when the plan has probes, it declares `probe_result` itself) and
 * redactions. `telemetry_consent` is a built-in type that clients do send.
 * Pure; POST /v1/events and POST /v1/logs ask it before admission.
 */
import { REDACTION_EVENT } from './privacy.js';
import { PROBE_EVENT, type ProbesPlan } from './probe-types.js';

const WRITERS: Readonly<Record<string, string>> = {
  [PROBE_EVENT]: "launchwatch's own probes",
  [REDACTION_EVENT]: "launchwatch's own redaction of personal data",
};

/** Why a sender may not send an event of this type, or undefined when it may (as far as this rule goes). */
export function serverWrittenRefusal(plan: ProbesPlan, type: unknown): string | undefined {
  if (typeof type !== 'string' || !Object.hasOwn(WRITERS, type)) return undefined;
  // Without probes, a plan may declare an event of its own named probe_result: that one is the sender's.
  if (type === PROBE_EVENT && Object.keys(plan.probes).length === 0) return undefined;
  return `type: ${type} is written by ${WRITERS[type] ?? 'launchwatch'}; clients cannot send it`;
}

/** The type field of a raw incoming event, if it has one. */
export const rawType = (raw: unknown): unknown => (typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>).type : undefined);
