/**
 * The incident vocabulary: components shown on the status page and incident
 * severities with their response / resolution targets (defaults from seed
 * 002). Shapes (zod) and meaning (alert rules' `component` labels must name a
 * declared component), returning every issue.
 */
import { z } from 'zod';
import type { AlertRule } from './alert-types.js';
import { INCIDENT_SEVERITIES, type ComponentSpec, type IncidentSeverity, type IncidentsPlan, type SeverityPolicy } from './incident-types.js';
import { resolveIncidentRoles } from './incident-roles.js';
import type { PathSegment, PlanIssue } from './issue.js';
import { NAME, sectionReader } from './section.js';

const M = 60_000;
const H = 60 * M;
const D = 24 * H;

/**
 * Seed 002: SEV1 5 min / 1 h, SEV2 15 min / 4 h, SEV3 1 h / 8 h ("Incident Response");
 * SEV4 has no target there: 1 day / 1 week. Updates every 15 min for SEV1 (issue 4), hourly for SEV2 (seed 002, "Stakeholder Updates").
 */
export const DEFAULT_SEVERITIES: Readonly<Record<IncidentSeverity, SeverityPolicy>> = Object.freeze({
  SEV1: Object.freeze({ severity: 'SEV1', responseMs: 5 * M, resolutionMs: H, updateEveryMs: 15 * M, postmortem: true, description: 'Complete outage, data loss, security breach' }),
  SEV2: Object.freeze({ severity: 'SEV2', responseMs: 15 * M, resolutionMs: 4 * H, updateEveryMs: H, postmortem: true, description: 'Partial outage, significant degradation' }),
  SEV3: Object.freeze({ severity: 'SEV3', responseMs: H, resolutionMs: 8 * H, updateEveryMs: null, postmortem: false, description: 'Minor issues, non-critical feature problems' }),
  SEV4: Object.freeze({ severity: 'SEV4', responseMs: D, resolutionMs: 7 * D, updateEveryMs: null, postmortem: false, description: 'Cosmetic issues, false positives' }),
});

export const DEFAULT_POSTMORTEM_WITHIN_MS = D;

/** `cli: caro CLI` or `cli: { name: caro CLI, description: command generation }`. */
export const rawComponent = z.strictObject({ name: z.string({ error: 'a component needs a name, the one people see' }).min(1), description: z.string().min(1).optional() });

const rawSeverity = z.strictObject({
  response: z.string().optional(),
  resolution: z.string().optional(),
  update_every: z.union([z.string(), z.literal(false)]).optional(),
  postmortem: z.boolean().optional(),
  description: z.string().min(1).optional(),
});

export const rawIncidents = z.strictObject({
  severities: z.partialRecord(z.enum(INCIDENT_SEVERITIES), rawSeverity).optional(),
  postmortem_within: z.string().optional(),
  status_page_url: z.url().optional(),
  public_title: z.string().trim().min(1).max(200).optional(),
  paging: z.partialRecord(z.enum(INCIDENT_SEVERITIES), z.string().min(1)).optional(),
  roles: z.array(z.string()).optional(),
  /** Read by src/plan/talk.ts. */
  announce: z.unknown().optional(),
  stakeholders: z.unknown().optional(),
});

