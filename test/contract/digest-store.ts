/**
 * The DigestStore contract: a run is recorded with its notifications in one
 * go, a slot is recorded once (also a slot older than the last), runs are
 * kept across a reopen, and the latest slot is the last run.
 */
import { afterEach, expect } from 'vitest';
import type { NotificationRequest } from '../../src/alerting/types.js';
import type { DigestRun, DigestStore } from '../../src/store/digests.js';
import type { StateStore } from '../../src/store/types.js';
import { contractSuite, type ContractOptions } from './suite.js';

export interface DigestHandle {
  readonly digests: DigestStore;
  /** The outbox the notifications go to. */
  readonly state: StateStore;
  close(): Promise<void>;
}

export interface DigestStoreFactory {
  fresh(): Promise<DigestHandle & { reopen(): Promise<DigestHandle> }>;
}

const MON = Date.parse('2026-11-23T09:00:00Z');
const WEEK = 7 * 86_400_000;

function run(slot: number, fields: Partial<DigestRun> = {}): DigestRun {
  return { digest: 'weekly', slot, kind: 'sent', period: '2026-W47', recordedAt: slot + 1000, notifications: 1, ...fields };
}

function digest(id: string, createdAt: number): NotificationRequest {
  return {
    id,
    channel: 'mail',
    kind: 'digest',
    groupKey: 'digest:weekly',
    groupLabels: { report: 'weekly' },
    status: 'resolved',
    alerts: [],
    createdAt,
    digest: { subject: 'caro — Week 2026-W47', summary: 'all green', text: '# report', html: '<p>report</p>', url: 'http://lw/api/v1/reports/weekly?week=2026-W47' },
  };
}

export function digestStoreContract(name: string, factory: DigestStoreFactory, options: ContractOptions = {}): void {
  contractSuite(`${name}: digest store contract`, options, (it) => {
    let open: DigestHandle[] = [];
    afterEach(async () => {
      for (const handle of open) await handle.close().catch(() => undefined);
      open = [];
    });

    it('has no run before the first, then the run with the latest slot', async () => {
      const h = await factory.fresh();
      open.push(h);
      expect(await h.digests.lastDigestRun('weekly')).toBeUndefined();
      expect(await h.digests.recordDigestRun(run(MON - WEEK, { kind: 'initialised', period: null, notifications: 0 }), [])).toBe('recorded');
      expect(await h.digests.recordDigestRun(run(MON), [digest('n1', MON)])).toBe('recorded');
      expect(await h.digests.lastDigestRun('weekly')).toEqual(run(MON));
      expect(await h.digests.lastDigestRun('monthly')).toBeUndefined();
      expect((await h.digests.digestRuns('weekly')).map((r) => r.slot)).toEqual([MON, MON - WEEK]);
    });

    it('writes the notifications to the outbox with the run, intact', async () => {
      const h = await factory.fresh();
      open.push(h);
      await h.digests.recordDigestRun(run(MON, { notifications: 2 }), [digest('n1', MON), { ...digest('n2', MON), channel: 'slack' }]);
      const due = await h.state.due(MON, 10);
      expect(due.map((n) => [n.id, n.channel, n.kind, n.delivery])).toEqual([
        ['n1', 'mail', 'digest', 'pending'],
        ['n2', 'slack', 'digest', 'pending'],
      ]);
      expect(due[0]?.digest).toEqual(digest('n1', MON).digest);
    });

    it('records a slot once: the same slot or an older one writes nothing', async () => {
      const h = await factory.fresh();
      open.push(h);
      expect(await h.digests.recordDigestRun(run(MON), [digest('n1', MON)])).toBe('recorded');
      expect(await h.digests.recordDigestRun(run(MON, { recordedAt: MON + 5000 }), [digest('n2', MON)])).toBe('exists');
      expect(await h.digests.recordDigestRun(run(MON - WEEK), [digest('n3', MON)])).toBe('exists');
      expect((await h.state.due(MON, 10)).map((n) => n.id)).toEqual(['n1']);
      expect(await h.digests.digestRuns('weekly')).toEqual([run(MON)]);
      // Another digest is its own schedule.
      expect(await h.digests.recordDigestRun(run(MON, { digest: 'monthly', period: '2026-10' }), [])).toBe('recorded');
    });

    it('keeps runs across a reopen', async () => {
      const h = await factory.fresh();
      open.push(h);
      await h.digests.recordDigestRun(run(MON), [digest('n1', MON)]);
      await h.close();
      const again = await h.reopen();
      open.push(again);
      expect(await again.digests.lastDigestRun('weekly')).toEqual(run(MON));
      expect(await again.digests.recordDigestRun(run(MON), [digest('n2', MON)])).toBe('exists');
      expect((await again.state.due(MON, 10)).map((n) => n.id)).toEqual(['n1']);
    });
  });
}
