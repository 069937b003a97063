/** `incidents.roles` in the plan: commander always present, errors with file:line:col. */
import { describe, expect, it } from 'vitest';
import { formatPlanError, loadPlanText } from './load.js';

/** Lines 1-6; what follows starts on line 7. */
const HEADER = ['version: 1', 'product: { name: caro }', 'events:', '  gen: { success: boolean }', 'metrics:', '  ok: { from: gen, ratio: { success: true }, window: 1h }', ''].join('\n');

function load(text: string) {
  return loadPlanText(HEADER + text, 'plan.yaml', {});
}

function roles(text: string): readonly string[] {
  const result = load(text);
  if (result.kind !== 'ok') throw new Error(result.errors.map(formatPlanError).join('\n'));
  return result.plan.incidents.roles;
}

describe('incidents.roles', () => {
  it('defaults to the commander alone', () => {
    expect(roles('')).toEqual(['commander']);
  });

  it('reads the roles in order, commander first even when listed later or left out', () => {
    expect(roles('incidents:\n  roles: [commander, communications, scribe]\n')).toEqual(['commander', 'communications', 'scribe']);
    expect(roles('incidents:\n  roles: [scribe, commander]\n')).toEqual(['commander', 'scribe']);
    expect(roles('incidents:\n  roles: [scribe]\n')).toEqual(['commander', 'scribe']);
  });

  it('refuses a repeated role and a bad name where they are written', () => {
    const result = load('incidents:\n  roles:\n    - scribe\n    - Tech-Lead\n    - scribe\n');
    expect(result.kind).toBe('invalid');
    if (result.kind !== 'invalid') return;
    expect(result.errors.map(formatPlanError)).toEqual([
      'plan.yaml:10:7: incidents.roles.1: a role name must be lower-case letters, digits and _, starting with a letter (got "Tech-Lead")',
      'plan.yaml:11:7: incidents.roles.2: the role "scribe" is listed twice',
    ]);
  });

  it('refuses roles that are not a list of names', () => {
    const result = load('incidents:\n  roles: scribe\n');
    expect(result.kind).toBe('invalid');
    if (result.kind !== 'invalid') return;
    expect(result.errors.map(formatPlanError)[0]).toMatch(/^plan\.yaml:8:10: incidents\.roles: /);
  });
});
