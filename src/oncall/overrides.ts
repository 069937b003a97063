/**
 * The on-call overrides made at run time: added, listed and deleted through
 * the API (and so the CLI and the dashboard), stored in the state
 * (src/store/oncall.ts) and written to the audit log. The list is kept in
 * memory too, so that the plan as it runs (`effective`) is at hand for every
 * read; `refresh` reads the store again (a replica that does not lead).
 */
import { randomBytes } from 'node:crypto';
import { LaunchwatchError } from '../errors.js';
import { scheduleZone } from '../plan/oncall-types.js';
import type { Plan } from '../plan/types.js';
import { parseInstant } from '../plan/zone.js';
import type { OnCallStore, StoredOverride } from '../store/oncall.js';
import type { PrivacyStore } from '../store/privacy.js';
import { withRuntimeOverrides } from './effective.js';

export interface OverrideRequest {
  readonly schedule: string;
  readonly person: string;
  readonly from: string;
  readonly to: string;
  readonly by?: string;
}

export interface OverrideServiceOptions {
  readonly store: OnCallStore;
  readonly audit: Pick<PrivacyStore, 'appendAudit'>;
  readonly plan: () => Plan;
  readonly now: () => number;
}

export class OverrideService {
  private list: StoredOverride[] = [];
  private memo: { plan: Plan; list: StoredOverride[]; effective: Plan } | undefined;

  private constructor(private readonly options: OverrideServiceOptions) {}

  static async open(options: OverrideServiceOptions): Promise<OverrideService> {
    const service = new OverrideService(options);
    await service.refresh();
    return service;
  }

  async refresh(): Promise<void> {
    this.list = await this.options.store.overrides();
  }

  overrides(): readonly StoredOverride[] {
    return this.list;
  }

  /** The plan in force with the run-time overrides laid over its schedules; the same object until either changes. */
  effective(): Plan {
    const plan = this.options.plan();
    if (this.memo?.plan !== plan || this.memo.list !== this.list) this.memo = { plan, list: this.list, effective: withRuntimeOverrides(plan, this.list) };
    return this.memo.effective;
  }

  /** Checks the request against the plan and the other overrides of the schedule, stores it and audits it. */
  async add(request: OverrideRequest): Promise<StoredOverride> {
    const plan = this.options.plan();
    const schedule = plan.schedules[request.schedule];
    if (!schedule) throw new LaunchwatchError('invalid_request', `body schedule: no schedule "${request.schedule}" in the plan (declared: ${Object.keys(plan.schedules).join(', ') || 'none'})`);
    if (!Object.hasOwn(plan.people, request.person)) throw new LaunchwatchError('invalid_request', `body person: no person "${request.person}" in the plan`);
    const zone = scheduleZone(schedule);
    const from = parseInstant(request.from, zone);
    if (from.kind === 'invalid') throw new LaunchwatchError('invalid_request', `body from: ${from.reason}`);
    const to = parseInstant(request.to, zone);
    if (to.kind === 'invalid') throw new LaunchwatchError('invalid_request', `body to: ${to.reason}`);
    if (to.at <= from.at) throw new LaunchwatchError('invalid_request', `body to: an override ends after it begins (from ${request.from}, to ${request.to})`);
    const clash = this.list.find((o) => o.schedule === request.schedule && o.from < to.at && from.at < o.to);
    if (clash) throw new LaunchwatchError('conflict', `body from: this override overlaps ${clash.id} (${clash.person}, ${new Date(clash.from).toISOString()} to ${new Date(clash.to).toISOString()}); delete it first`);
    const now = this.options.now();
    const override: StoredOverride = { id: `ovr_${randomBytes(6).toString('hex')}`, schedule: request.schedule, person: request.person, from: from.at, to: to.at, createdAt: now, createdBy: request.by ?? 'api' };
    await this.options.store.putOverride(override);
    this.list = [...this.list, override].sort((a, b) => a.from - b.from || a.id.localeCompare(b.id));
    await this.options.audit.appendAudit({ at: now, action: 'oncall_override_added', actor: override.createdBy, subject: `${override.schedule}:${override.id}`, details: detailsOf(override) });
    return override;
  }

  async remove(id: string, by = 'api'): Promise<StoredOverride> {
    const found = this.list.find((o) => o.id === id);
    if (!found || !(await this.options.store.deleteOverride(id))) throw new LaunchwatchError('not_found', `no override "${id}"`);
    this.list = this.list.filter((o) => o.id !== id);
    await this.options.audit.appendAudit({ at: this.options.now(), action: 'oncall_override_deleted', actor: by, subject: `${found.schedule}:${found.id}`, details: detailsOf(found) });
    return found;
  }
}

function detailsOf(o: StoredOverride): Record<string, unknown> {
  return { schedule: o.schedule, person: o.person, from: new Date(o.from).toISOString(), to: new Date(o.to).toISOString() };
}
