/**
 * The real CLI refusing what it cannot use, in one clear line and without a
 * stack trace: a plan with a YAML alias bomb (`check` and `serve`), and a data
 * directory on a read-only file system or where none can be created.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from './helpers/server-process.js';

const dir = mkdtempSync(join(tmpdir(), 'lw-cli-refusals-'));
const plan = join(dir, 'plan.yaml');
writeFileSync(plan, 'version: 1\nproduct: { name: x }\nevents:\n  run: { ok: boolean }\nmetrics:\n  runs: { from: run, count: true, window: 1d }\n');

/** A read-only tmpfs, or why it could not be mounted (mounting needs root). */
const readOnly = join(dir, 'ro');
mkdirSync(readOnly);
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', readOnly], { encoding: 'utf8' });
const mountRefused = mounted.status === 0 ? undefined : `cannot mount a read-only tmpfs here (${(mounted.stderr || String(mounted.status)).trim()}): needs root`;

afterAll(() => {
  if (!mountRefused) spawnSync('umount', ['-l', readOnly]);
  rmSync(dir, { recursive: true, force: true });
});

function cli(args: readonly string[]): { code: number | null; stderr: string; stdout: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, LOG_LEVEL: 'warn' } });
  return { code: result.status, stderr: result.stderr, stdout: result.stdout };
}

function expectNoInternals(text: string): void {
  expect(text).not.toContain('node_modules');
  expect(text).not.toMatch(/^\s+at /m);
  expect(text).not.toMatch(/node:(fs|internal)/);
}

describe('a YAML alias bomb in the plan', () => {
  const bomb = join(dir, 'bomb.yaml');
  writeFileSync(
    bomb,
    [
      'version: 1',
      'product: { name: x }',
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      ...'bcdefgh'.split('').map((name, i) => `${name}: &${name} [${Array.from({ length: 9 }, () => `*${'abcdefgh'[i] ?? ''}`).join(',')}]`),
      'events: {}',
      '',
    ].join('\n'),
  );

  for (const command of [['check', bomb], ['serve', '--plan', bomb, '--data', join(dir, 'bomb-data'), '--port', '0']]) {
    it(`${command[0]}: is refused at file:line:col, exit 1, without a stack`, () => {
      const result = cli(command);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^${bomb.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:7:\\d+: the aliases expand to more than 10000 values`, 'm'));
      expect(result.stderr).toContain('alias bomb');
      expectNoInternals(result.stderr + result.stdout);
    });
  }
});

describe('a data directory that cannot be used', () => {
  function expectOneLine(data: string, reason: RegExp): void {
    const result = cli(['serve', '--plan', plan, '--data', data, '--port', '0']);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^launchwatch: cannot use the data directory ${data.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: `));
    expect(lines[0]).toMatch(reason);
    expectNoInternals(result.stderr + result.stdout);
  }

  it('where no directory can be created (under /proc): one line, exit 1', () => {
    expectOneLine('/proc/launchwatch/data', /cannot be created there \(ENOENT\)/);
  });

  it('under a file: one line, exit 1', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    expectOneLine(join(file, 'data'), /ENOTDIR/);
  });

  it.skipIf(mountRefused !== undefined)(`missing, on a read-only file system: one line, exit 1${mountRefused ? ` (skipped: ${mountRefused})` : ''}`, () => {
    expectOneLine(join(readOnly, 'data'), /read-only file system \(EROFS\)/);
  });

  it.skipIf(mountRefused !== undefined)(`existing, on a read-only file system: one line, exit 1${mountRefused ? ` (skipped: ${mountRefused})` : ''}`, () => {
    expectOneLine(readOnly, /read-only file system \(EROFS\)/);
  });
});
