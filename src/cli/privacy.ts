/**
 * `launchwatch privacy`: the ingest kill switch (pause, resume, status),
 * erasure and access requests for one user (purge-user, export-user), and the
 * audit log, against a running server.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { call, type ClientOptions } from './client.js';

interface IngestJson {
  readonly state: 'open' | 'paused';
  readonly source: string;
  readonly reason: string | null;
  readonly by: string | null;
  readonly since: string | null;
}

interface StatusJson {
  readonly ingest: IngestJson;
  readonly user_id: string;
  readonly retention: { readonly events: string; readonly samples: string; readonly alerts: string };
}

interface AuditJson {
  readonly entries: { at: string; action: string; actor: string; subject: string | null; details: unknown }[];
}

/** One line on the switch. Pure. */
export function describeIngest(ingest: IngestJson): string {
  if (ingest.state === 'open') return 'ingest: open';
  const who = ingest.source === 'plan' ? 'by the plan (privacy.ingest: paused)' : `by ${ingest.by ?? 'unknown'}${ingest.since ? ` since ${ingest.since}` : ''}`;
  return `ingest: PAUSED ${who}${ingest.reason ? ` — ${ingest.reason}` : ''}`;
}

type ClientFor = (url: string) => ClientOptions;

export function registerPrivacyCommands(program: Command, client: ClientFor, serverUrl: string): void {
  const privacy = program.command('privacy').description('privacy controls: the ingest kill switch, erasure and access requests, the audit log');
  const by = process.env.USER ?? 'cli';

  privacy
    .command('status')
    .description('whether ingest is open, the user_id policy and retention')
    .option('--url <url>', 'the server', serverUrl)
    .action(async (options: { url: string }) => {
      const answer = await call<StatusJson>(client(options.url), 'GET', '/api/v1/privacy');
      if (answer.kind === 'failed') return void (process.exitCode = answer.exit);
      const s = answer.body;
      console.log(`${describeIngest(s.ingest)}\nuser_id: ${s.user_id}\nretention: events ${s.retention.events}, samples ${s.retention.samples}, alerts ${s.retention.alerts}`);
    });

  privacy
    .command('pause')
    .description('stop accepting telemetry now (503 with the reason); kept across restarts until resumed')
    .option('--reason <text>', 'told to senders in the 503')
    .option('--by <name>', 'who pauses', by)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (options: { url: string; reason?: string; by: string }) => {
      const answer = await call<{ ingest: IngestJson }>(client(options.url), 'POST', '/api/v1/privacy/pause', { by: options.by, ...(options.reason ? { reason: options.reason } : {}) });
      if (answer.kind === 'failed') return void (process.exitCode = answer.exit);
      console.log(describeIngest(answer.body.ingest));
    });

  privacy
    .command('resume')
    .description('accept telemetry again (not over the plan’s privacy.ingest: paused)')
    .option('--by <name>', 'who resumes', by)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (options: { url: string; by: string }) => {
      const answer = await call<{ ingest: IngestJson }>(client(options.url), 'POST', '/api/v1/privacy/resume', { by: options.by });
      if (answer.kind === 'failed') return void (process.exitCode = answer.exit);
      console.log(describeIngest(answer.body.ingest));
    });

  privacy
    .command('purge-user')
    .description('delete every stored event of a user (erasure request); written to the audit log')
    .argument('<user-id>', 'the user id as the product sent it')
    .option('--by <name>', 'who asks', by)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (userId: string, options: { url: string; by: string }) => {
      const answer = await call<{ subject: string; deleted: Record<string, number>; total: number }>(client(options.url), 'POST', '/api/v1/privacy/users/purge', { user_id: userId, by: options.by });
      if (answer.kind === 'failed') return void (process.exitCode = answer.exit);
      if (answer.body.total === 0) {
        // Not a failure: erasure is idempotent, and the request is in the audit log. But a mistyped id must not pass for a purge.
        console.error(`launchwatch: no stored events for user ${JSON.stringify(userId)}: nothing deleted (check the id as the product sends it); audit subject ${answer.body.subject}`);
        return;
      }
      const detail = Object.entries(answer.body.deleted).map(([type, n]) => `${type} ${n}`).join(', ');
      console.log(`deleted ${answer.body.total} event(s)${detail ? ` (${detail})` : ''}; audit subject ${answer.body.subject}`);
    });

  privacy
    .command('export-user')
    .description('every stored event of a user, as JSON (access request); written to the audit log')
    .argument('<user-id>', 'the user id as the product sent it')
    .option('--out <file>', 'write the JSON to this file instead of standard output')
    .option('--by <name>', 'who asks', by)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (userId: string, options: { url: string; by: string; out?: string }) => {
      const answer = await call<{ subject: string; events: unknown[] }>(client(options.url), 'POST', '/api/v1/privacy/users/export', { user_id: userId, by: options.by });
      if (answer.kind === 'failed') return void (process.exitCode = answer.exit);
      if (answer.body.events.length === 0) console.error(`launchwatch: no stored events for user ${JSON.stringify(userId)} (check the id as the product sends it)`);
      const json = `${JSON.stringify(answer.body, null, 2)}\n`;
      if (options.out) {
        writeFileSync(options.out, json, { mode: 0o600 });
        console.error(`${answer.body.events.length} event(s) written to ${options.out}`);
      } else process.stdout.write(json);
    });

  privacy
    .command('audit')
    .description('the audit log: pauses, resumes, erasure and access requests, retention runs')
    .option('--limit <n>', 'how many entries', '50')
    .option('--json', 'print the JSON answer', false)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (options: { url: string; limit: string; json: boolean }) => {
      const answer = await call<AuditJson>(client(options.url), 'GET', `/api/v1/privacy/audit?limit=${encodeURIComponent(options.limit)}`);
      if (answer.kind === 'failed') return void (process.exitCode = answer.exit);
      if (options.json) return void console.log(JSON.stringify(answer.body, null, 2));
      for (const e of answer.body.entries) console.log(`${e.at}  ${e.action.padEnd(11)}  ${e.actor}${e.subject ? `  ${e.subject}` : ''}  ${JSON.stringify(e.details)}`);
    });
}