export function resolveIncidents(
  raw: { components?: Record<string, unknown>; incidents?: unknown; alerts?: unknown[]; escalation?: Record<string, unknown> },
  context: { alerts: readonly AlertRule[] },
  issues: PlanIssue[],
  zodIssues: (error: z.ZodError, base: readonly PathSegment[]) => PlanIssue[],
): IncidentsPlan {
  const reader = sectionReader(issues, zodIssues);
  const parse = reader.parse.bind(reader);
  /** A target duration: like any duration, and longer than zero. */
  const duration = (text: string | undefined, fallback: number, path: readonly PathSegment[]): number => {
    const ms = reader.duration(text, fallback, path);
    if (text !== undefined && ms <= 0) issues.push({ path, message: 'a target must be longer than 0s' });
    return ms;
  };

  const components: Record<string, ComponentSpec> = {};
  for (const [id, value] of Object.entries(raw.components ?? {})) {
    if (!NAME.test(id)) {
      issues.push({ path: ['components', id], message: 'a component id must be lower-case letters, digits and _, starting with a letter', atKey: true });
      continue;
    }
    const c = typeof value === 'string' && value.trim() !== '' ? { name: value } : parse(rawComponent, value, ['components', id]);
    if (c === undefined) continue;
    components[id] = Object.freeze({ id, name: c.name, ...(c.description ? { description: c.description } : {}) });
  }

  const i = parse(rawIncidents, raw.incidents ?? {}, ['incidents']) ?? {};
  const severities = {} as Record<IncidentSeverity, SeverityPolicy>;
  for (const severity of INCIDENT_SEVERITIES) {
    const base = DEFAULT_SEVERITIES[severity];
    const given = i.severities?.[severity];
    const path = ['incidents', 'severities', severity];
    if (!given) {
      severities[severity] = base;
      continue;
    }
    const responseMs = duration(given.response, base.responseMs, [...path, 'response']);
    const resolutionMs = duration(given.resolution, base.resolutionMs, [...path, 'resolution']);
    if (responseMs > resolutionMs) {
      issues.push({ path: [...path, given.response !== undefined ? 'response' : 'resolution'], message: `the response target (${given.response ?? 'default'}) is longer than the resolution target` });
    }
    const updateEveryMs =
      given.update_every === false ? null : given.update_every === undefined ? base.updateEveryMs : duration(given.update_every, 0, [...path, 'update_every']);
    const description = given.description ?? base.description;
    severities[severity] = Object.freeze({
      severity,
      responseMs,
      resolutionMs,
      updateEveryMs,
      postmortem: given.postmortem ?? base.postmortem,
      ...(description ? { description } : {}),
    });
  }

  checkComponentLabels(raw.alerts ?? [], context.alerts, components, issues);
  const paging = pagingPolicies(i.paging ?? {}, Object.keys(raw.escalation ?? {}), issues);

  return {
    components: Object.freeze(components),
    incidents: Object.freeze({
      severities: Object.freeze(severities),
      postmortemWithinMs: duration(i.postmortem_within, DEFAULT_POSTMORTEM_WITHIN_MS, ['incidents', 'postmortem_within']),
      ...(i.status_page_url ? { statusPageUrl: i.status_page_url } : {}),
      ...(i.public_title ? { publicTitle: i.public_title } : {}),
      paging,
      roles: resolveIncidentRoles(i.roles, issues),
    }),
  };
}

/** `incidents.paging`: each severity names an escalation policy the plan declares. */
function pagingPolicies(given: Partial<Record<IncidentSeverity, string>>, policies: readonly string[], issues: PlanIssue[]): Readonly<Partial<Record<IncidentSeverity, string>>> {
  const paging: Partial<Record<IncidentSeverity, string>> = {};
  for (const severity of INCIDENT_SEVERITIES) {
    const policy = given[severity];
    if (policy === undefined) continue;
    if (!policies.includes(policy)) {
      issues.push({ path: ['incidents', 'paging', severity], message: `no escalation policy "${policy}" is declared under escalation (declared: ${policies.join(', ') || 'none'})` });
      continue;
    }
    paging[severity] = policy;
  }
  return Object.freeze(paging);
}

/** An alert rule's `component` label names the component it is about: it must be one the plan declares. */
function checkComponentLabels(raw: readonly unknown[], alerts: readonly AlertRule[], components: Readonly<Record<string, ComponentSpec>>, issues: PlanIssue[]): void {
  const known = Object.keys(components);
  for (const rule of alerts) {
    const component = rule.labels.component;
    if (component === undefined || Object.hasOwn(components, component)) continue;
    const index = raw.findIndex((value) => typeof value === 'object' && value !== null && (value as { name?: unknown }).name === rule.name);
    issues.push({
      path: ['alerts', index, 'labels', 'component'],
      message: `no component "${component}" is declared under components (declared: ${known.join(', ') || 'none'})`,
    });
  }
}
