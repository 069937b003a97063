/**
 * A small tmpfs to fill up, for the full-disk tests, and the real server on
 * it as a child process whose whole output is kept. Mounting needs root (CI
 * and the test machines run as root); where the mount is refused, the tests
 * that need it are skipped with the reason.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from './server-process.js';

export interface SmallDisk {
  readonly dir: string;
  /** Fills the disk, leaving about `leave` bytes (rounded to pages) free. */
  fill(leave?: number): void;
  /** Deletes every filler file. */
  free(): void;
  unmount(): void;
}

/** A tmpfs of `megabytes` mounted on a new directory, or the reason it could not be mounted. */
export function mountSmallDisk(megabytes: number): SmallDisk | string {
  const dir = mkdtempSync(join(tmpdir(), 'lw-small-disk-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', dir], { encoding: 'utf8' });
  if (mounted.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return `cannot mount a tmpfs here (${(mounted.stderr || String(mounted.error ?? mounted.status)).trim()}): the full-disk tests need root`;
  }
  const fillers = join(dir, 'filler');
  mkdirSync(fillers);
  let n = 0;
  const writeUntilFull = (size: number): void => {
    for (;;) {
      const path = join(fillers, String(n++));
      try {
        writeFileSync(path, Buffer.alloc(size, 1));
      } catch (error: unknown) {
        rmSync(path, { force: true });
        if (error instanceof Error && 'code' in error && error.code === 'ENOSPC') return;
        throw error;
      }
    }
  };
  const freeBytes = (): number => {
    const stats = statfsSync(dir);
    return stats.bavail * stats.bsize;
  };
  const fillersOf = (size: number): string[] => readdirSync(fillers).filter((name) => statSync(join(fillers, name)).size === size);
  return {
    dir,
    fill(leave = 0) {
      writeUntilFull(1 << 20);
      writeUntilFull(4096);
      // Give back pages until about `leave` bytes are free (a megabyte broken into pages when no page is left to give back).
      while (freeBytes() < leave) {
        const page = fillersOf(4096)[0];
        if (page !== undefined) {
          rmSync(join(fillers, page));
          continue;
        }
        rmSync(join(fillers, fillersOf(1 << 20)[0] ?? ''));
        writeUntilFull(4096);
      }
    },
    free() {
      for (const name of readdirSync(fillers)) rmSync(join(fillers, name), { force: true });
    },
    unmount() {
      spawnSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Served {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** Resolves with the exit code (or signal). */
  readonly exited: Promise<number | string | null>;
}

/** `launchwatch serve` as a child process; resolves once it listens, with its whole output kept. */
export function serve(args: readonly string[], env: Record<string, string> = {}): Promise<Served> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], { env: { ...process.env, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (data: Buffer) => (output += data.toString()));
  child.stderr.on('data', (data: Buffer) => (output += data.toString()));
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
      if (match?.[1]) {
        clearInterval(timer);
        resolve({ url: match[1], child, output: () => output, exited });
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`server exited (${String(code)}) before listening:\n${output}`));
    });
  });
}
