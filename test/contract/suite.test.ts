/** The contract suites' skip lists: a skip names a case of the suite and says why, or the suite fails. */
import { describe, expect, it } from 'vitest';
import { contractSuite, skipProblems, type TestRunner } from './suite.js';

function recorder(): TestRunner & { ran: string[]; skipped: string[] } {
  const ran: string[] = [];
  const skipped: string[] = [];
  return { ran, skipped, describe: (_title, factory) => factory(), it: (name) => ran.push(name), skip: (name) => skipped.push(name) };
}

const cases = (test: (name: string, body: () => Promise<void>) => void): void => {
  test('stores a batch', async () => undefined);
  test('reads it back', async () => undefined);
};

describe('contract suite skip lists', () => {
  it('runs every case but the skipped ones, which show their reason', () => {
    const runner = recorder();
    contractSuite('s', { skip: { 'reads it back': 'no reads on this backend yet' } }, cases, runner);
    expect(runner.ran).toEqual(['stores a batch']);
    expect(runner.skipped).toEqual(['reads it back (skipped: no reads on this backend yet)']);
  });

  it('fails the suite for a skip naming no case', () => {
    expect(() => contractSuite('s', { skip: { 'reads it back twice': 'renamed' } }, cases, recorder())).toThrow('s: skip names no case of this suite: "reads it back twice"');
  });

  it('fails the suite for a skip without a reason', () => {
    expect(() => contractSuite('s', { skip: { 'stores a batch': ' ' } }, cases, recorder())).toThrow('skip of "stores a batch" gives no reason');
  });

  it('finds nothing wrong with an empty list or one naming cases with reasons', () => {
    expect(skipProblems(['a', 'b'], {})).toEqual([]);
    expect(skipProblems(['a', 'b'], { b: 'why' })).toEqual([]);
  });
});
