import { formatPlanError, loadPlanFile } from '../plan/load.js';

const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

export interface CheckOptions {
  /** `ok`: an unset ${VAR} is a warning and the plan is otherwise checked (CI without the secrets). */
  readonly envMissing?: 'error' | 'ok';
}

/** `launchwatch check PLAN`: every error with file:line:col, exit 1 if any; unset variables as warnings with --env-missing ok. */
export async function checkCommand(file: string, options: CheckOptions = {}): Promise<number> {
  const result = await loadPlanFile(file, process.env, { missingEnv: options.envMissing === 'ok' ? 'warn' : 'error' });
  for (const warning of result.warnings ?? []) console.error(`${formatPlanError(warning)} (warning)`);
  const unset = result.warnings?.length ? `, ${count(result.warnings.length, 'unset variable')} (set ${result.warnings.length === 1 ? 'it' : 'them'} before serve)` : '';
  if (result.kind === 'invalid' && result.errors.length === 0) {
    console.log(`${file}: ok${unset}: no other error (the values of the unset variables are checked once they are set)`);
    return 0;
  }
  if (result.kind === 'invalid') {
    for (const error of result.errors) console.error(formatPlanError(error));
    console.error(`\n${count(result.errors.length, 'error')} in ${file}${unset}`);
    if (result.errors.some((e) => e.message.startsWith('environment variable '))) console.error('(set the variables, or check the rest of the plan with: launchwatch check --env-missing ok)');
    return 1;
  }
  const plan = result.plan;
  console.log(
    `${file}: ok${unset} — ${plan.product.name}: ${count(Object.keys(plan.events).length, 'event')}, ${count(plan.metrics.length, 'metric')}, ` +
      `${count(plan.alerts.length, 'alert rule')}, ${count(Object.keys(plan.channels).length, 'channel')}, ${count(plan.ingest.keys.length, 'ingest key')}`,
  );
  return 0;
}
