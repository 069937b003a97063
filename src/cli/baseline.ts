/** `launchwatch baseline take|set|list|show` and `launchwatch regressions`: baselines of a running server and what regressed against them. */
import { InvalidArgumentError, type Command } from 'commander';
import { parseAssignments } from '../baselines/baseline.js';
import type { BaselineJson, ComparisonJson } from '../baselines/json.js';
import { formatValue } from '../format.js';
import { call, type ClientOptions } from './client.js';
import { table, type Out } from './release.js';

const stdout: Out = (text) => process.stdout.write(text);
const minute = (iso: string): string => iso.slice(0, 16).replace('T', ' ');
const percent = (x: number): string => `${x > 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
const groupText = (group: Readonly<Record<string, unknown>> | undefined): string =>
  group ? Object.entries(group).map(([k, v]) => `${k}=${String(v)}`).join(',') : '';

export function renderBaselines(baselines: readonly BaselineJson[]): string {
  if (baselines.length === 0) return 'no baselines (take one: launchwatch baseline take NAME --from … --to …)\n';
  return table(
    ['NAME', 'STATUS', 'SOURCE', 'RANGE (UTC)', 'METRICS'],
    baselines.map((b) => [b.name, b.status, b.source, b.range ? `${minute(b.range.from)} … ${minute(b.range.to)}` : '', String(Object.keys(b.values).length)]),
  );
}

export function renderBaseline(b: BaselineJson): string {
  const head = `${b.name} (${b.status}, ${b.source}${b.range ? `, ${minute(b.range.from)} … ${minute(b.range.to)} UTC` : ''})\n`;
  const rows = Object.entries(b.values).flatMap(([metric, v]) => [
    [metric, '', formatValue(v.value, ''), v.events === null ? '' : String(v.events)],
    ...v.groups.map((g) => ['', groupText(g.group), formatValue(g.value, ''), '']),
  ]);
  return rows.length ? `${head}${table(['METRIC', 'GROUP', 'VALUE', 'EVENTS'], rows)}` : `${head}no values yet\n`;
}

export function renderComparisons(answer: { threshold: number; regressions: number; comparisons: readonly ComparisonJson[] }): string {
  if (answer.comparisons.length === 0) return 'nothing to compare (no baseline has a value for a metric with a target)\n';
  const rows = answer.comparisons.map((c) => [
    c.regressed ? 'REGRESSED' : 'ok',
    c.metric,
    groupText(c.group),
    c.baseline,
    formatValue(c.baseline_value, c.unit),
    formatValue(c.current, c.unit),
    `${percent(c.degradation)} ${c.degradation >= 0 ? 'worse' : 'better'}`,
  ]);
  return `${answer.regressions} regression${answer.regressions === 1 ? '' : 's'} (more than ${(answer.threshold * 100).toFixed(0)}% worse than a baseline)\n${table(['', 'METRIC', 'GROUP', 'BASELINE', 'THEN', 'NOW', 'CHANGE'], rows)}`;
}

export async function baselineTakeCommand(options: ClientOptions & { name: string; from: string; to: string }, out: Out = stdout): Promise<number> {
  const answer = await call<{ baseline: BaselineJson }>(options, 'POST', '/api/v1/baselines', { name: options.name, from: options.from, to: options.to });
  if (answer.kind === 'failed') return answer.exit;
  out(renderBaseline(answer.body.baseline));
  return 0;
}

export async function baselineSetCommand(options: ClientOptions & { name: string; values: Record<string, number>; source: string }, out: Out = stdout): Promise<number> {
  const answer = await call<{ baseline: BaselineJson }>(options, 'POST', '/api/v1/baselines', { name: options.name, values: options.values, source: options.source });
  if (answer.kind === 'failed') return answer.exit;
  out(renderBaseline(answer.body.baseline));
  return 0;
}

export async function baselineListCommand(options: ClientOptions & { json: boolean }, out: Out = stdout): Promise<number> {
  const answer = await call<{ baselines: BaselineJson[] }>(options, 'GET', '/api/v1/baselines');
  if (answer.kind === 'failed') return answer.exit;
  out(options.json ? `${JSON.stringify(answer.body, null, 2)}\n` : renderBaselines(answer.body.baselines));
  return 0;
}

export async function baselineShowCommand(options: ClientOptions & { name: string; json: boolean }, out: Out = stdout): Promise<number> {
  const answer = await call<{ baseline: BaselineJson }>(options, 'GET', `/api/v1/baselines/${encodeURIComponent(options.name)}`);
  if (answer.kind === 'failed') return answer.exit;
  out(options.json ? `${JSON.stringify(answer.body, null, 2)}\n` : renderBaseline(answer.body.baseline));
  return 0;
}

export async function regressionsCommand(options: ClientOptions & { baseline?: string; threshold?: string; json: boolean }, out: Out = stdout): Promise<number> {
  const query = new URLSearchParams({ ...(options.baseline ? { baseline: options.baseline } : {}), ...(options.threshold ? { threshold: options.threshold } : {}) }).toString();
  const answer = await call<{ threshold: number; regressions: number; comparisons: ComparisonJson[] }>(options, 'GET', `/api/v1/regressions${query ? `?${query}` : ''}`);
  if (answer.kind === 'failed') return answer.exit;
  out(options.json ? `${JSON.stringify(answer.body, null, 2)}\n` : renderComparisons(answer.body));
  return 0;
}

function assignments(items: string[]): Record<string, number> {
  const parsed = parseAssignments(items);
  if (parsed.kind === 'invalid') throw new InvalidArgumentError(parsed.reason);
  return parsed.values;
}

export function registerBaselineCommands(program: Command, client: (url: string) => ClientOptions, serverUrl: string): void {
  const finish = (code: number): void => {
    process.exitCode = code;
  };
  const baseline = program.command('baseline').description('baselines: named snapshots of metric values to compare with');
  baseline
    .command('take')
    .description('measure every plan metric over a time range that has ended, and keep it under a name')
    .argument('<name>', 'e.g. launch')
    .requiredOption('--from <time>', 'start, ISO-8601 with a time zone')
    .requiredOption('--to <time>', 'end, ISO-8601 with a time zone')
    .option('--url <url>', 'the server', serverUrl)
    .action(async (name: string, o: { url: string; from: string; to: string }) => finish(await baselineTakeCommand({ ...client(o.url), name, from: o.from, to: o.to })));
  baseline
    .command('set')
    .description('enter values by hand, e.g. from a test suite: command_success_rate=94.8%')
    .argument('<name>', 'e.g. test_suite')
    .argument('<values...>', 'metric=value, percentages as 94.8%')
    .option('--source <text>', 'where the values come from', 'manual')
    .option('--url <url>', 'the server', serverUrl)
    .action(async (name: string, values: string[], o: { url: string; source: string }) =>
      finish(await baselineSetCommand({ ...client(o.url), name, values: assignments(values), source: o.source })),
    );
  baseline
    .command('list')
    .description('list the baselines: taken, declared in the plan, pending')
    .option('--json', 'print the JSON answer', false)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (o: { url: string; json: boolean }) => finish(await baselineListCommand({ ...client(o.url), json: o.json })));
  baseline
    .command('show')
    .description("a baseline's values")
    .argument('<name>', 'e.g. launch')
    .option('--json', 'print the JSON answer', false)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (name: string, o: { url: string; json: boolean }) => finish(await baselineShowCommand({ ...client(o.url), name, json: o.json })));
  program
    .command('regressions')
    .description('the current values against the baselines: what is more than 20% worse')
    .option('--baseline <name>', 'only this baseline')
    .option('--threshold <percent>', 'how much worse is a regression', '20%')
    .option('--json', 'print the JSON answer', false)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (o: { url: string; baseline?: string; threshold: string; json: boolean }) =>
      finish(await regressionsCommand({ ...client(o.url), json: o.json, threshold: o.threshold, ...(o.baseline ? { baseline: o.baseline } : {}) })),
    );
}
