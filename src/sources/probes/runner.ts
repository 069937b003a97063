/**
 * Runs the plan's probes, each on its own interval, and stores every result as
 * a `probe_result` event through the same group commit as ingested events.
 * Keeps each probe's consecutive failures for the status page. After a plan
 * reload, replan() starts the probes that are new, stops those that left the
 * plan and moves those whose interval changed to the new one.
 */
import type { Logger } from 'pino';
import type { Plan } from '../../plan/types.js';
import type { AdmittedEvent } from '../../store/types.js';
import { probeEvent, runProbe, type ProbeResult } from './check.js';

export interface ProbeRunnerOptions {
  readonly plan: () => Plan;
  /** Stores events durably (the group committer's submit). */
  readonly submit: (events: readonly AdmittedEvent[]) => Promise<unknown>;
  readonly now: () => number;
  readonly logger: Logger;
}

export interface ProbeState {
  readonly last: ProbeResult;
  /** Failed results in a row, up to the last one; 0 after a success. */
  readonly consecutiveFailures: number;
}

export class ProbeRunner {
  private readonly states = new Map<string, ProbeState>();
  /** Each waiting probe's timer, with the interval it was scheduled by. */
  private readonly timers = new Map<string, { readonly timer: NodeJS.Timeout; readonly intervalMs: number }>();
  /** Probes whose run is in flight: they are scheduled again when it ends. */
  private readonly running = new Set<string>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private started = false;
  private stopped = false;

  constructor(private readonly options: ProbeRunnerOptions) {}

  /** The last result of each probe that has run, with its failures in a row. */
  state(): ReadonlyMap<string, ProbeState> {
    return this.states;
  }

  /** Runs one probe now and stores its result. */
  async run(name: string): Promise<ProbeResult | undefined> {
    const spec = this.options.plan().probes[name];
    if (!spec) return undefined;
    const at = this.options.now();
    const result = await runProbe(spec);
    const before = this.states.get(name)?.consecutiveFailures ?? 0;
    this.states.set(name, { last: result, consecutiveFailures: result.ok ? 0 : before + 1 });
    await this.options.submit([probeEvent(result, at)]);
    if (!result.ok && before === 0) this.options.logger.warn({ probe: name, reason: result.reason, status: result.status }, 'probe failed');
    if (result.ok && before > 0) this.options.logger.info({ probe: name, failures: before }, 'probe recovered');
    return result;
  }

  /** Runs every probe once, in parallel. */
  async runAll(): Promise<ProbeResult[]> {
    const results = await Promise.all(Object.keys(this.options.plan().probes).map((name) => this.run(name)));
    return results.filter((r): r is ProbeResult => r !== undefined);
  }

  /** Runs each probe now, then every interval after its previous run ended. */
  start(): void {
    this.started = true;
    for (const spec of Object.values(this.options.plan().probes)) this.schedule(spec.name, 0, spec.intervalMs);
  }

  /**
   * Follows the plan in force (after a reload): a new probe runs now, a probe
   * that left the plan stops and its state is forgotten, a probe whose interval
   * changed next runs one new interval from now. A run in flight finishes.
   */
  replan(): void {
    const probes = this.options.plan().probes;
    for (const name of this.states.keys()) if (!Object.hasOwn(probes, name)) this.states.delete(name);
    if (!this.started || this.stopped) return;
    for (const [name, waiting] of this.timers) {
      const spec = Object.hasOwn(probes, name) ? probes[name] : undefined;
      if (spec?.intervalMs === waiting.intervalMs) continue;
      clearTimeout(waiting.timer);
      this.timers.delete(name);
      if (spec) this.schedule(name, spec.intervalMs, spec.intervalMs);
    }
    for (const spec of Object.values(probes)) {
      if (!this.timers.has(spec.name) && !this.running.has(spec.name)) this.schedule(spec.name, 0, spec.intervalMs);
    }
  }

  private schedule(name: string, delayMs: number, intervalMs: number): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(name);
      this.running.add(name);
      const running = this.run(name)
        .catch((error: unknown) => this.options.logger.error({ err: error, probe: name }, 'storing a probe result failed'))
        .finally(() => {
          this.inFlight.delete(running);
          this.running.delete(name);
          const probes = this.options.plan().probes;
          const spec = Object.hasOwn(probes, name) ? probes[name] : undefined;
          if (spec) this.schedule(name, spec.intervalMs, spec.intervalMs);
          else this.states.delete(name);
        });
      this.inFlight.add(running);
    }, delayMs);
    timer.unref();
    this.timers.set(name, { timer, intervalMs });
  }

  /** Stops scheduling and waits for the runs in flight to be stored. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const waiting of this.timers.values()) clearTimeout(waiting.timer);
    this.timers.clear();
    await Promise.all([...this.inFlight]);
  }
}
