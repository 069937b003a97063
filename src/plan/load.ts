/**
 * Reads a plan file: YAML with positions, `${VAR}` from the environment,
 * then resolvePlan(). Every error carries file:line:col.
 */
import { readFile } from 'node:fs/promises';
import { Alias, Document, LineCounter, Pair, Scalar, isAlias, isMap, isScalar, isSeq, parseDocument, visit, type Node } from 'yaml';
import type { PathSegment, PlanIssue } from './issue.js';
import { resolvePlan } from './resolve.js';
import type { Plan } from './types.js';

export interface PlanError {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

/** With `missingEnv: 'warn'`, an unset `${VAR}` is a warning, and what its empty value gives at that place is not an error. */
export type LoadResult = { kind: 'ok'; plan: Plan; warnings?: PlanError[] } | { kind: 'invalid'; errors: PlanError[]; warnings?: PlanError[] };

export interface LoadOptions {
  /** `error` (default): an unset `${VAR}` without a default is an error. `warn`: a warning, the plan otherwise checked (launchwatch check --env-missing ok). */
  readonly missingEnv?: 'error' | 'warn';
}

export type Env = Readonly<Record<string, string | undefined>>;

export function formatPlanError(error: PlanError): string {
  return `${error.file}:${error.line}:${error.col}: ${error.message}`;
}

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$\$/g;

/** Replaces `${VAR}` and `${VAR:-default}` in a string; `$$` is a literal `$`; an unset VAR gives `unset(VAR)` (default: nothing). */
export function interpolate(text: string, env: Env, unset: (name: string) => string = () => ''): { value: string; missing: string[] } {
  const missing: string[] = [];
  const value = text.replace(VARIABLE, (whole, name: string | undefined, fallback: string | undefined) => {
    if (whole === '$$') return '$';
    const found = env[name ?? ''];
    if (found !== undefined && found !== '') return found;
    if (fallback !== undefined) return fallback;
    missing.push(name ?? '');
    return unset(name ?? '');
  });
  return { value, missing };
}

/** An unset variable's stand-in while checking with missingEnv 'warn': a URL, and long enough for a key, so most places take it. */
const placeholder = (name: string): string => `https://unset.invalid/${name}`;

const UNQUOTED_THRESHOLD = /^[<>]=?\s*-?[\d.]/;

/**
 * `quote the threshold: green: ">= 100"` when the value at `offset` is a comparison YAML cannot read
 * unquoted (`>` starts a block scalar), with the key before it; undefined otherwise. Pure.
 */
export function thresholdHint(text: string, offset: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  // A block scalar header's error points after its `>`: start at the comparison.
  let start = offset;
  while (start > lineStart && '<>='.includes(text[start - 1] ?? '')) start--;
  const lineEnd = text.indexOf('\n', start);
  const rest = text.slice(start, lineEnd === -1 ? text.length : lineEnd);
  const value = (/^[^,}\]#]*/.exec(rest)?.[0] ?? '').trim();
  if (!UNQUOTED_THRESHOLD.test(value)) return undefined;
  const key = /([A-Za-z_][A-Za-z0-9_]*)\s*:\s*$/.exec(text.slice(lineStart, start))?.[1];
  return `quote the threshold: ${key ? `${key}: ` : ''}"${value}"`;
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

/** How many values the plan's aliases may stand for in all: a real plan needs a few dozen. */
export const MAX_ALIAS_NODES = 10_000;
/** yaml's own bound (its default), kept explicit: how often one anchor's aliases may be expanded, weighted by their size. */
const MAX_ALIAS_COUNT = 100;

/**
 * The alias at which the values the aliases stand for, counted in document
 * order with each alias expanded, pass MAX_ALIAS_NODES (an alias bomb:
 * "billion laughs"); undefined when they stay below. Counted without
 * expanding anything, so a bomb costs no memory.
 */
function aliasBomb(doc: Document): Alias | undefined {
  const sizes = new Map<unknown, number>();
  const sizeOf = (node: unknown, depth: number): number => {
    if (isAlias(node)) return sizeOf(node.resolve(doc), depth + 1);
    if (!isMap(node) && !isSeq(node)) return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    if (depth > 100) return MAX_ALIAS_NODES + 1;
    sizes.set(node, 1); // a node reached again through its own alias counts once
    let size = 1;
    for (const item of node.items) size += item instanceof Pair ? sizeOf(item.key, depth + 1) + sizeOf(item.value, depth + 1) : sizeOf(item, depth + 1);
    sizes.set(node, size);
    return size;
  };
  let total = 0;
  let found: Alias | undefined;
  visit(doc, {
    Alias(_key, node: Alias) {
      total += sizeOf(node, 0);
      if (total <= MAX_ALIAS_NODES) return undefined;
      found = node;
      return visit.BREAK;
    },
  });
  return found;
}

export function loadPlanText(text: string, file: string, env: Env = process.env, options: LoadOptions = {}): LoadResult {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const errors: PlanError[] = [];
  const hinted = new Set<number>();
  for (const error of doc.errors) {
    const { line, col } = position(counter, error.pos[0]);
    // An unquoted threshold (green: >= 100) reads as a YAML block scalar: say what to write, once per line.
    const hint = thresholdHint(text, error.pos[0]);
    if (hinted.has(line)) continue;
    if (hint) hinted.add(line);
    errors.push({ file, line, col, message: `${error.message.split('\n')[0] ?? error.message}${hint ? `: ${hint}` : ''}` });
  }
  if (errors.length > 0) return { kind: 'invalid', errors };

  const warnings: PlanError[] = [];
  const unset = new Set<string>();
  const bomb = aliasBomb(doc);
  if (bomb) {
    const { line, col } = position(counter, bomb.range?.[0] ?? 0);
    return { kind: 'invalid', errors: [{ file, line, col, message: `the aliases expand to more than ${MAX_ALIAS_NODES} values from here (*${bomb.source}): a plan needs far fewer; is this a YAML alias bomb?` }] };
  }

  visit(doc, {
    Scalar(_key, node: Scalar) {
      if (typeof node.value !== 'string' || !node.value.includes('$')) return;
      const { value, missing } = interpolate(node.value, env, options.missingEnv === 'warn' ? placeholder : undefined);
      for (const name of missing) {
        const { line, col } = position(counter, node.range?.[0] ?? 0);
        (options.missingEnv === 'warn' ? warnings : errors).push({ file, line, col, message: `environment variable ${name} is not set (write \${${name}:-default} to give a default)` });
        unset.add(`${line}:${col}`);
      }
      node.value = value;
    },
  });
  const withWarnings = warnings.length ? { warnings } : {};
  if (errors.length > 0) return { kind: 'invalid', errors, ...withWarnings };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error: unknown) {
    // yaml's own bound on aliases (ReferenceError: Excessive alias count ...), at the first alias.
    let first: Alias | undefined;
    visit(doc, { Alias: (_key, node: Alias) => ((first = node), visit.BREAK) });
    const { line, col } = position(counter, first?.range?.[0] ?? 0);
    return { kind: 'invalid', errors: [{ file, line, col, message: `the plan's aliases cannot be expanded: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  const result = resolvePlan(data);
  if (result.kind === 'ok') return { ...result, ...withWarnings };
  // What an unset variable's empty value gives at its own place (an empty key, a URL that is not one) is the warning's.
  const located = result.issues.map((issue) => toPlanError(doc, counter, file, issue)).filter((e) => !unset.has(`${e.line}:${e.col}`));
  located.sort((a, b) => a.line - b.line || a.col - b.col);
  return { kind: 'invalid', errors: located, ...withWarnings };
}

/** How far into a scalar's source the issue's offset in its value is: past the opening quote; a block scalar is pointed at as a whole. */
function offsetInScalar(node: Node | undefined, issue: PlanIssue): number {
  if (issue.offset === undefined || !isScalar(node) || issue.atKey) return 0;
  if (node.type === 'PLAIN') return issue.offset;
  return node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? issue.offset + 1 : 0;
}

function toPlanError(doc: Document, counter: LineCounter, file: string, issue: PlanIssue): PlanError {
  const node = locate(doc, issue.path, issue.atKey ?? false);
  const { line, col } = position(counter, (node?.range?.[0] ?? 0) + offsetInScalar(node, issue));
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

export async function loadPlanFile(file: string, env: Env = process.env, options: LoadOptions = {}): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error: unknown) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unknown';
    const message = code === 'ENOENT' ? 'plan file not found' : `cannot read the plan file (${code})`;
    return { kind: 'invalid', errors: [{ file, line: 0, col: 0, message }] };
  }
  return loadPlanText(text, file, env, options);
}
