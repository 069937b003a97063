/**
 * Cron schedules for digests: five fields (minute hour day-of-month month
 * day-of-week) with ranges, steps, lists and names (MON, JAN), read in an
 * IANA time zone. The arithmetic is croner's (DST-aware, no dependencies);
 * this module only admits the five-field form and answers in epoch ms. Pure.
 */
import { Cron } from 'croner';

export interface CronSchedule {
  readonly expression: string;
  readonly timezone: string;
}

export type CronResult = { readonly kind: 'ok'; readonly schedule: CronSchedule } | { readonly kind: 'invalid'; readonly reason: string };

const FIELDS = 5;

function compile(schedule: CronSchedule): Cron {
  // `paused` and no function: croner only computes times, it never starts a timer.
  return new Cron(schedule.expression, { timezone: schedule.timezone, paused: true });
}

export function parseCron(expression: string, timezone: string): CronResult {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== FIELDS) {
    return { kind: 'invalid', reason: `"${expression}" has ${fields.length} fields; a schedule has 5: minute hour day-of-month month day-of-week (e.g. "0 9 * * MON")` };
  }
  const schedule = { expression: fields.join(' '), timezone };
  try {
    const next = compile(schedule).nextRun(new Date(0));
    if (next === null) return { kind: 'invalid', reason: `"${expression}" never runs` };
  } catch (error: unknown) {
    const detail = error instanceof Error ? error.message.replace(/^CronPattern: /, '') : 'not a cron expression';
    return { kind: 'invalid', reason: `"${expression}" is not a cron schedule: ${detail}` };
  }
  return { kind: 'ok', schedule };
}

/** The first run strictly after `after`, or null when there is none. */
export function nextRun(schedule: CronSchedule, after: number): number | null {
  return compile(schedule).nextRun(new Date(after))?.getTime() ?? null;
}

/**
 * The latest run in (after, atOrBefore], or null when none falls there. Looks back from the end over
 * doubling spans (a minute, two, four …) so that a long gap costs a few dozen steps, not one per run.
 */
export function latestRun(schedule: CronSchedule, after: number, atOrBefore: number): number | null {
  if (atOrBefore <= after) return null;
  const cron = compile(schedule);
  const next = (from: number): number | null => cron.nextRun(new Date(from))?.getTime() ?? null;
  for (let span = 60_000; ; span *= 2) {
    const from = Math.max(after, atOrBefore - span);
    let run = next(from);
    if (run !== null && run <= atOrBefore) {
      // A run lies in (from, atOrBefore]: step forward to the last one there.
      for (let later = next(run); later !== null && later <= atOrBefore; later = next(later)) run = later;
      return run;
    }
    if (from === after) return null;
  }
}
