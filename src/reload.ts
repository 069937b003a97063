/**
 * Reloading the plan while the server runs, as Prometheus and Alertmanager
 * reload their configuration. Everything that can fail happens before
 * anything changes: the file is read with the same loader as at start
 * (`${VAR}` from the environment, every error at file:line:col), then the
 * stored events are asked what they would refuse of it (a property whose type
 * changed, a metric that could not be computed). Only a plan that passes both
 * is put in force, by `swap`; a refused one leaves the running plan untouched
 * and every error is logged and answered. Reloads run one at a time.
 */
import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import { LaunchwatchError } from './errors.js';
import type { PlanReloadStats } from './exposition/families.js';
import type { PlanHolder } from './plan/holder.js';
import { formatPlanError, loadPlanFile, locatePlanIssues, type Env, type PlanError } from './plan/load.js';
import type { Plan } from './plan/types.js';
import type { StorageProblem } from './store/types.js';

export type ReloadOutcome =
  | { readonly kind: 'reloaded'; readonly version: number; readonly metrics: number }
  | { readonly kind: 'invalid'; readonly errors: readonly PlanError[] };

export interface PlanReloaderOptions {
  readonly holder: PlanHolder;
  /** The plan file the server was started with; without it only reload(plan) works. */
  readonly file?: string;
  readonly env: Env;
  /** What the stored events would refuse of the plan, changing nothing. */
  readonly check: (plan: Plan) => Promise<readonly StorageProblem[]>;
  /** Puts a checked plan in force: the storage first, then every part. Throws only for a fault (disk, database), never for the plan. */
  readonly swap: (plan: Plan) => Promise<void>;
  readonly now: () => number;
  readonly logger: Logger;
}

/** Where a storage problem is in the plan file: the property's key, or the metric's. */
function issueOf(problem: StorageProblem): { path: string[]; message: string; atKey: true } {
  const path = problem.kind === 'property' ? ['events', problem.event, problem.property] : ['metrics', problem.metric];
  return { path, message: problem.message, atKey: true };
}

export class PlanReloader {
  private tail: Promise<unknown> = Promise.resolve();
  private lastSuccessful = true;
  private lastSuccessAt: number;

  constructor(private readonly options: PlanReloaderOptions) {
    this.lastSuccessAt = options.now();
  }

  /** Whether the last reload succeeded, and when a plan was last put in force (the start, or the last good reload). */
  stats(): PlanReloadStats {
    return { lastSuccessful: this.lastSuccessful, lastSuccessAt: this.lastSuccessAt };
  }

  /** Reads the plan file again (or takes `plan`), checks it and puts it in force; queued behind a reload in flight. */
  reload(plan?: Plan): Promise<ReloadOutcome> {
    const next = this.tail.then(
      () => this.once(plan),
      () => this.once(plan),
    );
    this.tail = next.catch(() => undefined);
    return next;
  }

  private async once(given: Plan | undefined): Promise<ReloadOutcome> {
    const { file, logger } = this.options;
    if (given === undefined && file === undefined) {
      throw new LaunchwatchError('conflict', 'this server was started with a plan value, not a plan file: there is no file to read again');
    }
    try {
      const outcome = await this.attempt(given, file);
      if (outcome.kind === 'invalid') {
        this.lastSuccessful = false;
        logger.error({ file, errors: outcome.errors.map(formatPlanError) }, 'plan reload refused: the plan in force is unchanged');
        return outcome;
      }
      this.lastSuccessful = true;
      this.lastSuccessAt = this.options.now();
      logger.info({ file, version: outcome.version, metrics: outcome.metrics }, 'plan reloaded');
      return outcome;
    } catch (error: unknown) {
      this.lastSuccessful = false;
      logger.error({ err: error, file }, 'plan reload failed');
      throw error;
    }
  }

  private async attempt(given: Plan | undefined, file: string | undefined): Promise<ReloadOutcome> {
    let plan = given;
    if (plan === undefined && file !== undefined) {
      const loaded = await loadPlanFile(file, this.options.env);
      if (loaded.kind === 'invalid') return loaded;
      plan = loaded.plan;
    }
    if (plan === undefined) throw new Error('unreachable: a reload has a plan or a file');
    const problems = await this.options.check(plan);
    if (problems.length > 0) return { kind: 'invalid', errors: await this.located(problems, given === undefined ? file : undefined) };
    await this.options.swap(plan);
    return { kind: 'reloaded', version: this.options.holder.version(), metrics: plan.metrics.length };
  }

  /** The storage's problems at file:line:col when the plan came from the file; at 0:0 when it was given as a value. */
  private async located(problems: readonly StorageProblem[], file: string | undefined): Promise<PlanError[]> {
    const issues = problems.map(issueOf);
    if (file !== undefined) {
      const text = await readFile(file, 'utf8').catch(() => undefined);
      if (text !== undefined) return locatePlanIssues(text, file, issues);
    }
    return issues.map((issue) => ({ file: file ?? 'plan', line: 0, col: 0, message: `${issue.path.join('.')}: ${issue.message}` }));
  }
}
