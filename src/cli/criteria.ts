/** `launchwatch criteria`: the success criteria and launch phases of a running server, and the GA decision. */
import type { Command } from 'commander';
import type { CriteriaReport, CriterionResult } from '../criteria/types.js';
import { formatValue } from '../format.js';
import { call, type ClientOptions } from './client.js';

const MARK = { met: '✔', not_met: '✘', no_data: '?' } as const;

/** A value in its metric's unit (88.1%, 42 ms); an incident count as a number. */
const shown = (c: CriterionResult, v: number | null): string => (v === null ? '–' : formatValue(v, c.unit ?? 'count'));

function line(c: CriterionResult): string {
  const values = c.unavailable !== undefined ? `unknown: ${c.unavailable}` : `now ${shown(c, c.now.value).padEnd(8)}  window ${shown(c, c.window.value)}`;
  return `  ${MARK[c.verdict]} ${c.text.padEnd(40)}  ${values}`;
}

/** "GO — every must criterion holds …", or "NO GO — 2 of 4 must criteria do not hold …". */
function decisionLine(report: CriteriaReport): string {
  const must = report.levels.find((l) => l.level === 'must');
  const over = `(now and over ${report.window})`;
  if (report.decision === 'GO') return `GO — every must criterion holds ${over}`;
  const failing = must ? must.total - must.met : report.blocking.length;
  const total = must?.total ?? failing;
  return `NO GO — ${failing} of ${total} must ${total === 1 ? 'criterion does' : 'criteria do'} not hold ${over}`;
}

/** The answer as text. Pure. */
export function renderCriteria(report: CriteriaReport): string {
  const lines = [`criteria at ${report.evaluatedAt}`];
  if (report.decision === null) lines.push('', 'no success_criteria in the plan');
  else {
    lines.push('', decisionLine(report));
    for (const blocked of report.blocking) lines.push(`  blocking: ${blocked}`);
    for (const level of report.levels) {
      if (level.total === 0) continue;
      lines.push('', `${level.level} (${level.met} of ${level.total} met)`, ...level.criteria.map(line));
    }
  }
  for (const phase of report.phases) {
    lines.push('', `phase ${phase.title}: ${phase.complete ? 'complete' : 'not complete'}`, ...phase.all.map(line));
    if (phase.any.length) lines.push('  at least one of:', ...phase.any.map((c) => `  ${line(c)}`));
    for (const blocked of phase.blocking) lines.push(`  blocking: ${blocked}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Exit status of `launchwatch criteria` on NO GO: a CI gate fails on it. */
export const NO_GO_EXIT = 1;

export async function criteriaCommand(options: ClientOptions & { json: boolean }): Promise<number> {
  const answer = await call<CriteriaReport>(options, 'GET', '/api/v1/criteria');
  if (answer.kind === 'failed') return answer.exit;
  process.stdout.write(options.json ? `${JSON.stringify(answer.body, null, 2)}\n` : renderCriteria(answer.body));
  return answer.body.decision === 'NO_GO' ? NO_GO_EXIT : 0;
}

export function registerCriteriaCommand(program: Command, client: (url: string) => ClientOptions, serverUrl: string): void {
  program
    .command('criteria')
    .description('the success criteria (must, should, nice) and launch phases, now and over their window: GO when every must holds (exit 0), NO GO otherwise (exit 1)')
    .option('--json', 'print the JSON answer', false)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (options: { url: string; json: boolean }) => {
      const code = await criteriaCommand({ ...client(options.url), json: options.json });
      if (code !== 0) process.exitCode = code;
    });
}
