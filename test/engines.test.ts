/**
 * `npm install` on the oldest Node the project supports (package.json's
 * engines, 20.19) warns EBADENGINE for no locked package: every package in
 * package-lock.json accepts that Node. (cookie 2, which light-my-request
 * pulls for fastify.inject, wants Node 22: overridden to 1.1.1, same API.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type Version = readonly [number, number, number];

const version = (text: string): Version => {
  const [major = 0, minor = 0, patch = 0] = text.replace(/^v/, '').split('.').map((p) => (p === 'x' ? 0 : Number(p)));
  return [major, minor, patch];
};
const compare = (a: Version, b: Version): number => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** Whether `node` satisfies one comparator: `>=x.y.z`, `>x`, `<x`, `<=x`, `^x.y.z`, or a bare `x[.y]`. */
function satisfiesOne(node: Version, comparator: string): boolean {
  const match = /^(>=|<=|>|<|\^|~)?\s*v?([\dx.]+)$/.exec(comparator.trim());
  if (!match?.[2]) throw new Error(`unreadable engines comparator "${comparator}"`);
  const [, op, text] = match;
  const v = version(text);
  const parts = text.split('.').length;
  if (op === '>=') return compare(node, v) >= 0;
  if (op === '>') return compare(node, v) > 0;
  if (op === '<=') return compare(node, v) <= 0;
  if (op === '<') return compare(node, v) < 0;
  if (op === '^') return node[0] === v[0] && compare(node, v) >= 0;
  if (op === '~') return node[0] === v[0] && node[1] === v[1] && compare(node, v) >= 0;
  return node[0] === v[0] && (parts < 2 || node[1] === v[1]);
}

function satisfies(node: Version, range: string): boolean {
  return range.split('||').some((alternative) => alternative.trim().replace(/(>=|<=|>|<|\^|~)\s+/g, '$1').split(/\s+/).every((c) => satisfiesOne(node, c)));
}

describe('engines', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { engines: { node: string } };
  const oldest = version(/^>=\s*([\d.]+)$/.exec(pkg.engines.node)?.[1] ?? '0');

  it('reads the ranges npm packages write', () => {
    expect(satisfies([20, 19, 0], '>=22')).toBe(false);
    expect(satisfies([20, 19, 0], '^20.19.0 || ^22.13.0 || >=24')).toBe(true);
    expect(satisfies([20, 19, 0], '^18.19.0 || >=20.6.0')).toBe(true);
    expect(satisfies([20, 19, 0], '18 || 20 || >=22')).toBe(true);
    expect(satisfies([20, 19, 0], '>= 10.x')).toBe(true);
  });

  it('every locked package accepts the oldest supported Node, so npm install does not warn EBADENGINE', () => {
    const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8')) as { packages: Record<string, { version?: string; engines?: { node?: string } }> };
    const refusing = Object.entries(lock.packages).flatMap(([path, p]) => (p.engines?.node && !satisfies(oldest, p.engines.node) ? [`${path}@${p.version ?? '?'} wants node ${p.engines.node}`] : []));
    expect(refusing).toEqual([]);
  });
});
