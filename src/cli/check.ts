import { formatPlanError, loadPlanFile } from '../plan/load.js';

const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** `launchwatch check PLAN`: every error with file:line:col, exit 1 if any. */
export async function checkCommand(file: string): Promise<number> {
  const result = await loadPlanFile(file);
  if (result.kind === 'invalid') {
    for (const error of result.errors) console.error(formatPlanError(error));
    console.error(`\n${result.errors.length} error${result.errors.length === 1 ? '' : 's'} in ${file}`);
    return 1;
  }
  const plan = result.plan;
  console.log(
    `${file}: ok — ${plan.product.name}: ${count(Object.keys(plan.events).length, 'event')}, ${count(plan.metrics.length, 'metric')}, ` +
      `${count(plan.alerts.length, 'alert rule')}, ${count(Object.keys(plan.channels).length, 'channel')}, ${count(plan.ingest.keys.length, 'ingest key')}`,
  );
  return 0;
}
