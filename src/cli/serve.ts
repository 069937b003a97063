import { resolve } from 'node:path';
import { createLaunchwatch, type Launchwatch } from '../app.js';
import { LaunchwatchError } from '../errors.js';
import { createLogger } from '../logger.js';
import { formatPlanError, loadPlanFile } from '../plan/load.js';

export interface ServeOptions {
  readonly plan: string;
  readonly data: string;
  readonly port: number;
  readonly host: string;
  readonly memoryLimit?: string;
}

/** Loads the plan and starts the server; the plan's errors are printed with file:line:col. */
export async function startServer(options: ServeOptions, env: NodeJS.ProcessEnv = process.env): Promise<Launchwatch | number> {
  const loaded = await loadPlanFile(options.plan, env);
  if (loaded.kind === 'invalid') {
    for (const error of loaded.errors) console.error(formatPlanError(error));
    return 1;
  }
  const logger = createLogger((env.LOG_LEVEL as 'info' | undefined) ?? 'info');
  try {
    const app = await createLaunchwatch({
      plan: loaded.plan,
      dataDir: resolve(options.data),
      port: options.port,
      host: options.host,
      logger,
      ...(env.LAUNCHWATCH_ADMIN_TOKEN ? { adminToken: env.LAUNCHWATCH_ADMIN_TOKEN } : {}),
      ...(options.memoryLimit ? { memoryLimit: options.memoryLimit } : {}),
    });
    await app.start();
    return app;
  } catch (error: unknown) {
    if (error instanceof LaunchwatchError) {
      console.error(`launchwatch: ${error.message}`);
      return error.exitCode;
    }
    throw error;
  }
}

/** Stops the app on SIGINT / SIGTERM, letting accepted events commit first. */
export function stopOnSignals(app: Launchwatch, extra?: () => Promise<void>): void {
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void (async () => {
      await extra?.();
      await app.stop();
      process.exit(0);
    })();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export async function serveCommand(options: ServeOptions): Promise<number | undefined> {
  const app = await startServer(options);
  if (typeof app === 'number') return app;
  stopOnSignals(app);
  return undefined;
}
