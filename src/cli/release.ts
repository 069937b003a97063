/** `launchwatch release mark|list` and `launchwatch impact VERSION`: releases of a running server and their measured impact. */
import type { Command } from 'commander';
import { formatValue } from '../format.js';
import type { GroupImpactJson, ImpactJson, MetricImpactJson, ReleaseJson } from '../releases/json.js';
import { call, type ClientOptions } from './client.js';

export type Out = (text: string) => void;
const stdout: Out = (text) => process.stdout.write(text);

/** Aligned columns. Pure. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => [...(r[i] ?? '')].length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - [...c].length))).join('  ');
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

const minute = (iso: string): string => iso.slice(0, 16).replace('T', ' ');

export function renderReleases(releases: readonly ReleaseJson[]): string {
  if (releases.length === 0) return 'no releases (mark one: launchwatch release mark VERSION)\n';
  return table(['VERSION', 'AT (UTC)', 'NOTES'], releases.map((r) => [r.version, minute(r.at), r.notes ?? '']));
}

const VERDICT_WORDS: Record<string, string> = {
  improved: 'improved',
  regressed: 'REGRESSED',
  changed: 'changed',
  no_measurable_change: 'no measurable change',
  not_testable: 'not testable',
  insufficient_data: 'not enough data',
};

function signedPercent(x: number | null): string {
  if (x === null) return '–';
  const p = x * 100;
  return `${p > 0 ? '+' : ''}${Math.abs(p) >= 10 ? p.toFixed(0) : p.toFixed(1)}%`;
}

function pText(m: MetricImpactJson | GroupImpactJson): string {
  if (!m.test) return '–';
  return m.test.p_value < 0.0001 ? '<0.0001' : m.test.p_value.toFixed(4);
}

/** The impact report for a terminal. Pure. */
export function renderImpact(impact: ImpactJson): string {
  const w = impact.window;
  const head = [
    `release ${impact.version} at ${minute(impact.at)} UTC: ${w.ms / 3_600_000}h before against ${w.complete ? '' : 'the first part of '}${w.ms / 3_600_000}h after`,
    `before ${minute(w.before.from)} … ${minute(w.before.to)}   after ${minute(w.after.from)} … ${minute(w.after.to)}${w.complete ? '' : ' (window still open)'}`,
    '',
  ];
  const row = (name: string, unit: string, m: MetricImpactJson | GroupImpactJson): string[] => [
    name,
    formatValue(m.before, unit),
    formatValue(m.after, unit),
    signedPercent(m.relative_change),
    m.test ? (m.test.name === 'two_proportion_z' ? 'z-test' : 'Mann-Whitney') : '–',
    pText(m),
    VERDICT_WORDS[m.verdict] ?? m.verdict,
  ];
  const groupName = (group: Readonly<Record<string, unknown>>): string => `  ${Object.entries(group).map(([k, v]) => `${k}=${v === null ? '(none)' : String(v)}`).join(',')}`;
  const rows = impact.metrics.flatMap((m) => [row(m.metric, m.unit, m), ...m.groups.map((g) => row(groupName(g.group), m.kind === 'share' ? 'percent' : m.unit, g))]);
  const c = impact.counts;
  const advice =
    impact.recommendation === 'investigate'
      ? 'investigate: a metric regressed (keep or revert: see the metrics marked REGRESSED)'
      : impact.recommendation === 'too_early'
        ? 'too early: the after window is still open'
        : 'keep: no metric regressed';
  const parts = [
    `${c.improved ?? 0} improved`,
    `${c.regressed ?? 0} regressed`,
    ...(c.changed ? [`${c.changed} changed (no target to say which way is better)`] : []),
    `${c.no_measurable_change ?? 0} no measurable change`,
    `${(c.not_testable ?? 0) + (c.insufficient_data ?? 0)} not tested`,
  ];
  const summary = `\n${parts.join(', ')}\n${advice}\n`;
  return `${head.join('\n')}${table(['METRIC', 'BEFORE', 'AFTER', 'CHANGE', 'TEST', 'P', 'VERDICT'], rows)}${summary}`;
}

export async function releaseMarkCommand(options: ClientOptions & { version: string; at?: string; notes?: string }, out: Out = stdout): Promise<number> {
  const body = { version: options.version, ...(options.at ? { at: options.at } : {}), ...(options.notes ? { notes: options.notes } : {}) };
  const answer = await call<{ release: ReleaseJson }>(options, 'POST', '/api/v1/releases', body);
  if (answer.kind === 'failed') return answer.exit;
  out(`release ${answer.body.release.version} marked at ${answer.body.release.at}\n`);
  return 0;
}

export async function releaseListCommand(options: ClientOptions & { json: boolean }, out: Out = stdout): Promise<number> {
  const answer = await call<{ releases: ReleaseJson[] }>(options, 'GET', '/api/v1/releases');
  if (answer.kind === 'failed') return answer.exit;
  out(options.json ? `${JSON.stringify(answer.body, null, 2)}\n` : renderReleases(answer.body.releases));
  return 0;
}

export async function impactCommand(options: ClientOptions & { version: string; window: string; json: boolean }, out: Out = stdout): Promise<number> {
  const answer = await call<ImpactJson>(options, 'GET', `/api/v1/releases/${encodeURIComponent(options.version)}/impact?window=${encodeURIComponent(options.window)}`);
  if (answer.kind === 'failed') return answer.exit;
  out(options.json ? `${JSON.stringify(answer.body, null, 2)}\n` : renderImpact(answer.body));
  return 0;
}

export function registerReleaseCommands(program: Command, client: (url: string) => ClientOptions, serverUrl: string): void {
  const finish = (code: number): void => {
    process.exitCode = code;
  };
  const release = program.command('release').description('releases: the markers impact is measured around');
  release
    .command('mark')
    .description('record that a version reached users (now, or --at)')
    .argument('<version>', 'e.g. 1.1.0')
    .option('--at <time>', 'when it reached users, ISO-8601 with a time zone (default: now)')
    .option('--notes <text>', 'what changed')
    .option('--url <url>', 'the server', serverUrl)
    .action(async (version: string, o: { url: string; at?: string; notes?: string }) =>
      finish(await releaseMarkCommand({ ...client(o.url), version, ...(o.at ? { at: o.at } : {}), ...(o.notes ? { notes: o.notes } : {}) })),
    );
  release
    .command('list')
    .description('list the releases, oldest first')
    .option('--json', 'print the JSON answer', false)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (o: { url: string; json: boolean }) => finish(await releaseListCommand({ ...client(o.url), json: o.json })));
  program
    .command('impact')
    .description('every plan metric before and after a release: change, significance (p-value) and a verdict')
    .argument('<version>', 'a marked release')
    .option('--window <duration>', 'how long before and after to compare', '48h')
    .option('--json', 'print the JSON answer', false)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (version: string, o: { url: string; window: string; json: boolean }) => finish(await impactCommand({ ...client(o.url), version, window: o.window, json: o.json })));
}
