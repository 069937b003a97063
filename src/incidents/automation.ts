/**
 * The I/O around incidents from alerts, run by the alert engine right after
 * its alerting commit: declare or join incidents for alerts that started
 * firing, note alerts that resolved, page escalation steps that fell due, and
 * acknowledge incidents whose alert was acknowledged, and remind commanders
 * of open incidents whose update is overdue and of resolved incidents whose
 * post-mortem is overdue. Decisions are from-alerts.ts's,
 * paging.ts's and reminders.ts's.
 *
 * Not one transaction with the alerting commit, but idempotent writes right
 * after it: a firing alert that is on no incident is declared (or joins one) at
 * whatever tick finds it, so a crash between the commit and these writes is
 * caught up on the first tick after the restart. Pages are written to the
 * outbox before the incident records them, so a crash in between pages a step
 * twice rather than never; reminders likewise (the last `reminder` entry of
 * the timeline is when it was last reminded).
 */
import { notificationAlert } from '../alerting/flush.js';
import { routeAlert } from '../alerting/match.js';
import type { AlertInstance, NotificationAlert, NotificationRequest, Transition } from '../alerting/types.js';
import { escalationTargets } from '../oncall/escalation.js';
import type { Plan } from '../plan/types.js';
import type { StateStore } from '../store/types.js';
import { incidentsLinking, onAlertFiring, onIncident } from './from-alerts.js';
import { giveUpPaging } from './give-up.js';
import { acknowledge, declare, SYSTEM } from './lifecycle.js';
import { pagesDue } from './paging.js';
import { nextPostmortemReminderAt, nextReminderAt, postmortemReminderDue, reminderDue } from './reminders.js';
import { humanDuration } from './text.js';
import type { Incident, TimelineEntry } from './types.js';

export interface AutomationContext {
  readonly plan: Plan;
  readonly state: StateStore;
  readonly now: number;
  readonly newId: () => string;
  /**
   * Fingerprints of the alerts silenced or inhibited now: they declare no incident, join none, and an
   * incident all of whose live alerts are among them pages nobody (a silence means quiet).
   */
  readonly muted?: ReadonlySet<string>;
}

export interface AutomationResult {
  /** Pages and reminders written to the outbox. */
  readonly notifications: number;
  /** When the next escalation step, update reminder or post-mortem reminder falls due, if any. */
  readonly nextDueAt: number | null;
}

const note = (incident: Incident, at: number, kind: TimelineEntry['kind'], text: string): TimelineEntry => ({ incidentId: incident.id, at, kind, by: SYSTEM, text, public: false });

/**
 * After the engine committed a tick: firing alerts not yet on an incident (those that just fired,
 * and any left without one by a crash after an earlier commit), alerts that resolved, then the
 * pages and reminders due.
 */
export async function afterAlertingCommit(ctx: AutomationContext, transitions: readonly Transition[], instances: ReadonlyMap<string, AlertInstance>): Promise<AutomationResult> {
  const { state, now } = ctx;
  const open = new Map((await state.incidents({ status: 'open' })).map((i) => [i.id, i]));
  await incidentsForFiring(ctx, instances, open);
  for (const t of transitions) {
    if (t.from === 'firing' && t.to !== 'firing') {
      const entries = incidentsLinking(t.fingerprint, [...open.values()]).map((i) => note(i, now, 'alert_resolved', `alert ${t.rule} resolved (fingerprint ${t.fingerprint})`));
      if (entries.length) await state.appendTimeline(entries);
    }
  }
  const paged = await page(ctx, [...open.values()], instances);
  const reminded = await remind(ctx, [...open.values()]);
  const postmortems = await remindPostmortems(ctx);
  const nextDueAt = [paged.nextDueAt, reminded.nextDueAt, postmortems.nextDueAt].reduce<number | null>((a, b) => (b === null ? a : Math.min(a ?? Infinity, b)), null);
  return { notifications: paged.notifications + reminded.notifications + postmortems.notifications, nextDueAt };
}

/**
 * Declares or joins an incident for each firing alert of a rule that is on none yet (`onIncident`),
 * oldest first. Idempotent: this is also the catch-up after a crash between the alerting commit and
 * these writes, on the first tick after the restart. An alert found late says when it fired, and the
 * incident's impact starts then.
 */
