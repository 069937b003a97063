/**
 * Handoff notices: the incoming person of a shift is told `handoff_notice`
 * before it begins, through their channels by the durable outbox, with the
 * open incidents and the firing alerts of that moment. Each notice (schedule,
 * person, shift start) is recorded with its outbox rows in one transaction,
 * so it is sent once, also across restarts and replicas. A shift that began
 * while nothing ran is not announced late.
 */
import type { NotificationAlert, NotificationRequest } from '../alerting/types.js';
import type { Incident } from '../incidents/types.js';
import { formatLocal } from '../plan/zone.js';
import { scheduleZone, type Schedule } from '../plan/oncall-types.js';
import type { Plan } from '../plan/types.js';
import type { OnCallStore } from '../store/oncall.js';
import { onCallAt, type Shift } from './rotation.js';

export interface HandoffNoticeContext {
  /** The plan as it runs (run-time overrides included). */
  readonly plan: Plan;
  readonly store: Pick<OnCallStore, 'recordHandoffNotice'>;
  readonly now: number;
  readonly newId: () => string;
  readonly openIncidents: () => Promise<readonly Incident[]>;
  /** The rules of the alerts firing now, with their severity. */
  readonly firingAlerts: () => readonly { readonly rule: string; readonly severity: string }[];
}

/** The shifts of a schedule beginning in (now, now + lead] that hand the schedule to someone new. */
export function incomingShifts(schedule: Schedule, now: number): Shift[] {
  const lead = schedule.handoffNoticeMs;
  if (lead === undefined) return [];
  const found: Shift[] = [];
  let previous = onCallAt(schedule, now);
  for (let i = 0; i < 50 && previous.shiftEnd <= now + lead; i++) {
    const next = onCallAt(schedule, previous.shiftEnd);
    if (next.person !== null && next.person !== previous.person) found.push(next);
    previous = next;
  }
  return found;
}

function noticeText(schedule: Schedule, shift: Shift, incidents: readonly Incident[], firing: readonly { rule: string; severity: string }[]): { summary: string; description: string } {
  const zone = scheduleZone(schedule);
  const summary = `You are on call for ${schedule.id} from ${formatLocal(shift.shiftStart, zone)} to ${formatLocal(shift.shiftEnd, zone)} (${zone})`;
  const open = incidents.length ? incidents.map((i) => `${i.id} ${i.severity} ${i.title}`).join('; ') : 'none';
  const alerts = firing.length ? firing.map((a) => `${a.rule} (${a.severity})`).join('; ') : 'none';
  return { summary, description: `Open incidents: ${open}. Firing alerts: ${alerts}.` };
}

/** Sends the notices due now; returns the notifications written. */
export async function sendHandoffNotices(ctx: HandoffNoticeContext): Promise<number> {
  let sent = 0;
  for (const schedule of Object.values(ctx.plan.schedules)) {
    for (const shift of incomingShifts(schedule, ctx.now)) {
      const person = shift.person;
      if (person === null) continue;
      const text = noticeText(schedule, shift, await ctx.openIncidents(), ctx.firingAlerts());
      const alert: NotificationAlert = {
        fingerprint: `handoff:${schedule.id}:${person}:${shift.shiftStart}`,
        status: 'firing',
        labels: { alertname: text.summary, schedule: schedule.id, person, severity: 'info' },
        annotations: { summary: text.summary, description: text.description },
        startsAt: ctx.now,
        endsAt: null,
        value: null,
        acknowledged: false,
      };
      const notifications: NotificationRequest[] = (ctx.plan.people[person]?.channels ?? []).map((channel) => ({
        id: ctx.newId(),
        channel,
        kind: 'alert',
        groupKey: `handoff:${schedule.id}:${person}`,
        groupLabels: { schedule: schedule.id, person },
        status: 'firing',
        alerts: [alert],
        createdAt: ctx.now,
      }));
      const key = `${schedule.id}|${person}|${new Date(shift.shiftStart).toISOString()}`;
      if ((await ctx.store.recordHandoffNotice(key, ctx.now, notifications)) === 'recorded') sent += notifications.length;
    }
  }
  return sent;
}

export interface HandoffNoticeRunner {
  /** Sends what is due now (also what the timer does each minute). */
  runNow(): Promise<number>;
  /** Stops the timer and waits for a check under way. */
  stop(): Promise<void>;
}

/** Checks every `intervalMs` (default a minute), and at once; a failure is logged and tried again at the next check. */
export function startHandoffNotices(options: {
  readonly context: () => Omit<HandoffNoticeContext, 'now'>;
  readonly now: () => number;
  readonly logger: { error(object: object, message: string): void };
  readonly onNotifications: () => void;
  readonly intervalMs?: number;
}): HandoffNoticeRunner {
  let running: Promise<number> | undefined;
  const runNow = (): Promise<number> =>
    (running ??= sendHandoffNotices({ ...options.context(), now: options.now() })
      .then((sent) => {
        if (sent > 0) options.onNotifications();
        return sent;
      })
      .catch((error: unknown) => {
        options.logger.error({ err: error }, 'sending handoff notices failed');
        return 0;
      })
      .finally(() => {
        running = undefined;
      }));
  const timer = setInterval(() => void runNow(), options.intervalMs ?? 60_000);
  timer.unref();
  void runNow();
  return {
    runNow,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
