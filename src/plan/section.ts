/**
 * Helpers every plan section's resolver shares: parse a value with a zod
 * schema, or read a duration, recording any issue at its path.
 */
import type { z } from 'zod';
import { parseDuration } from './duration.js';
import type { PathSegment, PlanIssue } from './resolve.js';

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
