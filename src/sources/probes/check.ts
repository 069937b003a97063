/**
 * One probe run: an HTTP request to the probe's URL, judged against what the
 * plan expects. `judgeProbe` is the decision (pure); `runProbe` does the I/O.
 */
import { randomUUID } from 'node:crypto';
import { PROBE_EVENT, type ProbeReason, type ProbeSpec } from '../../plan/probe-types.js';
import type { AdmittedEvent } from '../../store/types.js';

/** What came back: an answer with its status and (the start of) its body, or no answer. */
export type ProbeAnswer = { readonly kind: 'answered'; readonly status: number; readonly body: string } | { readonly kind: 'failed'; readonly error: 'timeout' | 'connection' };

export interface ProbeResult {
  readonly probe: string;
  readonly ok: boolean;
  readonly reason: ProbeReason;
  /** The answer's status; null without an answer. */
  readonly status: number | null;
  readonly latencyMs: number;
}

/** At most this much of a body is read to look for `body_contains`. */
export const MAX_BODY_BYTES = 1024 * 1024;

export function judgeProbe(spec: ProbeSpec, answer: ProbeAnswer): { ok: boolean; reason: ProbeReason } {
  if (answer.kind === 'failed') return { ok: false, reason: answer.error };
  const statusOk = spec.expectStatus.length === 0 ? answer.status >= 200 && answer.status < 300 : spec.expectStatus.includes(answer.status);
  if (!statusOk) return { ok: false, reason: 'status' };
  if (spec.bodyContains !== undefined && !answer.body.includes(spec.bodyContains)) return { ok: false, reason: 'body' };
  return { ok: true, reason: 'ok' };
}

async function readBody(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < MAX_BODY_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
  return Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8');
}

/** Sends the probe's request (redirects followed) and judges the answer; never throws. */
export async function runProbe(spec: ProbeSpec): Promise<ProbeResult> {
  const started = performance.now();
  let answer: ProbeAnswer;
  try {
    const response = await fetch(spec.url, { method: spec.method, signal: AbortSignal.timeout(spec.timeoutMs), headers: { 'user-agent': 'launchwatch-probe' } });
    const body = spec.bodyContains !== undefined ? await readBody(response) : '';
    if (spec.bodyContains === undefined) await response.body?.cancel().catch(() => undefined);
    answer = { kind: 'answered', status: response.status, body };
  } catch (error: unknown) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    answer = { kind: 'failed', error: timedOut ? 'timeout' : 'connection' };
  }
  const latencyMs = Math.round((performance.now() - started) * 10) / 10;
  const verdict = judgeProbe(spec, answer);
  return { probe: spec.name, ...verdict, status: answer.kind === 'answered' ? answer.status : null, latencyMs };
}

/** A result as the `probe_result` event it is stored as. */
export function probeEvent(result: ProbeResult, at: number, id: string = randomUUID()): AdmittedEvent {
  return {
    id,
    type: PROBE_EVENT,
    ts: at,
    userId: null,
    sessionId: null,
    properties: { probe: result.probe, ok: result.ok, status: result.status, latency_ms: result.latencyMs, reason: result.reason },
  };
}
