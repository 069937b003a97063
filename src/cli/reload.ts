/** `launchwatch reload`: asks a running server to read its plan file again (POST /-/reload), as SIGHUP does. */
import { call, type ClientOptions } from './client.js';

export async function reloadCommand(options: ClientOptions): Promise<number> {
  // A refused plan is answered 400 with every error at file:line:col in the message, which call() prints.
  const answer = await call<{ status: string; version: number; metrics: number }>(options, 'POST', '/-/reload');
  if (answer.kind === 'failed') return answer.exit;
  console.log(`plan reloaded: version ${answer.body.version}, ${answer.body.metrics} metric${answer.body.metrics === 1 ? '' : 's'}`);
  return 0;
}
