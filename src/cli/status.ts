import { renderStatusTable } from '../format.js';
import type { PlanEvaluation } from '../metrics/evaluate.js';
import { call, type ClientOptions } from './client.js';

/** `launchwatch status`: asks a running server and prints the table. */
export async function statusCommand(options: ClientOptions & { json: boolean }): Promise<number> {
  const answer = await call<PlanEvaluation>(options, 'GET', '/api/v1/metrics');
  if (answer.kind === 'failed') return answer.exit;
  const evaluation = answer.body;
  if (options.json) {
    console.log(JSON.stringify(evaluation, null, 2));
    return 0;
  }
  const colour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  process.stdout.write(renderStatusTable(evaluation, { colour }) + unavailableNotes(evaluation));
  return 0;
}

/** Why each unknown metric has no value when its source is off or has never answered, one line each. Pure. */
export function unavailableNotes(evaluation: PlanEvaluation): string {
  const lines = evaluation.metrics.flatMap((m) => (m.unavailable !== undefined ? [`${m.id}: unknown, ${m.unavailable}`] : []));
  return lines.length ? `${lines.join('\n')}\n` : '';
}
