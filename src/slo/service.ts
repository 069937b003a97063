/**
 * The SLOs' figures now, shared by the alert engine, the API and /metrics:
 * each SLO's per-minute counts are kept in a MinuteRollup, so an evaluation
 * reads only the minutes that may have changed (the last few, and those a
 * commit with older events touched: noteCommit) instead of the whole window.
 * Incident SLIs are read whole each time (incidents are few, and an
 * incident's verdict changes with time alone). Concurrent callers share one
 * evaluation in flight; evaluations run one at a time.
 */
import type { Plan } from '../plan/types.js';
import type { SloSpec } from '../plan/slo-types.js';
import { Mutex } from '../store/duckdb/database.js';
import { evaluateSlo, spanMinutes, type SloFiguresAt } from './evaluate.js';
import { MinuteRollup } from './rollup.js';
import { readMinutes, sliEvents, type SloReadPorts } from './source.js';

export interface SloServiceOptions extends SloReadPorts {
  readonly plan: () => Plan;
  readonly now: () => number;
  /** Told of an SLO whose figures could not be read (the others are still evaluated). */
  readonly onError?: (slo: SloSpec, error: unknown) => void;
  /** How long an evaluation is reused when nothing was committed since (default 1 s). */
  readonly maxAgeMs?: number;
}

export interface SloEvaluation {
  readonly at: number;
  /** By SLO id; an SLO whose figures could not be read is missing. */
  readonly slos: ReadonlyMap<string, SloFiguresAt>;
}

interface Kept {
  readonly key: string;
  readonly rollup: MinuteRollup;
}

/** What an SLO's kept counts depend on: a change of any of it starts them afresh. */
const keyOf = (slo: SloSpec): string => JSON.stringify([slo.sli, slo.by, slo.windowMs, spanMinutes(slo)]);

export class SloService {
  private readonly kept = new Map<string, Kept>();
  private readonly lock = new Mutex();
  private cached: { at: number; plan: Plan; commits: number; result: Promise<SloEvaluation> } | undefined;
  private commits = 0;

  constructor(private readonly options: SloServiceOptions) {}

  /** A commit stored events of these types, the earliest of each at this time: the minutes from there are read again. */
  noteCommit(earliest: ReadonlyMap<string, number>): void {
    this.commits++;
    for (const slo of this.options.plan().slos) {
      const event = sliEvents(slo)?.event;
      const ts = event === undefined ? undefined : earliest.get(event);
      if (ts !== undefined) this.kept.get(slo.id)?.rollup.invalidate(ts);
    }
  }

  /** Every SLO's figures now (reused for up to maxAgeMs while nothing is committed). */
  current(): Promise<SloEvaluation> {
    const now = this.options.now();
    const plan = this.options.plan();
    const cached = this.cached;
    if (cached && cached.plan === plan && cached.commits === this.commits && now - cached.at < (this.options.maxAgeMs ?? 1000) && now >= cached.at) return cached.result;
    const result = this.evaluate(plan, now);
    this.cached = { at: now, plan, commits: this.commits, result };
    result.catch(() => {
      if (this.cached?.result === result) this.cached = undefined;
    });
    return result;
  }

  /** The figures slo_burn conditions read (the alert engine's slos port). */
  async readings(plan: Plan, now: number): Promise<ReadonlyMap<string, SloFiguresAt>> {
    if (plan !== this.options.plan()) return (await this.evaluate(plan, now)).slos;
    return (await this.current()).slos;
  }

  private evaluate(plan: Plan, now: number): Promise<SloEvaluation> {
    return this.lock.run(async () => {
      for (const id of this.kept.keys()) if (!plan.slos.some((s) => s.id === id)) this.kept.delete(id);
      const slos = new Map<string, SloFiguresAt>();
      for (const slo of plan.slos) {
        try {
          slos.set(slo.id, await this.evaluateOne(slo, now));
        } catch (error: unknown) {
          this.options.onError?.(slo, error);
        }
      }
      return { at: now, slos };
    });
  }

  private async evaluateOne(slo: SloSpec, now: number): Promise<SloFiguresAt> {
    const key = keyOf(slo);
    let kept = this.kept.get(slo.id);
    if (!kept || kept.key !== key) {
      kept = { key, rollup: new MinuteRollup({ spanMinutes: spanMinutes(slo) }) };
      this.kept.set(slo.id, kept);
    }
    if (slo.sli.kind === 'incidents') {
      const from = Math.floor(now / 60_000) - spanMinutes(slo) + 1;
      return evaluateSlo(slo, await readMinutes(this.options, slo, from, now), now);
    }
    const from = kept.rollup.begin(now);
    try {
      kept.rollup.store(from, now, await readMinutes(this.options, slo, from, now));
    } catch (error: unknown) {
      // What was kept may now miss minutes: start afresh next time.
      this.kept.delete(slo.id);
      throw error;
    }
    return evaluateSlo(slo, kept.rollup.current(), now);
  }
}
