/**
 * The committed lock file installs DuckDB on every platform, and the test
 * script refuses an install that rewrote the lock.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

interface LockEntry {
  readonly version?: string;
  readonly resolved?: string;
  readonly integrity?: string;
  readonly optional?: boolean;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
}

const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };

describe('package-lock.json', () => {
  it("carries every platform's DuckDB binding, so npm ci installs one on macOS, Windows and Linux", () => {
    const bindings = lock.packages['node_modules/@duckdb/node-bindings'];
    const platforms = Object.keys(bindings?.optionalDependencies ?? {});
    expect(platforms).toEqual(expect.arrayContaining(['darwin-arm64', 'darwin-x64', 'linux-x64', 'linux-arm64', 'win32-x64'].map((p) => `@duckdb/node-bindings-${p}`)));
    for (const name of platforms) {
      const entry = lock.packages[`node_modules/${name}`];
      expect(entry, name).toBeDefined();
      expect(entry?.version, name).toBe(bindings?.optionalDependencies?.[name]);
      expect(entry?.integrity, name).toMatch(/^sha512-/);
    }
  });
});

describe('scripts/test.sh', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lw-lock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails, saying what to do, when installing changed the lock', () => {
    // A copy of the script and the lock, with an `npm` that rewrites the lock as `npm install` on another platform would.
    mkdirSync(join(dir, 'scripts'));
    mkdirSync(join(dir, 'bin'));
    copyFileSync(join(root, 'scripts/test.sh'), join(dir, 'scripts/test.sh'));
    copyFileSync(join(root, 'package-lock.json'), join(dir, 'package-lock.json'));
    writeFileSync(join(dir, 'scripts/test-deps.sh'), 'echo "test-deps ran"\nexit 0\n');
    writeFileSync(join(dir, 'bin/npm'), '#!/bin/sh\necho \'{"lockfileVersion": 3, "packages": {}}\' > package-lock.json\n');
    chmodSync(join(dir, 'bin/npm'), 0o755);
    const result = spawnSync('bash', [join(dir, 'scripts/test.sh')], { encoding: 'utf8', env: { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH ?? ''}` } });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('installing changed package-lock.json');
    expect(result.stderr).toContain('commit the lock');
    expect(result.stdout).not.toContain('test-deps ran');
  });
});
