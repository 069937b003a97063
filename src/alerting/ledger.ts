/**
 * The alert engine's live state and what of it the store has not yet been
 * told. Alerts and groups live here, in memory, where the API reads them
 * without waiting for a tick; every change is applied here at once and
 * noted, and a commit takes the notes (take()) and writes only what changed,
 * in one transaction. A commit that fails gives its notes back (restore()),
 * so the next one writes them: the store lags the memory, never the other
 * way round, and a notification owed is written together with the group log
 * that says it was owed.
 */
import type { AlertingChange } from '../store/types.js';
import type { AggregationGroup, AlertInstance, NotificationRequest, Transition } from './types.js';

/** What a commit writes: the keys changed (read back from the live state when the commit is taken) and what happened. */
export interface Notes {
  readonly instances: Set<string>;
  readonly groups: Set<string>;
  readonly transitions: Transition[];
  readonly notifications: NotificationRequest[];
}

const emptyNotes = (): Notes => ({ instances: new Set(), groups: new Set(), transitions: [], notifications: [] });

/** Two records with the same own values, compared one level deep (labels, annotations). */
function sameRecord(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => a[k] === b[k]);
}

/**
 * Whether `next` says anything the store must keep that `previous` did not: everything but the
 * time of the last evaluation, which changes at every tick and is set again by the first tick
 * after a restart.
 */
export function worthWriting(previous: AlertInstance | undefined, next: AlertInstance): boolean {
  if (previous === undefined) return true;
  if (previous === next) return false;
  for (const key of Object.keys(next) as (keyof AlertInstance)[]) {
    if (key === 'lastEvaluatedAt') continue;
    const a = previous[key];
    const b = next[key];
    if (a === b) continue;
    if (key === 'labels' || key === 'annotations') {
      if (sameRecord(a as Record<string, string>, b as Record<string, string>)) continue;
    }
    return true;
  }
  return false;
}

/** How far a quiet group's stored timers may lag its flushes. */
export const TIMERS_WRITTEN_EVERY_MS = 60_000;

/** Whether the group changed only in when it flushed last and flushes next. */
function onlyTimersMoved(a: AggregationGroup, b: AggregationGroup): boolean {
  return a.sent === b.sent && a.key === b.key && a.route === b.route && a.routeId === b.routeId && a.labels === b.labels && a.createdAt === b.createdAt;
}

export class AlertLedger {
  readonly instances = new Map<string, AlertInstance>();
  readonly groups = new Map<string, AggregationGroup>();
  private notes: Notes = emptyNotes();
  /** Per group, the last flush time noted for the store. */
  private readonly timersWritten = new Map<string, number>();

  constructor(instances: readonly AlertInstance[], groups: readonly AggregationGroup[]) {
    for (const i of instances) this.instances.set(i.fingerprint, i);
    for (const g of groups) this.groups.set(g.key, g);
  }

  /** Sets an alert; noted for the store only when it changed more than its evaluation time. */
  putInstance(instance: AlertInstance): void {
    const previous = this.instances.get(instance.fingerprint);
    this.instances.set(instance.fingerprint, instance);
    if (worthWriting(previous, instance)) this.notes.instances.add(instance.fingerprint);
  }

  removeInstance(fingerprint: string): void {
    if (this.instances.delete(fingerprint)) this.notes.instances.add(fingerprint);
  }

  /**
   * Sets a group. A flush that sent nothing moves only its timers: those are noted at most once a
   * TIMERS_WRITTEN_EVERY_MS of flushes, so thousands of quiet groups do not rewrite themselves at
   * every group_interval. Timers a little behind after a restart only make the group flush sooner;
   * what it sent (its notification log) is always written.
   */
  putGroup(group: AggregationGroup): void {
    const previous = this.groups.get(group.key);
    this.groups.set(group.key, group);
    if (previous === group) return;
    if (previous !== undefined && onlyTimersMoved(previous, group)) {
      let written = this.timersWritten.get(group.key);
      if (written === undefined) {
        // Loaded, or noted before: the store has the previous timers.
        written = previous.lastFlushAt ?? previous.createdAt;
        this.timersWritten.set(group.key, written);
      }
      if ((group.lastFlushAt ?? group.createdAt) - written < TIMERS_WRITTEN_EVERY_MS) return;
    }
    this.timersWritten.set(group.key, group.lastFlushAt ?? group.createdAt);
    this.notes.groups.add(group.key);
  }

  removeGroup(key: string): void {
    // Noted even when unknown here: a stored group under a key of an earlier layout is deleted by it.
    this.groups.delete(key);
    this.timersWritten.delete(key);
    this.notes.groups.add(key);
  }

  record(transitions: readonly Transition[], notifications: readonly NotificationRequest[]): void {
    this.notes.transitions.push(...transitions);
    this.notes.notifications.push(...notifications);
  }

  /** Whether anything waits to be written. */
  get dirty(): boolean {
    const n = this.notes;
    return n.instances.size + n.groups.size + n.transitions.length + n.notifications.length > 0;
  }

  /** The notes so far, and the change they make against the live state now; later changes are noted afresh. */
  take(): { notes: Notes; change: AlertingChange } {
    const notes = this.notes;
    this.notes = emptyNotes();
    const instances: AlertInstance[] = [];
    const removedInstances: string[] = [];
    for (const fingerprint of notes.instances) {
      const instance = this.instances.get(fingerprint);
      if (instance) instances.push(instance);
      else removedInstances.push(fingerprint);
    }
    const groups: AggregationGroup[] = [];
    const removedGroups: string[] = [];
    for (const key of notes.groups) {
      const group = this.groups.get(key);
      if (group) groups.push(group);
      else removedGroups.push(key);
    }
    return { notes, change: { instances, removedInstances, transitions: notes.transitions, groups, removedGroups, notifications: notes.notifications } };
  }

  /** Gives back the notes of a commit that failed: they are written with the next one, before what was noted since. */
  restore(notes: Notes): void {
    const later = this.notes;
    this.notes = {
      instances: new Set([...notes.instances, ...later.instances]),
      groups: new Set([...notes.groups, ...later.groups]),
      transitions: [...notes.transitions, ...later.transitions],
      notifications: [...notes.notifications, ...later.notifications],
    };
  }
}
