/** `launchwatch oncall`: who is on call now per schedule, the next handoffs, and whom escalation reaches. */
import type { Command } from 'commander';
import { formatLocal } from '../plan/zone.js';
import type { OnCallJson } from '../server/routes/oncall.js';
import { call, type ClientOptions } from './client.js';
import { registerOverrideCommands } from './oncall-override.js';

type PersonJson = { person: string | null; name: string | null; timezone: string | null; layer?: string };

/** A person as "Name (id)", with the layer when a schedule has layers; a gap is "nobody". */
function who(p: PersonJson): string {
  const name = p.person === null ? 'nobody' : p.name === p.person || p.name === null ? p.person : `${p.name} (${p.person})`;
  return p.layer === undefined ? name : `${name} [${p.layer}]`;
}

/** The start of a shift in the person's own zone, when it differs from the schedule's. */
function theirTime(p: PersonJson, at: number, zone: string): string {
  if (!p.timezone || p.timezone === zone) return '';
  return `  (${formatLocal(at, p.timezone)} in ${p.timezone})`;
}

function table(rows: readonly (readonly string[])[], indent: string): string[] {
  const widths = rows.reduce<number[]>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, [...cell].length)), []);
  return rows.map((row) => `${indent}${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')}`.trimEnd());
}

/** The answer as text; times in each schedule's zone. Pure. */
export function renderOnCall(answer: OnCallJson): string {
  const lines = [`on call at ${answer.at}`];
  if (answer.schedules.length === 0) lines.push('', 'no schedules in the plan');
  for (const s of answer.schedules) {
    const local = (text: string): string => formatLocal(Date.parse(text), s.timezone);
    lines.push('', `${s.id} (times in ${s.timezone})`);
    const now = s.now;
    const rows = [
      ['now', who(now), now.source, `since ${local(now.since)}`, `until ${local(now.until)}`],
      ...s.next.map((n) => ['next', who(n), n.source, `from  ${local(n.from)}`, `until ${local(n.until)}${theirTime(n, Date.parse(n.from), s.timezone)}`]),
    ];
    lines.push(...table(rows, '  '));
  }
  for (const [id, steps] of Object.entries(answer.escalation)) {
    lines.push('', `escalation ${id}`);
    lines.push(...table(steps.map((step) => [`after ${step.after}`, step.notify.join(', '), `→ ${step.people.map(who).join(', ')}`]), '  '));
  }
  return `${lines.join('\n')}\n`;
}

export async function oncallCommand(options: ClientOptions & { json: boolean; at?: string }): Promise<number> {
  const answer = await call<OnCallJson>(options, 'GET', `/api/v1/oncall${options.at ? `?at=${encodeURIComponent(options.at)}` : ''}`);
  if (answer.kind === 'failed') return answer.exit;
  if (options.json) console.log(JSON.stringify(answer.body, null, 2));
  else process.stdout.write(renderOnCall(answer.body));
  return 0;
}

export function registerOnCallCommands(program: Command, client: (url: string) => ClientOptions, serverUrl: string): void {
  const oncall = program
    .command('oncall')
    .description('who is on call now for each schedule, the next handoffs, and whom each escalation step reaches')
    .option('--at <time>', 'ask about another time: ISO 8601 with a zone, e.g. 2026-12-24T09:00Z')
    .option('--json', 'print the JSON answer', false)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (options: { url: string; at?: string; json: boolean }) => {
      const code = await oncallCommand({ ...client(options.url), json: options.json, ...(options.at ? { at: options.at } : {}) });
      if (code !== 0) process.exitCode = code;
    });
  // The subcommands' --url and --json are their own: oncall's options come before a subcommand only.
  oncall.enablePositionalOptions();
  registerOverrideCommands(oncall, client, serverUrl);
}
