/**
 * `launchwatch report weekly|monthly`: a running server's report (--url,
 * asked for as JSON and rendered here), or one computed straight from a data
 * directory (--data, with --plan; the server must be stopped, DuckDB locks
 * its file).
 */
import type { Command } from 'commander';
import { ERROR_CODES } from '../errors.js';
import { measuredStore } from '../metrics/sources/registry.js';
import { formatPlanError, loadPlanFile } from '../plan/load.js';
import type { Report } from '../reports/model.js';
import { FORMATS, isFormat, render } from '../reports/render.js';
import { buildReport, periodFor, type ReportKind } from '../reports/service.js';
import { openEmbeddedStores } from '../store/duckdb/index.js';
import { call, type ClientOptions } from './client.js';

export interface ReportCommandOptions {
  readonly kind: ReportKind;
  readonly period?: string;
  readonly format: string;
  /** Compute from this data directory instead of asking a server. */
  readonly data?: string;
  readonly plan: string;
}

async function fromServer(client: ClientOptions, options: ReportCommandOptions): Promise<Report | number> {
  const key = options.kind === 'weekly' ? 'week' : 'month';
  const query = new URLSearchParams({ format: 'json', ...(options.period ? { [key]: options.period } : {}) });
  const answer = await call<Report>(client, 'GET', `/api/v1/reports/${options.kind}?${query.toString()}`);
  return answer.kind === 'ok' ? answer.body : answer.exit;
}

async function fromData(dataDir: string, options: ReportCommandOptions): Promise<Report | number> {
  const loaded = await loadPlanFile(options.plan);
  if (loaded.kind === 'invalid') {
    for (const error of loaded.errors) console.error(formatPlanError(error));
    return 1;
  }
  const plan = loaded.plan;
  const now = Date.now();
  const period = periodFor(options.kind, options.period, now, plan.reports.timezone);
  if (period.kind === 'invalid') {
    console.error(`launchwatch: ${period.reason}`);
    return ERROR_CODES.invalid_request.exit;
  }
  let stores;
  try {
    stores = await openEmbeddedStores(dataDir, { memoryLimit: '1GB' });
  } catch {
    console.error(`launchwatch: cannot open the data in ${dataDir} (is the server running? it holds the file: use --url instead)`);
    return ERROR_CODES.unavailable.exit;
  }
  try {
    // Measured as the server measures: figures from their sources (src/metrics/sources/).
    const events = measuredStore(stores.events, { plan: () => plan, incidents: stores.state, github: stores.github });
    const measured = { events, state: stores.state, releases: stores.releases, baselines: stores.baselines, retention: stores.retention, hygiene: stores.state };
    return await buildReport(options.kind, plan, measured, period.period, now, (metric) => console.error(`launchwatch: metric ${metric.id} could not be measured`));
  } finally {
    await stores.close();
  }
}

export async function reportCommand(client: ClientOptions, options: ReportCommandOptions): Promise<number> {
  if (!isFormat(options.format)) {
    console.error(`launchwatch: --format must be one of ${FORMATS.join(', ')}`);
    return ERROR_CODES.invalid_request.exit;
  }
  const report = options.data !== undefined ? await fromData(options.data, options) : await fromServer(client, options);
  if (typeof report === 'number') return report;
  process.stdout.write(render(report, options.format));
  return 0;
}

export function registerReportCommands(program: Command, client: (url: string) => ClientOptions, serverUrl: string, defaultPlan: string): void {
  const report = program.command('report').description('weekly and monthly reports: the plan metrics against targets, trends, alerts and incidents');
  for (const [kind, flag, example] of [
    ['weekly', '--week <week>', 'the ISO week, e.g. 2026-W47 (default: the last one that ended)'],
    ['monthly', '--month <month>', 'the month, e.g. 2026-11 (default: the last one that ended)'],
  ] as const) {
    report
      .command(kind)
      .description(`the ${kind} report, as Markdown (default), HTML or JSON`)
      .option(flag, example)
      .option('--format <format>', 'md, html or json', 'md')
      .option('--url <url>', 'ask this running server', serverUrl)
      .option('--data <dir>', 'compute from this data directory instead (the server must be stopped)')
      .option('--plan <file>', 'the plan file, with --data', defaultPlan)
      .action(async (options: { week?: string; month?: string; format: string; url: string; data?: string; plan: string }) => {
        const period = kind === 'weekly' ? options.week : options.month;
        const code = await reportCommand(client(options.url), {
          kind,
          format: options.format,
          plan: options.plan,
          ...(period !== undefined ? { period } : {}),
          ...(options.data !== undefined ? { data: options.data } : {}),
        });
        if (code !== 0) process.exitCode = code;
      });
  }
}
