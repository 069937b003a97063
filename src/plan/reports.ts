/**
 * The reports vocabulary: which metrics the summary leads with, and the
 * scheduled digests (weekly, monthly) with their cron schedule, time zone and
 * channels. Shapes (zod) and meaning (metrics and channels exist, the cron
 * and zone are valid), returning every issue.
 */
import { z } from 'zod';
import type { ChannelSpec } from './alert-types.js';
import { parseCron } from './cron.js';
import type { PathSegment, PlanIssue } from './issue.js';
import type { DigestSpec, ReportsPlan } from './report-types.js';
import { sectionReader } from './section.js';
import type { MetricSpec } from './types.js';
import { isTimeZone } from './zone.js';

const rawDigest = z.strictObject({
  cron: z.string({ error: 'a digest needs a cron schedule, e.g. "0 9 * * MON"' }),
  timezone: z.string().optional(),
  channels: z.array(z.string()).min(1, 'a digest needs at least one channel'),
});

export const rawReports = z.strictObject({
  summary: z.array(z.string()).optional(),
  timezone: z.string().optional(),
  weekly: rawDigest.optional(),
  monthly: rawDigest.optional(),
});

/** Channel types that can carry a digest: PagerDuty pages people, it does not deliver reports. */
const DIGEST_CHANNELS: readonly ChannelSpec['type'][] = ['email', 'slack', 'webhook'];

export function resolveReports(
  raw: { reports?: unknown },
  context: { metrics: readonly MetricSpec[]; channels: Readonly<Record<string, ChannelSpec>> },
  issues: PlanIssue[],
  zodIssues: (error: z.ZodError, base: readonly PathSegment[]) => PlanIssue[],
): ReportsPlan {
  const reader = sectionReader(issues, zodIssues);
  const r = reader.parse(rawReports, raw.reports ?? {}, ['reports']) ?? {};
  const ids = context.metrics.map((m) => m.id);
  (r.summary ?? []).forEach((id, i) => {
    if (!ids.includes(id)) issues.push({ path: ['reports', 'summary', i], message: `no metric "${id}" in the plan (metrics: ${ids.join(', ') || 'none'})` });
  });
  let zone = r.timezone ?? 'UTC';
  if (!isTimeZone(zone)) {
    issues.push({ path: ['reports', 'timezone'], message: `"${zone}" is not an IANA time zone (e.g. America/New_York, Europe/Lisbon, UTC)` });
    zone = 'UTC';
  }
  const digests: DigestSpec[] = [];
  for (const kind of ['weekly', 'monthly'] as const) {
    const d = r[kind];
    if (!d) continue;
    const path = ['reports', kind];
    // A digest's schedule reads in the reports' zone unless it names its own.
    const timezone = d.timezone ?? zone;
    if (!isTimeZone(timezone)) {
      issues.push({ path: [...path, 'timezone'], message: `"${timezone}" is not an IANA time zone (e.g. Europe/Lisbon, UTC)` });
      continue;
    }
    const cron = parseCron(d.cron, timezone);
    if (cron.kind === 'invalid') issues.push({ path: [...path, 'cron'], message: cron.reason });
    d.channels.forEach((name, i) => {
      const channel = context.channels[name];
      if (!channel) {
        issues.push({ path: [...path, 'channels', i], message: `no channel "${name}" is declared under channels (declared: ${Object.keys(context.channels).join(', ') || 'none'})` });
      } else if (!DIGEST_CHANNELS.includes(channel.type)) {
        issues.push({ path: [...path, 'channels', i], message: `channel "${name}" is ${channel.type}; digests go to ${DIGEST_CHANNELS.join(', ')} channels` });
      }
    });
    if (cron.kind === 'ok') digests.push(Object.freeze({ kind, schedule: Object.freeze(cron.schedule), channels: Object.freeze([...d.channels]) }));
  }
  return { reports: Object.freeze({ summary: Object.freeze([...(r.summary ?? [])]), digests: Object.freeze(digests), timezone: zone }) };
}
