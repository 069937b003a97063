/**
 * Structured logs (pino). Secrets and client addresses never reach them:
 * request logs carry the method, the path without its query string, the
 * status and a server-generated id; never the client's IP address, user agent
 * or headers (test/privacy-logs.test.ts checks it).
 */
import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

/** Paths pino replaces with [redacted] should they ever be logged. */
export const REDACTED_PATHS = [
  'req.headers',
  'headers',
  '*.authorization',
  '*.key',
  '*.token',
  '*.salt',
  '*["user-agent"]',
  '*["x-forwarded-for"]',
  '*.remoteAddress',
  '*.ip',
];

export function createLogger(level: LevelWithSilent = 'info', destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'launchwatch' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      req: (req: { method?: string; url?: string; id?: string }) => ({ method: req.method, url: req.url?.split('?')[0], id: req.id }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
