/**
 * The fence between a replica that has stopped leading and the shared state.
 * A leader's duties (alert ticks, the notify worker, escalations, digests)
 * write the state through this view: while the replica does not lead by its
 * lease (src/cluster/lease.ts), every write is refused before it reaches
 * PostgreSQL and the outbox hands out nothing to deliver. A leader that was
 * paused past its lease and resumes therefore neither writes nor sends, even
 * if one of its timers fires before the lease's watchdog has demoted it.
 */
import { LaunchwatchError } from '../errors.js';
import type { StateStore } from '../store/types.js';

/** The state's writes: each refused while the replica does not lead. */
const WRITES = [
  'recordSamples',
  'commitAlerting',
  'recordDeliveries',
  'markSent',
  'markRetry',
  'markFailed',
  'putSilence',
  'nextIncidentId',
  'putIncident',
  'appendTimeline',
  'nextActionItemId',
  'putActionItem',
] as const satisfies readonly (keyof StateStore)[];

/** Outbox reads that hand out work: empty while the replica does not lead. */
const HAND_OUTS = ['due', 'retrying'] as const satisfies readonly (keyof StateStore)[];

export function notLeading(): LaunchwatchError {
  return new LaunchwatchError('unavailable', 'this replica is not the leader (its lease ran out); the leader does this');
}

/** The state as the leader's duties see it: writes and hand-outs only while `leading()`. */
export function fencedState(state: StateStore, leading: () => boolean): StateStore {
  const writes = new Set<PropertyKey>(WRITES);
  const handOuts = new Set<PropertyKey>(HAND_OUTS);
  return new Proxy(state, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (writes.has(property)) {
        return (...args: unknown[]) => (leading() ? method.apply(target, args) : Promise.reject(notLeading()));
      }
      if (handOuts.has(property)) {
        return (...args: unknown[]) => (leading() ? method.apply(target, args) : Promise.resolve([]));
      }
      return method.bind(target);
    },
  });
}
