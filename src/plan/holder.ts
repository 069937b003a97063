/**
 * The plan in force: one value every part of the running server reads with
 * current(), replaced whole by apply() when the plan is reloaded. A part that
 * keeps something derived from the plan (timers, worker threads' copies)
 * subscribes and is told of each new plan, right after it is in force.
 */
import type { Plan } from './types.js';

/** Told with the new plan and the one it replaced. */
export type PlanListener = (next: Plan, previous: Plan) => void;

export class PlanHolder {
  private plan: Plan;
  private applied = 1;
  private readonly listeners = new Set<PlanListener>();

  /** `onListenerError`: a listener that throws is reported there; the plan is in force and the other listeners are told regardless. */
  constructor(
    initial: Plan,
    private readonly onListenerError: (error: unknown) => void = (error) => console.error('plan listener failed', error),
  ) {
    this.plan = initial;
  }

  current(): Plan {
    return this.plan;
  }

  /** 1 for the plan the server started with, one more for each plan applied since. */
  version(): number {
    return this.applied;
  }

  /** Puts the plan in force, then tells every listener, in the order they subscribed. */
  apply(next: Plan): void {
    const previous = this.plan;
    this.plan = next;
    this.applied++;
    for (const listener of [...this.listeners]) {
      try {
        listener(next, previous);
      } catch (error: unknown) {
        this.onListenerError(error);
      }
    }
  }

  /** Calls the listener after each apply(); returns the function that stops that. */
  subscribe(listener: PlanListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
