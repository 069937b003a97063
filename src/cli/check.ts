import { formatPlanError, loadPlanFile } from '../plan/load.js';

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
    `${file}: ok — ${plan.product.name}: ${Object.keys(plan.events).length} events, ${plan.metrics.length} metrics, ${plan.ingest.keys.length} ingest key${plan.ingest.keys.length === 1 ? '' : 's'}`,
  );
  return 0;
}
