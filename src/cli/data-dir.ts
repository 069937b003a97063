/**
 * The data directory, made ready before anything opens it: created level by
 * level when missing, and checked writable, so that a read-only file system
 * or a path that cannot exist is one line naming the problem rather than a
 * stack trace. (Node's recursive mkdir reports EROFS as ENOENT and does not
 * return under /proc.)
 */
import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

function codeOf(error: unknown): string {
  return error instanceof Error && 'code' in error ? String(error.code) : 'unknown';
}

/** Why the directory cannot be created or written, in words, by the error's code. */
function reason(code: string): string {
  switch (code) {
    case 'EROFS':
      return 'it is on a read-only file system (EROFS)';
    case 'EACCES':
    case 'EPERM':
      return `this user may not write there (${code})`;
    case 'ENOTDIR':
      return 'a part of the path is a file, not a directory (ENOTDIR)';
    case 'ENOENT':
      return 'it cannot be created there (ENOENT)';
    case 'ENOSPC':
      return 'disk full (ENOSPC)';
    default:
      return `it cannot be created or written (${code})`;
  }
}

/** Creates `dir` and any missing parents, one level at a time, so each failure has its real cause. */
async function create(dir: string): Promise<void> {
  try {
    const found = await stat(dir);
    if (!found.isDirectory()) throw Object.assign(new Error(`${dir} is not a directory`), { code: 'ENOTDIR' });
    return;
  } catch (error: unknown) {
    if (codeOf(error) !== 'ENOENT') throw error;
  }
  const parent = dirname(dir);
  if (parent !== dir) await create(parent);
  try {
    await mkdir(dir);
  } catch (error: unknown) {
    if (codeOf(error) !== 'EEXIST') throw error;
  }
}

/**
 * Makes the data directory ready: exists (created if missing) and writable.
 * Returns what is wrong, in one line, or undefined when it is ready.
 */
export async function dataDirectoryProblem(dir: string): Promise<string | undefined> {
  const path = resolve(dir);
  try {
    await create(path);
    await access(path, constants.W_OK);
    return undefined;
  } catch (error: unknown) {
    return `cannot use the data directory ${path}: ${reason(codeOf(error))}; give --data (LAUNCHWATCH_DATA) a writable directory`;
  }
}
