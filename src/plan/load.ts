/**
 * Reads a plan file: YAML with positions, `${VAR}` from the environment,
 * then resolvePlan(). Every error carries file:line:col.
 */
import { readFile } from 'node:fs/promises';
import { Document, LineCounter, Pair, Scalar, isMap, isScalar, isSeq, parseDocument, visit, type Node } from 'yaml';
import type { PathSegment, PlanIssue } from './issue.js';
import { resolvePlan } from './resolve.js';
import type { Plan } from './types.js';

export interface PlanError {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

export type LoadResult = { kind: 'ok'; plan: Plan } | { kind: 'invalid'; errors: PlanError[] };

export type Env = Readonly<Record<string, string | undefined>>;

export function formatPlanError(error: PlanError): string {
  return `${error.file}:${error.line}:${error.col}: ${error.message}`;
}

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$\$/g;

/** Replaces `${VAR}` and `${VAR:-default}` in a string; `$$` is a literal `$`. */
export function interpolate(text: string, env: Env): { value: string; missing: string[] } {
  const missing: string[] = [];
  const value = text.replace(VARIABLE, (whole, name: string | undefined, fallback: string | undefined) => {
    if (whole === '$$') return '$';
    const found = env[name ?? ''];
    if (found !== undefined && found !== '') return found;
    if (fallback !== undefined) return fallback;
    missing.push(name ?? '');
    return '';
  });
  return { value, missing };
}

function position(counter: LineCounter, offset: number): { line: number; col: number } {
  const pos = counter.linePos(offset);
  return { line: pos.line, col: pos.col };
}

/** The node a path points at, or the deepest existing ancestor; with atKey, the key of the last segment. */
function locate(doc: Document, path: readonly PathSegment[], atKey: boolean): Node | undefined {
  let node: unknown = doc.contents;
  let found: Node | undefined = isMap(node) || isSeq(node) || isScalar(node) ? node : undefined;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item): item is Pair<unknown, unknown> => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) return found;
      if (last && atKey && isScalar(pair.key)) return pair.key;
      node = pair.value;
      if (isScalar(pair.key)) found = pair.key;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
    } else {
      return found;
    }
    if (isMap(node) || isSeq(node) || isScalar(node)) found = node;
  }
  return found;
}

export function loadPlanText(text: string, file: string, env: Env = process.env): LoadResult {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const errors: PlanError[] = [];
  for (const error of doc.errors) {
    const { line, col } = position(counter, error.pos[0]);
    errors.push({ file, line, col, message: error.message.split('\n')[0] ?? error.message });
  }
  if (errors.length > 0) return { kind: 'invalid', errors };

  visit(doc, {
    Scalar(_key, node: Scalar) {
      if (typeof node.value !== 'string' || !node.value.includes('$')) return;
      const { value, missing } = interpolate(node.value, env);
      for (const name of missing) {
        const { line, col } = position(counter, node.range?.[0] ?? 0);
        errors.push({ file, line, col, message: `environment variable ${name} is not set (write \${${name}:-default} to give a default)` });
      }
      node.value = value;
    },
  });
  if (errors.length > 0) return { kind: 'invalid', errors };

  const result = resolvePlan(doc.toJS());
  if (result.kind === 'ok') return result;
  const located = result.issues.map((issue) => toPlanError(doc, counter, file, issue));
  located.sort((a, b) => a.line - b.line || a.col - b.col);
  return { kind: 'invalid', errors: located };
}

function toPlanError(doc: Document, counter: LineCounter, file: string, issue: PlanIssue): PlanError {
  const node = locate(doc, issue.path, issue.atKey ?? false);
  const { line, col } = position(counter, node?.range?.[0] ?? 0);
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return { file, line, col, message: `${where}${issue.message}` };
}

/**
 * Problems found after a plan loaded (the stored data refusing it), located in
 * the file's text as loadPlanText locates its own: at the key the path names,
 * or its deepest ancestor in the file.
 */
export function locatePlanIssues(text: string, file: string, issues: readonly PlanIssue[]): PlanError[] {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  return issues.map((issue) => toPlanError(doc, counter, file, issue));
}

export async function loadPlanFile(file: string, env: Env = process.env): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error: unknown) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unknown';
    const message = code === 'ENOENT' ? 'plan file not found' : `cannot read the plan file (${code})`;
    return { kind: 'invalid', errors: [{ file, line: 0, col: 0, message }] };
  }
  return loadPlanText(text, file, env);
}
