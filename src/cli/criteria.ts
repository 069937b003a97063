/** `launchwatch criteria`: the success criteria and launch phases of a running server, and the GA decision. */
import type { Command } from 'commander';
import type { CriteriaReport, CriterionResult } from '../criteria/types.js';
import { call, type ClientOptions } from './client.js';

const MARK = { met: '✔', not_met: '✘', no_data: '?' } as const;

const shown = (v: number | null): string => (v === null ? '–' : String(Number(v.toPrecision(4))));

function line(c: CriterionResult): string {
  return `  ${MARK[c.verdict]} ${c.text.padEnd(40)}  now ${shown(c.now.value).padEnd(8)}  window ${shown(c.window.value)}`;
}

/** The answer as text. Pure. */
export function renderCriteria(report: CriteriaReport): string {
  const lines = [`criteria at ${report.evaluatedAt}`];
  if (report.decision === null) lines.push('', 'no success_criteria in the plan');
  else {
    lines.push('', `${report.decision === 'GO' ? 'GO' : 'NO GO'} — every must criterion ${report.decision === 'GO' ? 'holds' : 'does not hold'} (now and over ${report.window})`);
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

export async function criteriaCommand(options: ClientOptions & { json: boolean }): Promise<number> {
  const answer = await call<CriteriaReport>(options, 'GET', '/api/v1/criteria');
  if (answer.kind === 'failed') return answer.exit;
  process.stdout.write(options.json ? `${JSON.stringify(answer.body, null, 2)}\n` : renderCriteria(answer.body));
  return 0;
}

export function registerCriteriaCommand(program: Command, client: (url: string) => ClientOptions, serverUrl: string): void {
  program
    .command('criteria')
    .description('the success criteria (must, should, nice) and launch phases, now and over their window: GO when every must holds')
    .option('--json', 'print the JSON answer', false)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (options: { url: string; json: boolean }) => {
      const code = await criteriaCommand({ ...client(options.url), json: options.json });
      if (code !== 0) process.exitCode = code;
    });
}
