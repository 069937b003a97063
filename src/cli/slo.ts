/**
 * `launchwatch slo`: every SLO of a running server as a table (objective,
 * SLI, budget remaining, burn rates, firing alerts) or, with --json, the
 * answer of GET /api/v1/slos as it is; `slo import` and `slo export` turn
 * OpenSLO v1 documents into plan lines and back (src/cli/slo-openslo.ts).
 */
import type { Command } from 'commander';
import type { SloGroupJson, SloJson } from '../slo/json.js';
import { call, type ClientOptions } from './client.js';
import { sloExportCommand, sloImportCommand } from './slo-openslo.js';

export interface SlosAnswer {
  readonly evaluated_at: string;
  readonly slos: readonly SloJson[];
}

/** The burn-rate windows the table shows, as the API names them. */
export const TABLE_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;

/** A fraction as a percentage with just enough digits: 0.995 is 99.5%, 0.99731 is 99.73%. */
export function percent(value: number | null, digits = 2): string {
  if (value === null) return '–';
  return `${Number((value * 100).toFixed(digits))}%`;
}

const rate = (value: number | null | undefined): string => (value === null || value === undefined ? '–' : String(Number(value.toFixed(2))));

function figureCells(f: Omit<SloGroupJson, 'group'>): string[] {
  return [percent(f.sli), percent(f.error_budget.remaining, 1), f.status, ...TABLE_WINDOWS.map((w) => rate(f.burn_rates[w]))];
}

function firing(slo: SloJson): string {
  const names = slo.alerts.filter((a) => a.firing).map((a) => {
    const groups = a.instances.filter((i) => i.state === 'firing' && Object.keys(i.labels).some((k) => slo.by.includes(k)));
    const where = groups.map((i) => slo.by.map((k) => `${k}=${i.labels[k] ?? ''}`).join(',')).join(' ');
    return where ? `${a.name} (${a.severity}: ${where})` : `${a.name} (${a.severity})`;
  });
  return names.join(', ') || '–';
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows.reduce<number[]>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, [...cell].length)), []);
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd());
}

/** The answer as text: one row per SLO, one indented row per group. Pure. */
export function renderSlos(answer: SlosAnswer): string {
  if (answer.slos.length === 0) return `SLOs at ${answer.evaluated_at}\n\nno slos in the plan\n`;
  const header = ['SLO', 'objective', 'window', 'SLI', 'budget left', 'status', ...TABLE_WINDOWS.map((w) => `burn ${w}`), 'firing'];
  const rows: string[][] = [header];
  for (const slo of answer.slos) {
    rows.push([slo.id, percent(slo.objective, 3), slo.window, ...figureCells(slo), firing(slo)]);
    for (const g of slo.groups) {
      const label = Object.entries(g.group).map(([k, v]) => `${k}=${String(v)}`).join(',');
      rows.push([`  ${label}`, '', '', ...figureCells(g), '']);
    }
  }
  const counts = ['green', 'yellow', 'red', 'unknown'].map((s) => `${answer.slos.filter((x) => x.status === s).length} ${s}`).join(', ');
  return `SLOs at ${answer.evaluated_at}\n\n${table(rows).join('\n')}\n\n${counts}\n`;
}

export async function sloCommand(options: ClientOptions & { json: boolean }): Promise<number> {
  const answer = await call<SlosAnswer>(options, 'GET', '/api/v1/slos');
  if (answer.kind === 'failed') return answer.exit;
  process.stdout.write(options.json ? `${JSON.stringify(answer.body, null, 2)}\n` : renderSlos(answer.body));
  return 0;
}

export function registerSloCommands(program: Command, client: (url: string) => ClientOptions, serverUrl: string, planFile: string): void {
  const finish = (code: number): void => {
    if (code !== 0) process.exitCode = code;
  };
  const slo = program
    .command('slo')
    .description("the SLOs of a running server: objective, SLI, error budget remaining, burn rates, firing alerts")
    .option('--json', 'print the JSON answer (as GET /api/v1/slos)', false)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (options: { url: string; json: boolean }) => finish(await sloCommand({ ...client(options.url), json: options.json })));
  slo.enablePositionalOptions();
  slo
    .command('import')
    .description('turn OpenSLO v1 SLO documents (ratio metrics with good and total) into lines for the slos: section of a plan, printed')
    .argument('<file>', 'the OpenSLO YAML file (one or more documents)')
    .action(async (file: string) => finish(await sloImportCommand(file)));
  slo
    .command('export')
    .description("write the plan's SLOs as OpenSLO v1 documents (multi-document YAML)")
    .option('--plan <file>', 'the plan file', planFile)
    .action(async (options: { plan: string }) => finish(await sloExportCommand(options.plan)));
}
