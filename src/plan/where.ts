/**
 * The shape of a filter list as written (`where:`, `ratio:`, a funnel step's
 * `where:`): an AND of conditions on fields, each a value, a list of values or
 * a comparison, and `any: [ {filters}, {filters} ]`, an OR of such lists.
 * Their meaning (fields, types) is checked in resolve.ts.
 */
import { z } from 'zod';

const scalar = z.union([z.string(), z.number(), z.boolean()]);

const comparison = z
  .strictObject({
    gt: scalar.optional(),
    gte: scalar.optional(),
    lt: scalar.optional(),
    lte: scalar.optional(),
    ne: scalar.optional(),
  })
  .refine((value) => Object.keys(value).length > 0, 'a comparison needs at least one of gt, gte, lt, lte, ne');

type RawScalar = string | number | boolean;

/** A filter list as written; a list of filter lists is an `any`. */
export interface RawWhere {
  [field: string]: RawScalar | RawScalar[] | { gt?: RawScalar | undefined; gte?: RawScalar | undefined; lt?: RawScalar | undefined; lte?: RawScalar | undefined; ne?: RawScalar | undefined } | RawWhere[];
}

/** AND of conditions: a value, a list of values, a comparison, or (`any:`) a list of filter lists. */
export const rawWhere: z.ZodType<RawWhere> = z.lazy(() => z.record(z.string(), z.union([scalar, z.array(scalar).min(1), comparison, z.array(rawWhere).min(1)])));