async function incidentsForFiring(ctx: AutomationContext, instances: ReadonlyMap<string, AlertInstance>, open: Map<string, Incident>): Promise<void> {
  const { plan, state, now } = ctx;
  const firing = [...instances.values()]
    .flatMap((i) => (i.source === 'rule' && i.state === 'firing' && i.firedAt !== null && !ctx.muted?.has(i.fingerprint) ? [{ instance: i, firedAt: i.firedAt }] : []))
    .sort((a, b) => a.firedAt - b.firedAt || a.instance.fingerprint.localeCompare(b.instance.fingerprint));
  if (firing.length === 0) return;
  const recent = await state.incidents({ from: firing.reduce((min, f) => Math.min(min, f.firedAt), Infinity) });
  for (const { instance, firedAt } of firing) {
    const { fingerprint } = instance;
    if (onIncident({ fingerprint, firedAt }, [...recent, ...open.values()])) continue;
    const rule = plan.alerts.find((r) => r.name === instance.rule);
    if (!rule) continue;
    const decision = onAlertFiring(rule, { fingerprint, severity: instance.severity }, [...open.values()]);
    const late = firedAt < now;
    const fired = `alert ${rule.name} fired (${instance.severity ?? 'no severity'}, fingerprint ${fingerprint})${late ? ` at ${new Date(firedAt).toISOString()}, recorded late` : ''}`;
    if (decision.kind === 'declare') {
      const id = await state.nextIncidentId();
      const outcome = declare(
        { id, title: decision.title, severity: decision.severity, by: SYSTEM, components: decision.components, alerts: [fingerprint], ...(late ? { startedAt: firedAt } : {}) },
        now,
      );
      if (outcome.kind !== 'changed') continue;
      const policy = routeAlert(plan.routing, instance.labels)
        .map((m) => plan.routing.routes[m.route]?.escalation)
        .find((p) => p !== undefined);
      const incident: Incident = { ...outcome.incident, fromRule: rule.name, ...(policy ? { paging: { policy, stepsPaged: 0 } } : {}) };
      await state.putIncident(incident, [...outcome.entries, note(incident, now, 'alert_fired', fired)]);
      open.set(id, incident);
    } else if (decision.kind === 'link') {
      // Read again: the write below keeps what the API changed since the list.
      const incident = (await state.incident(decision.incidentId)) ?? undefined;
      if (!incident || incident.status === 'resolved') continue;
      const joined: Incident = { ...incident, alerts: [...incident.alerts, fingerprint] };
      await state.putIncident(joined, [note(joined, now, 'alert_fired', fired)]);
      open.set(joined.id, joined);
    }
  }
}

/** Reminds the commander of each open incident whose update is overdue, at most once per cadence period. */
async function remind(ctx: AutomationContext, open: readonly Incident[]): Promise<AutomationResult> {
  const { plan, state, now } = ctx;
  let sent = 0;
  let nextDueAt: number | null = null;
  for (const incident of open) {
    const policy = plan.incidents.severities[incident.severity];
    const updateDue = nextReminderAt(incident, policy, null);
    if (updateDue === null) continue;
    if (now < updateDue) {
      nextDueAt = Math.min(nextDueAt ?? Infinity, updateDue);
      continue;
    }
    const last = (await state.timeline(incident.id)).filter((e) => e.kind === 'reminder').reduce<number | null>((a, e) => Math.max(a ?? -Infinity, e.at), null);
    const decision = reminderDue(incident, policy, last, now);
    if (decision.kind === 'due') {
      const description = `${incident.id} (${incident.severity}, ${incident.title}): no update for ${humanDuration(now - incident.lastUpdateAt)}`;
      sent += await sendReminder(ctx, incident, { key: 'reminder', what: 'update overdue', description, overdueBy: decision.overdueBy });
    }
    const next = nextReminderAt(incident, policy, decision.kind === 'due' ? now : last);
    if (next !== null) nextDueAt = Math.min(nextDueAt ?? Infinity, next);
  }
  return { notifications: sent, nextDueAt };
}

