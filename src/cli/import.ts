/**
 * `launchwatch import FILE`: ingests an SDK export (checked against its
 * checksum) or NDJSON into a running server (--url) or an offline data
 * directory (--data with --plan: the server is started in-process on
 * loopback for the import and stopped after). Everything goes through the
 * normal ingest path (admission, scrubbing, the kill switch). Events keep
 * their ids, and a line without one gets an id derived from its content, so
 * importing a file twice stores nothing twice. A damaged or edited export is
 * refused whole, naming the line; in plain NDJSON the good lines are imported
 * and the bad ones reported by line number, as POST /v1/events does.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createLaunchwatch, type Launchwatch } from '../app.js';
import { ERROR_CODES } from '../errors.js';
import { createLogger } from '../logger.js';
import { formatPlanError, loadPlanFile } from '../plan/load.js';
import { readImportFile, type ImportLine } from '../sdk/export-file.js';

export interface ImportOptions {
  readonly file: string;
  readonly url?: string;
  readonly key?: string;
  readonly data?: string;
  readonly plan?: string;
  readonly batch?: number;
  readonly progress?: boolean;
}

export interface ImportSummary {
  readonly lines: number;
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: { readonly line: number; readonly error: string }[];
}

/** The event as sent: its own id, or one derived from the line's content (so a re-import is a duplicate). Pure. */
export function withId(line: ImportLine): Record<string, unknown> {
  if (typeof line.event.id === 'string' && line.event.id !== '') return line.event;
  const id = `imp_${createHash('sha256').update(JSON.stringify(line.event)).digest('hex').slice(0, 32)}`;
  return { ...line.event, id };
}

/** `[##########          ] 500/1000 lines` Pure. */
export function progressBar(done: number, total: number, width = 30): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total} lines`;
}

interface IngestAnswer {
  accepted: number;
  duplicates: number;
  rejected: { index: number; error: string }[];
}

async function post(url: string, key: string, events: readonly Record<string, unknown>[]): Promise<{ ok: true; answer: IngestAnswer } | { ok: false; message: string; exit: number }> {
  let response: Response;
  try {
    response = await fetch(`${url.replace(/\/$/, '')}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ events }),
    });
  } catch {
    return { ok: false, message: `cannot reach launchwatch at ${url}`, exit: ERROR_CODES.unavailable.exit };
  }
  const body = (await response.json().catch(() => null)) as (IngestAnswer & { error?: { code?: string; message?: string } }) | null;
  if (response.ok && body) return { ok: true, answer: body };
  const code = body?.error?.code;
  if (code === 'unauthorized') return { ok: false, message: `the server at ${url} does not accept the ingest key (--key or LAUNCHWATCH_INGEST_KEY)`, exit: ERROR_CODES.unauthorized.exit };
  const exit = code && code in ERROR_CODES ? ERROR_CODES[code as keyof typeof ERROR_CODES].exit : ERROR_CODES.unavailable.exit;
  return { ok: false, message: body?.error?.message ?? `the server answered ${response.status}`, exit };
}

async function sendAll(url: string, key: string, lines: readonly ImportLine[], options: ImportOptions): Promise<ImportSummary | { message: string; exit: number }> {
  const size = options.batch ?? 500;
  const summary = { lines: lines.length, accepted: 0, duplicates: 0, rejected: [] as { line: number; error: string }[] };
  const show = (done: number) => {
    if (options.progress) process.stderr.write(`\r${progressBar(done, lines.length)}`);
  };
  show(0);
  for (let i = 0; i < lines.length; i += size) {
    const chunk = lines.slice(i, i + size);
    const result = await post(url, key, chunk.map(withId));
    if (!result.ok) {
      if (options.progress) process.stderr.write('\n');
      const where = i === 0 ? 'nothing was imported' : `after ${i} of ${lines.length} lines; run the import again to continue: lines already stored count as duplicates`;
      return { message: `${result.message} (${where})`, exit: result.exit };
    }
    summary.accepted += result.answer.accepted;
    summary.duplicates += result.answer.duplicates;
    for (const r of result.answer.rejected) summary.rejected.push({ line: chunk[r.index]?.line ?? 0, error: r.error });
    show(Math.min(lines.length, i + size));
  }
  if (options.progress) process.stderr.write('\n');
  return summary;
}

