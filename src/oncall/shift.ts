/** Who is on call for a span of a schedule, and why. */
export interface Shift {
  /** null: no layer holds the schedule then (a gap between restricted layers). */
  readonly person: string | null;
  readonly source: 'rotation' | 'override' | 'none';
  /** The layer whose rotation it is, for a schedule with layers. */
  readonly layer?: string;
  /** Epoch ms; the shift is [shiftStart, shiftEnd). */
  readonly shiftStart: number;
  readonly shiftEnd: number;
}
