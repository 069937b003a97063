/**
 * The OnCallStore contract: overrides are written, listed by start, changed by id, deleted once,
 * and kept across a reopen.
 */
import { afterEach, expect } from 'vitest';
import type { NotificationRequest } from '../../src/alerting/types.js';
import type { OnCallStore, StoredOverride } from '../../src/store/oncall.js';
import type { StateStore } from '../../src/store/types.js';
import { contractSuite, type ContractOptions } from './suite.js';

export interface OnCallHandle {
  readonly oncall: OnCallStore;
  /** The outbox a handoff notice's notifications go to. */
  readonly state: Pick<StateStore, 'notifications'>;
  close(): Promise<void>;
}

export interface OnCallStoreFactory {
  fresh(): Promise<OnCallHandle & { reopen(): Promise<OnCallHandle> }>;
}

const T = Date.parse('2026-12-24T00:00:00Z');
const H = 3_600_000;

const override = (id: string, from: number, fields: Partial<StoredOverride> = {}): StoredOverride => ({
  id,
  schedule: 'primary',
  person: 'ben',
  from,
  to: from + 24 * H,
  createdAt: T - 48 * H,
  createdBy: 'ana',
  ...fields,
});

export function onCallStoreContract(name: string, factory: OnCallStoreFactory, options: ContractOptions = {}): void {
  contractSuite(`${name}: on-call store contract`, options, (it) => {
    let open: OnCallHandle[] = [];
    afterEach(async () => {
      for (const handle of open) await handle.close().catch(() => undefined);
      open = [];
    });

    it('lists overrides by start, then id, with every field as written', async () => {
      const h = await factory.fresh();
      open.push(h);
      expect(await h.oncall.overrides()).toEqual([]);
      const later = override('ovr_b', T + 48 * H, { schedule: 'secondary', person: 'cleo', createdBy: 'api' });
      await h.oncall.putOverride(later);
      await h.oncall.putOverride(override('ovr_c', T));
      await h.oncall.putOverride(override('ovr_a', T));
      expect(await h.oncall.overrides()).toEqual([override('ovr_a', T), override('ovr_c', T), later]);
    });

    it('changes an override by its id, and deletes it once', async () => {
      const h = await factory.fresh();
      open.push(h);
      await h.oncall.putOverride(override('ovr_a', T));
      await h.oncall.putOverride(override('ovr_a', T + H, { person: 'dan' }));
      expect(await h.oncall.overrides()).toEqual([override('ovr_a', T + H, { person: 'dan' })]);
      expect(await h.oncall.deleteOverride('ovr_a')).toBe(true);
      expect(await h.oncall.deleteOverride('ovr_a')).toBe(false);
      expect(await h.oncall.deleteOverride('ovr_none')).toBe(false);
      expect(await h.oncall.overrides()).toEqual([]);
    });

    it('records a handoff notice once, with its notifications in the outbox, also after a reopen', async () => {
      const h = await factory.fresh();
      open.push(h);
      const notice = (id: string): NotificationRequest => ({ id, channel: 'ana_hook', kind: 'alert', groupKey: 'handoff:primary:ana', groupLabels: { schedule: 'primary', person: 'ana' }, status: 'firing', alerts: [], createdAt: T });
      expect(await h.oncall.recordHandoffNotice('primary|ana|2026-12-24T09:00:00.000Z', T, [notice('n1')])).toBe('recorded');
      expect(await h.oncall.recordHandoffNotice('primary|ana|2026-12-24T09:00:00.000Z', T, [notice('n2')])).toBe('exists');
      expect(await h.oncall.recordHandoffNotice('primary|ana|2026-12-31T09:00:00.000Z', T, [])).toBe('recorded');
      await h.close();
      const again = await h.reopen();
      open.push(again);
      expect(await again.oncall.recordHandoffNotice('primary|ana|2026-12-24T09:00:00.000Z', T, [notice('n3')])).toBe('exists');
      expect((await again.state.notifications({})).map((n) => n.id)).toEqual(['n1']);
    });

    it('keeps overrides across a reopen', async () => {
      const h = await factory.fresh();
      open.push(h);
      await h.oncall.putOverride(override('ovr_a', T));
      await h.close();
      const again = await h.reopen();
      open.push(again);
      expect(await again.oncall.overrides()).toEqual([override('ovr_a', T)]);
    });
  });
}