async function offlineServer(options: ImportOptions): Promise<{ app: Launchwatch; url: string; key: string } | { message: string; exit: number }> {
  if (!options.plan) return { message: '--data needs --plan: events are admitted against the plan', exit: ERROR_CODES.invalid_request.exit };
  const loaded = await loadPlanFile(options.plan, process.env);
  if (loaded.kind === 'invalid') return { message: loaded.errors.map(formatPlanError).join('\n'), exit: ERROR_CODES.invalid_request.exit };
  const key = loaded.plan.ingest.keys[0]?.key;
  if (key === undefined) return { message: 'the plan has no ingest key (ingest.keys): the import goes through the ingest endpoint', exit: ERROR_CODES.invalid_request.exit };
  const app = await createLaunchwatch({ plan: loaded.plan, dataDir: options.data ?? '', port: 0, host: '127.0.0.1', logger: createLogger('warn'), scheduler: false });
  return { app, url: await app.start(), key };
}

/** Prints the summary; the exit status: 0 all stored or already there, 1 some lines rejected. */
export function printSummary(file: string, summary: ImportSummary): number {
  console.log(`${file}: ${summary.lines} line(s): ${summary.accepted} accepted, ${summary.duplicates} duplicate(s), ${summary.rejected.length} rejected`);
  for (const r of summary.rejected.slice(0, 20)) console.log(`  line ${r.line}: ${r.error}`);
  if (summary.rejected.length > 20) console.log(`  ... and ${summary.rejected.length - 20} more`);
  return summary.rejected.length > 0 ? 1 : 0;
}

export async function importCommand(options: ImportOptions): Promise<number> {
  let text: string;
  try {
    text = readFileSync(options.file, 'utf8');
  } catch (error: unknown) {
    const code = (error as NodeJS.ErrnoException).code;
    console.error(`launchwatch: cannot read ${options.file}${code === 'ENOENT' ? ': no such file' : code === 'EISDIR' ? ': it is a directory' : ''}`);
    return ERROR_CODES.invalid_request.exit;
  }
  const read = readImportFile(text);
  if (read.kind === 'refused') {
    console.error(`${options.file}:${read.line}: refused: ${read.reason}`);
    return ERROR_CODES.invalid_body.exit;
  }
  if (read.format === 'export' && read.header) console.error(`${options.file}: export of ${read.header.app} ${read.header.app_version}, ${read.header.created_at}, checksum ok`);

  let target: { url: string; key: string; app?: Launchwatch };
  if (options.data !== undefined) {
    const offline = await offlineServer(options);
    if ('message' in offline) {
      console.error(`launchwatch: ${offline.message}`);
      return offline.exit;
    }
    target = offline;
  } else {
    if (!options.key) {
      console.error('launchwatch: an ingest key is needed: set LAUNCHWATCH_INGEST_KEY or pass --key');
      return ERROR_CODES.unauthorized.exit;
    }
    const url = options.url ?? 'http://127.0.0.1:4100';
    if (!/^https?:\/\/./.test(url) || !URL.canParse(url)) {
      console.error(`launchwatch: --url ${url} is not an http(s) URL of a launchwatch server (e.g. http://127.0.0.1:4100)`);
      return ERROR_CODES.invalid_request.exit;
    }
    target = { url, key: options.key };
  }
  try {
    const result = await sendAll(target.url, target.key, read.events, options);
    if ('message' in result) {
      console.error(`launchwatch: ${result.message}`);
      return result.exit;
    }
    // NDJSON lines that are not events at all are rejected with the others, by line number.
    const bad = (read.bad ?? []).map((b) => ({ line: b.line, error: b.reason }));
    const rejected = [...bad, ...result.rejected].sort((a, b) => a.line - b.line);
    return printSummary(options.file, { ...result, lines: result.lines + bad.length, rejected });
  } finally {
    await target.app?.stop();
  }
}
