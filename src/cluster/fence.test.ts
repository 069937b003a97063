import { describe, expect, it } from 'vitest';
import type { StateStore } from '../store/types.js';
import { fencedState } from './fence.js';

/** A state store that records which methods reached it. */
function recordingState(): { state: StateStore; reached: string[] } {
  const reached: string[] = [];
  const state = new Proxy({} as StateStore, {
    get: (_target, property) => (...args: unknown[]) => {
      reached.push(String(property));
      return Promise.resolve(property === 'due' ? [{ id: 'n1', args }] : []);
    },
  });
  return { state, reached };
}

describe('fencedState', () => {
  it('passes writes and hand-outs through while the replica leads', async () => {
    const { state, reached } = recordingState();
    const fenced = fencedState(state, () => true);
    await fenced.commitAlerting({ instances: [], removedInstances: [], transitions: [], groups: [], removedGroups: [], notifications: [] });
    expect(await fenced.due(0, 10)).toHaveLength(1);
    expect(reached).toEqual(['commitAlerting', 'due']);
  });

  it('refuses every write and hands out no work once it does not, without reaching the store', async () => {
    const { state, reached } = recordingState();
    let leading = true;
    const fenced = fencedState(state, () => leading);
    leading = false;
    await expect(fenced.commitAlerting({ instances: [], removedInstances: [], transitions: [], groups: [], removedGroups: [], notifications: [] })).rejects.toThrow('not the leader');
    await expect(fenced.recordDeliveries([{ id: 'n1', kind: 'sent', at: 1, attempts: 1 }])).rejects.toMatchObject({ code: 'unavailable' });
    await expect(fenced.markSent('n1', 1)).rejects.toThrow('not the leader');
    await expect(fenced.nextIncidentId()).rejects.toThrow('not the leader');
    expect(await fenced.due(0, 10)).toEqual([]);
    expect(await fenced.retrying()).toEqual([]);
    expect(reached).toEqual([]);
  });

  it('lets reads through whatever the role', async () => {
    const { state, reached } = recordingState();
    const fenced = fencedState(state, () => false);
    await fenced.loadAlerting();
    await fenced.incidents({});
    expect(reached).toEqual(['loadAlerting', 'incidents']);
  });
});