const DAY = 24 * 60 * 60 * 1000;
/** How far back resolved incidents are looked at for overdue post-mortems: 30 days past their due time. */
const POSTMORTEM_REMINDERS_FOR_MS = 30 * DAY;
const POSTMORTEM_OVERDUE = 'post-mortem overdue';

/** Reminds the commander of each resolved incident whose post-mortem is overdue, at most once a day until written. */
async function remindPostmortems(ctx: AutomationContext): Promise<AutomationResult> {
  const { plan, state, now } = ctx;
  let sent = 0;
  let nextDueAt: number | null = null;
  const resolved = await state.incidents({ status: 'resolved', from: now - plan.incidents.postmortemWithinMs - POSTMORTEM_REMINDERS_FOR_MS });
  for (const incident of resolved) {
    const policy = plan.incidents.severities[incident.severity];
    const pmDue = nextPostmortemReminderAt(incident, policy, null);
    if (pmDue === null || pmDue < now - POSTMORTEM_REMINDERS_FOR_MS) continue;
    if (now < pmDue) {
      nextDueAt = Math.min(nextDueAt ?? Infinity, pmDue);
      continue;
    }
    const last = (await state.timeline(incident.id))
      .filter((e) => e.kind === 'reminder' && e.text.startsWith(POSTMORTEM_OVERDUE))
      .reduce<number | null>((a, e) => Math.max(a ?? -Infinity, e.at), null);
    const decision = postmortemReminderDue(incident, policy, last, now);
    if (decision.kind === 'due') {
      const description = `${incident.id} (${incident.severity}, ${incident.title}): post-mortem due ${humanDuration(decision.overdueBy)} ago, not written`;
      sent += await sendReminder(ctx, incident, { key: 'postmortem-reminder', what: POSTMORTEM_OVERDUE, description, overdueBy: decision.overdueBy });
    }
    const next = nextPostmortemReminderAt(incident, policy, decision.kind === 'due' ? now : last);
    if (next !== null) nextDueAt = Math.min(nextDueAt ?? Infinity, next);
  }
  return { notifications: sent, nextDueAt };
}

/**
 * One reminder: a notification per channel of the commander, then an internal `reminder` entry
 * (`<what> by <overdue>: reminded <commander> (<channels>)`). Returns the notifications written.
 */
async function sendReminder(ctx: AutomationContext, incident: Incident, r: { key: string; what: string; description: string; overdueBy: number }): Promise<number> {
  const { plan, state, now } = ctx;
  const commander = incident.commander;
  const channels = commander === null ? [] : (plan.people[commander]?.channels ?? []);
  const summary = `${incident.id}: ${r.what}`;
  const notifications: NotificationRequest[] = channels.map((channel) => ({
    id: ctx.newId(),
    channel,
    kind: 'alert',
    groupKey: `incident:${incident.id}:${r.key}`,
    groupLabels: { incident: incident.id },
    status: 'firing',
    alerts: [
      {
        fingerprint: `incident:${incident.id}:${r.key}`,
        status: 'firing',
        labels: { alertname: summary, incident: incident.id, severity: incident.severity },
        annotations: { summary, description: r.description },
        startsAt: now - r.overdueBy,
        endsAt: null,
        value: null,
        acknowledged: false,
      },
    ],
    createdAt: now,
  }));
  const whom = commander === null ? 'no commander to remind' : `reminded ${commander} (${channels.length ? channels.join(', ') : 'no channels'})`;
  if (notifications.length) await state.commitAlerting({ instances: [], removedInstances: [], transitions: [], groups: [], removedGroups: [], notifications });
  await state.appendTimeline([note(incident, now, 'reminder', `${r.what} by ${humanDuration(r.overdueBy)}: ${whom}`)]);
  return notifications.length;
}

