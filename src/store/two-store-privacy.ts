/**
 * PrivacyStore over a state half and an events half kept in two databases
 * (src/store/privacy.ts): no transaction spans both, so an erasure is
 * recorded as requested on the state side, the user's events are deleted on
 * the events side, and the erasure is marked completed; every step can run
 * again. `resume()` completes what a replica that died between the steps left.
 */
import { randomUUID } from 'node:crypto';
import type { AuditEntry, PrivacyEventStore, PrivacyStateStore, PrivacyStore, RowCounts } from './privacy.js';

/** PrivacyStore over the two halves, with erasure as resumable steps. */
export class TwoStorePrivacy implements PrivacyStore {
  constructor(
    private readonly state: PrivacyStateStore,
    private readonly events: PrivacyEventStore,
    private readonly now: () => number,
  ) {}

  ingestSwitch: PrivacyStore['ingestSwitch'] = () => this.state.ingestSwitch();
  setIngestSwitch: PrivacyStore['setIngestSwitch'] = (switchState, audit) => this.state.setIngestSwitch(switchState, audit);
  expireSamples: PrivacyStore['expireSamples'] = (before, audit) => this.state.expireSamples(before, audit);
  expireAlerting: PrivacyStore['expireAlerting'] = (before, audit) => this.state.expireAlerting(before, audit);
  appendAudit: PrivacyStore['appendAudit'] = (entry) => this.state.appendAudit(entry);
  audit: PrivacyStore['audit'] = (limit) => this.state.audit(limit);
  userEvents: PrivacyStore['userEvents'] = (userIds) => this.events.userEvents(userIds);

  /** requested (audited) → the events deleted → completed (audited with the counts). */
  async purgeUser(userIds: readonly string[], audit: (deleted: RowCounts) => AuditEntry): Promise<RowCounts> {
    const requested = audit({});
    const erasure = { id: randomUUID(), userIds, requestedAt: requested.at, actor: requested.actor, subject: requested.subject ?? '' };
    await this.state.requestErasure(erasure, { ...requested, details: { step: 'requested', erasure: erasure.id } });
    const deleted = await this.events.deleteUserEvents(userIds);
    await this.state.completeErasure(erasure.id, audit(deleted));
    return deleted;
  }

  /** The events first, then the audit entry: run again after a crash, it deletes what is left and says so. */
  async expireEvents(before: number, audit: (deleted: RowCounts) => AuditEntry): Promise<RowCounts> {
    const deleted = await this.events.deleteEventsBefore(before);
    await this.state.appendAudit(audit(deleted));
    return deleted;
  }

  /** Completes the erasures a replica left half done: the new leader runs this once it leads. */
  async resume(): Promise<number> {
    const pending = await this.state.pendingErasures();
    for (const erasure of pending) {
      const deleted = await this.events.deleteUserEvents(erasure.userIds);
      await this.state.completeErasure(erasure.id, {
        at: this.now(),
        action: 'purge_user',
        actor: erasure.actor,
        subject: erasure.subject,
        details: { deleted, erasure: erasure.id, resumed: true, requested_at: new Date(erasure.requestedAt).toISOString() },
      });
    }
    return pending.length;
  }
}
