/** The `probes:` section as the plan holds it once validated (src/plan/probes.ts), and the event a probe's result is stored as. Plain data. */

/** The built-in event a probe's result is stored as. */
export const PROBE_EVENT = 'probe_result';

/** Why a probe failed, or `ok`. */
export const PROBE_REASONS = ['ok', 'status', 'body', 'timeout', 'connection'] as const;
export type ProbeReason = (typeof PROBE_REASONS)[number];

export const PROBE_METHODS = ['GET', 'HEAD', 'POST'] as const;

export interface ProbeSpec {
  readonly name: string;
  readonly url: string;
  readonly method: (typeof PROBE_METHODS)[number];
  /** Accepted answer statuses; empty means any 2xx. */
  readonly expectStatus: readonly number[];
  readonly bodyContains?: string;
  readonly timeoutMs: number;
  readonly intervalMs: number;
  /** The status page component this probe speaks for. */
  readonly component?: string;
  /** Consecutive failed results before the component shows a major outage. */
  readonly downAfter: number;
}

export interface ProbesPlan {
  /** In plan order. */
  readonly probes: Readonly<Record<string, ProbeSpec>>;
}
