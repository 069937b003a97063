/** `launchwatch backlog add|list|top|ship|export`: the optimisation backlog of a running server, ranked by RICE. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { GithubIssue } from '../backlog/github.js';
import type { BacklogItemJson } from '../backlog/json.js';
import { ERROR_CODES } from '../errors.js';
import { call, type ClientOptions } from './client.js';
import { table, type Out } from './release.js';

const stdout: Out = (text) => process.stdout.write(text);
const figure = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(2).replace(/0+$/, '').replace(/\.$/, ''));
const signed = (x: number | null): string => (x === null ? '–' : `${x > 0 ? '+' : ''}${(x * 100).toFixed(1)}%`);

/** The ranked backlog; shipped items show the expected change beside the measured one. Pure. */
export function renderBacklog(items: readonly BacklogItemJson[]): string {
  if (items.length === 0) return 'the backlog is empty (add an item: launchwatch backlog add --title … --metric … --reach … --impact … --confidence … --effort …)\n';
  const open = items.filter((i) => i.status === 'open');
  const shipped = items.filter((i) => i.status === 'shipped');
  const parts: string[] = [];
  if (open.length) {
    parts.push(
      table(
        ['#', 'ID', 'RICE', 'REACH', 'IMPACT', 'CONF', 'EFFORT', 'METRIC', 'TITLE'],
        open.map((i) => [String(i.rank ?? ''), i.id, figure(i.rice), figure(i.reach), figure(i.impact), `${Math.round(i.confidence * 100)}%`, figure(i.effort), i.metric, i.title]),
      ),
    );
  }
  if (shipped.length) {
    parts.push(
      `${open.length ? '\n' : ''}SHIPPED\n${table(
        ['ID', 'RELEASE', 'METRIC', 'EXPECTED', 'MEASURED', 'VERDICT', 'TITLE'],
        shipped.map((i) => [i.id, i.release ?? '', i.metric, signed(i.expected_change), i.measured ? signed(i.measured.relative_change) : '–', i.measured?.verdict.replaceAll('_', ' ') ?? 'release not marked', i.title]),
      )}`,
    );
  }
  return parts.join('');
}

export interface AddOptions extends ClientOptions {
  readonly title: string;
  readonly metric: string;
  readonly reach: number;
  readonly impact: string;
  readonly confidence: string;
  readonly effort: number;
  readonly expected?: string;
  readonly notes?: string;
}

export async function backlogAddCommand(o: AddOptions, out: Out = stdout): Promise<number> {
  const impact = /^\d+(\.\d+)?$/.test(o.impact) ? Number(o.impact) : o.impact;
  const confidence = o.confidence.endsWith('%') ? o.confidence : Number(o.confidence) > 1 ? `${o.confidence}%` : Number(o.confidence);
  const body = {
    title: o.title,
    metric: o.metric,
    reach: o.reach,
    impact,
    confidence,
    effort: o.effort,
    ...(o.expected !== undefined ? { expected_change: o.expected } : {}),
    ...(o.notes !== undefined ? { notes: o.notes } : {}),
  };
  const answer = await call<{ item: BacklogItemJson }>(o, 'POST', '/api/v1/backlog', body);
  if (answer.kind === 'failed') return answer.exit;
  const i = answer.body.item;
  out(`${i.id} added: RICE ${figure(i.rice)}, ranked ${i.rank ?? '-'}: ${i.title}\n`);
  return 0;
}

export async function backlogListCommand(o: ClientOptions & { status: string; window: string; json: boolean }, out: Out = stdout): Promise<number> {
  const answer = await call<{ items: BacklogItemJson[] }>(o, 'GET', `/api/v1/backlog?status=${encodeURIComponent(o.status)}&window=${encodeURIComponent(o.window)}`);
  if (answer.kind === 'failed') return answer.exit;
  out(o.json ? `${JSON.stringify(answer.body, null, 2)}\n` : renderBacklog(answer.body.items));
  return 0;
}

export async function backlogTopCommand(o: ClientOptions & { n: number; json: boolean }, out: Out = stdout): Promise<number> {
  const answer = await call<{ items: BacklogItemJson[] }>(o, 'GET', `/api/v1/backlog/top?n=${o.n}`);
  if (answer.kind === 'failed') return answer.exit;
  out(o.json ? `${JSON.stringify(answer.body, null, 2)}\n` : renderBacklog(answer.body.items));
  return 0;
}

export async function backlogShipCommand(o: ClientOptions & { id: string; release: string }, out: Out = stdout): Promise<number> {
  const answer = await call<{ item: BacklogItemJson }>(o, 'POST', `/api/v1/backlog/${encodeURIComponent(o.id)}/ship`, { release: o.release });
  if (answer.kind === 'failed') return answer.exit;
  const i = answer.body.item;
  out(`${i.id} shipped with ${i.release ?? ''}: ${i.title}\n`);
  out(i.measured ? `expected ${signed(i.expected_change)}, measured ${signed(i.measured.relative_change)} (${i.measured.reason})\n` : `measure it with: launchwatch impact ${i.release ?? ''}\n`);
  return 0;
}

