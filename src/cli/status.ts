import { ERROR_CODES } from '../errors.js';
import type { PlanEvaluation } from '../metrics/evaluate.js';
import { renderStatusTable } from '../format.js';

/** `launchwatch status`: asks a running server and prints the table. */
export async function statusCommand(options: { url: string; json: boolean; token?: string }): Promise<number> {
  const base = options.url.replace(/\/$/, '');
  let response: Response;
  try {
    response = await fetch(`${base}/api/v1/metrics`, { headers: options.token ? { authorization: `Bearer ${options.token}` } : {} });
  } catch {
    console.error(`cannot reach launchwatch at ${base} (is it running? start it with: launchwatch serve)`);
    return ERROR_CODES.unavailable.exit;
  }
  if (response.status === 401) {
    console.error('the server requires the admin token: set LAUNCHWATCH_ADMIN_TOKEN');
    return ERROR_CODES.unauthorized.exit;
  }
  if (!response.ok) {
    console.error(`launchwatch answered ${response.status}: ${await response.text()}`);
    return ERROR_CODES.unavailable.exit;
  }
  const evaluation = (await response.json()) as PlanEvaluation;
  if (options.json) {
    console.log(JSON.stringify(evaluation, null, 2));
    return 0;
  }
  const colour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  process.stdout.write(renderStatusTable(evaluation, { colour }));
  return 0;
}
