/** `launchwatch oncall override add|list|delete` and `launchwatch oncall calendars`, against a running server. */
import type { Command } from 'commander';
import type { OverrideJson } from '../server/routes/oncall-overrides.js';
import { call, type ClientOptions } from './client.js';

export interface OverrideAdd {
  readonly schedule: string;
  readonly person: string;
  readonly from: string;
  readonly to: string;
  readonly by?: string;
}

/** Overrides as a table. Pure. */
export function renderOverrides(overrides: readonly OverrideJson[]): string {
  if (overrides.length === 0) return 'no overrides\n';
  return `${overrides.map((o) => `${o.id}  ${o.schedule}  ${o.person}  ${o.from} → ${o.to}  (by ${o.created_by})`).join('\n')}\n`;
}

export async function overrideAdd(options: ClientOptions & { json: boolean }, add: OverrideAdd): Promise<number> {
  const answer = await call<{ override: OverrideJson }>(options, 'POST', '/api/v1/oncall/overrides', add);
  if (answer.kind === 'failed') return answer.exit;
  if (options.json) console.log(JSON.stringify(answer.body, null, 2));
  else process.stdout.write(`added ${renderOverrides([answer.body.override])}`);
  return 0;
}

export async function overrideList(options: ClientOptions & { json: boolean; schedule?: string }): Promise<number> {
  const answer = await call<{ overrides: OverrideJson[] }>(options, 'GET', `/api/v1/oncall/overrides${options.schedule ? `?schedule=${encodeURIComponent(options.schedule)}` : ''}`);
  if (answer.kind === 'failed') return answer.exit;
  if (options.json) console.log(JSON.stringify(answer.body, null, 2));
  else process.stdout.write(renderOverrides(answer.body.overrides));
  return 0;
}

export async function overrideDelete(options: ClientOptions & { by?: string }, id: string): Promise<number> {
  const answer = await call<{ deleted: OverrideJson }>(options, 'DELETE', `/api/v1/oncall/overrides/${encodeURIComponent(id)}${options.by ? `?by=${encodeURIComponent(options.by)}` : ''}`);
  if (answer.kind === 'failed') return answer.exit;
  process.stdout.write(`deleted ${renderOverrides([answer.body.deleted])}`);
  return 0;
}

const done = (code: number): void => {
  if (code !== 0) process.exitCode = code;
};

export function registerOverrideCommands(oncall: Command, client: (url: string) => ClientOptions, serverUrl: string): void {
  const override = oncall.command('override').description('overrides made at run time: someone takes a schedule for a span (stored, audited)');
  override
    .command('add')
    .description('give a schedule to a person from a time to a time')
    .requiredOption('--schedule <id>', 'the schedule')
    .requiredOption('--person <id>', 'who takes it')
    .requiredOption('--from <time>', 'ISO 8601; without a zone, in the schedule zone')
    .requiredOption('--to <time>', 'ISO 8601; without a zone, in the schedule zone')
    .option('--by <name>', 'who is asking, for the audit log')
    .option('--json', 'print the JSON answer', false)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (o: { schedule: string; person: string; from: string; to: string; by?: string; json: boolean; url: string }) =>
      done(await overrideAdd({ ...client(o.url), json: o.json }, { schedule: o.schedule, person: o.person, from: o.from, to: o.to, ...(o.by ? { by: o.by } : {}) })),
    );
  override
    .command('list')
    .description('the overrides made at run time, by start')
    .option('--schedule <id>', 'only this schedule')
    .option('--json', 'print the JSON answer', false)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (o: { schedule?: string; json: boolean; url: string }) => done(await overrideList({ ...client(o.url), json: o.json, ...(o.schedule ? { schedule: o.schedule } : {}) })));
  override
    .command('delete <id>')
    .description('delete an override made at run time')
    .option('--by <name>', 'who is asking, for the audit log')
    .option('--url <url>', 'the server', serverUrl)
    .action(async (id: string, o: { by?: string; url: string }) => done(await overrideDelete({ ...client(o.url), ...(o.by ? { by: o.by } : {}) }, id)));
}