/** Pages the escalation steps due for each open, unacknowledged incident. */
async function page(ctx: AutomationContext, open: readonly Incident[], instances: ReadonlyMap<string, AlertInstance>): Promise<AutomationResult> {
  const { plan, state, now } = ctx;
  let sent = 0;
  let nextDueAt: number | null = null;
  for (const listed of open) {
    if (allMuted(listed, instances, ctx.muted)) continue;
    const policy = listed.paging ? plan.escalation[listed.paging.policy] : undefined;
    const decision = pagesDue(listed, policy, now);
    if (decision.nextDueAt !== null) nextDueAt = Math.min(nextDueAt ?? Infinity, decision.nextDueAt);
    if (decision.kind === 'give_up' && policy) {
      const incident = await state.incident(listed.id);
      if (incident && pagesDue(incident, policy, now).kind === 'give_up') sent += await giveUpPaging(ctx, incident, policy);
      continue;
    }
    if (decision.kind !== 'page' || !policy || !listed.paging) continue;
    // Read again just before paging: an acknowledgement through the API since the list stops it here,
    // and the write below keeps what the API changed.
    const incident = await state.incident(listed.id);
    const due = incident?.paging ? pagesDue(incident, policy, now) : undefined;
    if (!incident?.paging || due?.kind !== 'page') continue;
    const linked = incident.alerts.flatMap((fp) => {
      const alert = instances.get(fp);
      return alert ? [notificationAlert({ alert, silencedBy: [], inhibitedBy: [] })] : [];
    });
    // An incident declared by hand (or whose alerts are gone) pages with the incident itself as the alert.
    const alerts = linked.length ? linked : [incidentAlert(incident)];
    const notifications: NotificationRequest[] = [];
    const entries: TimelineEntry[] = [];
    for (const step of due.steps) {
      const paged = escalationTargets(policy, step, now).map((id) => {
        const channels = plan.people[id]?.channels ?? [];
        for (const channel of channels) {
          notifications.push({
            id: ctx.newId(),
            channel,
            kind: 'alert',
            groupKey: `incident:${incident.id}:${id}`,
            groupLabels: { incident: incident.id, person: id },
            status: 'firing',
            alerts,
            createdAt: now,
          });
        }
        return `${id} (${channels.length ? channels.join(', ') : 'no channels'})`;
      });
      entries.push(note(incident, now, 'escalated', `step ${step + 1} of escalation ${policy.id}: paged ${paged.join(', ') || 'nobody'}`));
    }
    if (notifications.length) await state.commitAlerting({ instances: [], removedInstances: [], transitions: [], groups: [], removedGroups: [], notifications });
    await state.putIncident({ ...incident, paging: { policy: policy.id, stepsPaged: incident.paging.stepsPaged + due.steps.length } }, entries);
    sent += notifications.length;
  }
  return { notifications: sent, nextDueAt };
}

/**
 * Whether every live alert an incident links is silenced or inhibited: it pages nobody then (and asks
 * for no tick; the steps due are paged at the first evaluation after the silence ends). An incident
 * without a live linked alert (declared by hand, or its alerts gone) is never muted.
 */
function allMuted(incident: Incident, instances: ReadonlyMap<string, AlertInstance>, muted: ReadonlySet<string> | undefined): boolean {
  if (!muted || muted.size === 0) return false;
  const live = incident.alerts.filter((fp) => instances.has(fp));
  return live.length > 0 && live.every((fp) => muted.has(fp));
}

/** The incident as the one alert of a page: its id, title and severity, firing since its declaration. */
function incidentAlert(incident: Incident): NotificationAlert {
  const summary = `${incident.id}: ${incident.title}`;
  return {
    fingerprint: `incident:${incident.id}`,
    status: 'firing',
    labels: { alertname: summary, incident: incident.id, severity: incident.severity },
    annotations: { summary, description: `${incident.severity} incident declared by ${incident.declaredBy}, not acknowledged` },
    startsAt: incident.declaredAt,
    endsAt: null,
    value: null,
    acknowledged: false,
  };
}

/** An acknowledged alert acknowledges the open incidents that link it (and so stops their paging). */
export async function alertAcknowledged(ctx: AutomationContext, fingerprint: string, by: string): Promise<void> {
  for (const incident of incidentsLinking(fingerprint, await ctx.state.incidents({ status: 'open' }))) {
    const outcome = acknowledge(incident, by, ctx.now);
    if (outcome.kind === 'changed') await ctx.state.putIncident(outcome.incident, outcome.entries.map((e) => ({ ...e, text: `${e.text} (acknowledged alert ${fingerprint})` })));
  }
}
