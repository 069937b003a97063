/**
 * Helpers every plan section's resolver shares: parse a value with a zod
 * schema, or read a duration, recording any issue at its path; the form of a
 * name; the keys of a metric that a figure metric (incidents, github) reads.
 */
import type { z } from 'zod';
import { parseDuration } from './duration.js';
import type { PathSegment, PlanIssue } from './issue.js';
/** A name in the plan: an event, a metric id, a probe, a component. */
export const NAME = /^[a-z][a-z0-9_]{0,62}$/;

interface RawTargetText {
  readonly green: string | number;
  readonly yellow?: string | number | undefined;
}

/**
 * A metric as written (schema.ts's `rawMetric`), seen by the resolvers of the
 * figure metrics: the keys they read, and the others only to refuse them.
 */
export interface RawFigureMetric {
  readonly title?: string | undefined;
  readonly description?: string | undefined;
  readonly unit?: string | undefined;
  readonly by?: string | readonly string[] | undefined;
  readonly target?: RawTargetText | undefined;
  readonly targets?: readonly (RawTargetText & { readonly group: Readonly<Record<string, string | number | boolean>> })[] | undefined;
  readonly incidents?: unknown;
  readonly github?: unknown;
  readonly prometheus?: unknown;
  readonly retention?: unknown;
  readonly from?: unknown;
  readonly where?: unknown;
  readonly count?: unknown;
  readonly distinct?: unknown;
  readonly ratio?: unknown;
  readonly quantile?: unknown;
  readonly mean?: unknown;
  readonly sum?: unknown;
  readonly share?: unknown;
  readonly per?: unknown;
}


type Zodded = { success: true; data: unknown } | { success: false; error: z.ZodError };

export interface SectionReader {
  /** The parsed value, or undefined after recording the schema's issues under `path`. */
  parse<T>(schema: z.ZodType<T>, value: unknown, path: readonly PathSegment[]): T | undefined;
  /** The duration in ms, `fallback` when absent; an invalid one is recorded and gives the fallback. */
  duration(text: string | undefined, fallback: number, path: readonly PathSegment[]): number;
}

export function sectionReader(issues: PlanIssue[], zodIssues: (error: z.ZodError, base: readonly PathSegment[]) => PlanIssue[]): SectionReader {
  return {
    parse<T>(schema: z.ZodType<T>, value: unknown, path: readonly PathSegment[]): T | undefined {
      const result = schema.safeParse(value) as Zodded;
      if (!result.success) {
        issues.push(...zodIssues(result.error, path));
        return undefined;
      }
      return result.data as T;
    },
    duration(text, fallback, path) {
      if (text === undefined) return fallback;
      const result = parseDuration(text);
      if (result.kind === 'invalid') {
        issues.push({ path, message: result.reason });
        return fallback;
      }
      return result.ms;
    },
  };
}
