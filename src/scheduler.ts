/**
 * The scheduler loop: runs tick() every interval, never two at once. A
 * failing tick is logged and the loop goes on. stop() waits for the tick in flight.
 */
import type { Logger } from 'pino';

export interface Scheduler {
  stop(): Promise<void>;
}

export function startScheduler(options: { intervalMs: () => number; tick: () => Promise<void>; logger: Logger }): Scheduler {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = options
        .tick()
        .catch((error: unknown) => options.logger.error({ err: error }, 'scheduler tick failed'))
        .finally(() => {
          running = undefined;
          schedule();
        });
    }, options.intervalMs());
    timer.unref();
  };
  schedule();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
