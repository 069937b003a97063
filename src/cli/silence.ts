/** `launchwatch silence add|list|expire`, over the server's Alertmanager-compatible silences API. */
import { parseMatchers } from '../alerting/match.js';
import type { Matcher } from '../alerting/types.js';
import { parseDuration } from '../plan/duration.js';
import { call, type ClientOptions } from './client.js';

interface SilenceJson {
  id: string;
  matchers: Matcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  status: { state: string };
}

export async function silenceAddCommand(options: ClientOptions & { matchers: string[]; duration: string; author: string; comment: string }): Promise<number> {
  const parsed = parseMatchers(options.matchers.join(','));
  if (parsed.kind === 'invalid') {
    console.error(`launchwatch: matchers: ${parsed.reason}`);
    return 2;
  }
  const duration = parseDuration(options.duration);
  if (duration.kind === 'invalid' || duration.ms <= 0) {
    console.error(`launchwatch: --duration: ${duration.kind === 'invalid' ? duration.reason : 'must be longer than zero'}`);
    return 2;
  }
  const now = Date.now();
  const answer = await call<{ silenceID: string }>(options, 'POST', '/api/v2/silences', {
    matchers: parsed.matchers,
    startsAt: new Date(now).toISOString(),
    endsAt: new Date(now + duration.ms).toISOString(),
    createdBy: options.author,
    comment: options.comment,
  });
  if (answer.kind === 'failed') return answer.exit;
  console.log(answer.body.silenceID);
  return 0;
}

function matcherText(m: Matcher): string {
  return `${m.name}${m.isEqual ? '' : '!'}${m.isRegex ? '=~' : '='}"${m.value}"`;
}

export async function silenceListCommand(options: ClientOptions & { json: boolean; all: boolean }): Promise<number> {
  const answer = await call<SilenceJson[]>(options, 'GET', '/api/v2/silences');
  if (answer.kind === 'failed') return answer.exit;
  const silences = answer.body.filter((s) => options.all || s.status.state !== 'expired');
  if (options.json) {
    console.log(JSON.stringify(silences, null, 2));
    return 0;
  }
  if (silences.length === 0) {
    console.log('no silences');
    return 0;
  }
  for (const s of silences) {
    console.log(`${s.id}  ${s.status.state.padEnd(7)}  until ${s.endsAt}  by ${s.createdBy}  ${s.matchers.map(matcherText).join(',')}  ${s.comment}`);
  }
  return 0;
}

export async function silenceExpireCommand(options: ClientOptions & { ids: string[] }): Promise<number> {
  for (const id of options.ids) {
    const answer = await call<unknown>(options, 'DELETE', `/api/v2/silence/${encodeURIComponent(id)}`);
    if (answer.kind === 'failed') return answer.exit;
    console.log(`expired ${id}`);
  }
  return 0;
}