/** Writes each issue as <id>.json (the body of GitHub's create-an-issue request: gh api repos/OWNER/REPO/issues --input <file>), or prints them all. */
export async function backlogExportCommand(o: ClientOptions & { top: number; format: string; out?: string }, out: Out = stdout): Promise<number> {
  const answer = await call<{ issues: GithubIssue[] }>(o, 'GET', `/api/v1/backlog/export?top=${o.top}&format=${encodeURIComponent(o.format)}`);
  if (answer.kind === 'failed') return answer.exit;
  const issues = answer.body.issues;
  if (!o.out) {
    out(`${JSON.stringify(issues, null, 2)}\n`);
    return 0;
  }
  try {
    await mkdir(o.out, { recursive: true });
    for (const [i, issue] of issues.entries()) await writeFile(join(o.out, `issue-${i + 1}.json`), `${JSON.stringify(issue, null, 2)}\n`, { flag: 'wx' });
  } catch (error: unknown) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    console.error(`launchwatch: cannot write to ${o.out}: ${code === 'EEXIST' ? 'a file exists (not overwriting it)' : code || 'failed'}`);
    return ERROR_CODES.invalid_request.exit;
  }
  out(`${issues.length} issue${issues.length === 1 ? '' : 's'} written to ${o.out} (file each with: gh api repos/OWNER/REPO/issues --input <file>)\n`);
  return 0;
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number above 0');
  return n;
}

function whole(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number');
  return Number(value);
}

export function registerBacklogCommands(program: Command, client: (url: string) => ClientOptions, serverUrl: string): void {
  const finish = (code: number): void => {
    process.exitCode = code;
  };
  const backlog = program.command('backlog').description('the optimisation backlog, ranked by RICE = Reach × Impact × Confidence / Effort');
  backlog
    .command('add')
    .description('add an item, linked to the plan metric it should move')
    .requiredOption('--title <text>', 'what to do')
    .requiredOption('--metric <id>', 'the plan metric it should move')
    .requiredOption('--reach <n>', 'people (or events) it reaches per period', positive)
    .requiredOption('--impact <impact>', 'massive (3), high (2), medium (1), low (0.5) or minimal (0.25)')
    .requiredOption('--confidence <percent>', 'how sure: 100%, 80%, 50%')
    .requiredOption('--effort <n>', 'person-weeks', positive)
    .option('--expected <percent>', 'the change of the metric expected, e.g. +5% or -20%')
    .option('--notes <text>', 'why: the evidence, links')
    .option('--url <url>', 'the server', serverUrl)
    .action(async (o: Omit<AddOptions, 'url'> & { url: string }) => finish(await backlogAddCommand({ ...o, ...client(o.url) })));
  backlog
    .command('list')
    .description('every item: open ones by RICE, shipped ones with the measured impact beside the expected one')
    .option('--status <status>', 'open, shipped or all', 'all')
    .option('--window <duration>', 'the impact window for shipped items', '48h')
    .option('--json', 'print the JSON answer', false)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (o: { url: string; status: string; window: string; json: boolean }) => finish(await backlogListCommand({ ...client(o.url), status: o.status, window: o.window, json: o.json })));
  backlog
    .command('top')
    .description('the open items with the highest RICE score')
    .argument('[n]', 'how many', whole, 5)
    .option('--json', 'print the JSON answer', false)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (n: number, o: { url: string; json: boolean }) => finish(await backlogTopCommand({ ...client(o.url), n, json: o.json })));
  backlog
    .command('ship')
    .description('mark an item shipped with a release; its measured impact then shows beside the expected one')
    .argument('<id>', 'e.g. BL-3')
    .requiredOption('--release <version>', 'a marked release')
    .option('--url <url>', 'the server', serverUrl)
    .action(async (id: string, o: { url: string; release: string }) => finish(await backlogShipCommand({ ...client(o.url), id, release: o.release })));
  backlog
    .command('export')
    .description('the top items as GitHub issue bodies (title, body with the evidence, labels), ready to file')
    .option('--top <n>', 'how many', whole, 5)
    .option('--format <format>', 'github', 'github')
    .option('--out <dir>', 'write one JSON file per issue here instead of printing them')
    .option('--url <url>', 'the server', serverUrl)
    .action(async (o: { url: string; top: number; format: string; out?: string }) =>
      finish(await backlogExportCommand({ ...client(o.url), top: o.top, format: o.format, ...(o.out ? { out: o.out } : {}) })),
    );
}
