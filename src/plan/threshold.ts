/**
 * Thresholds and targets: ">= 150", "< 100", ">= 86%", "20%..30%", "<= 5m".
 * A percentage is a fraction: "86%" is 0.86, the same number a ratio metric yields.
 * A duration is in milliseconds: "5m" is 300000, the number a time figure (MTTA) yields.
 */
import { parseDuration } from './duration.js';

export type Comparator = '>=' | '>' | '<=' | '<';

export type Threshold =
  | { kind: 'compare'; op: Comparator; value: number; text: string }
  | { kind: 'range'; min: number; max: number; text: string };

export type ThresholdResult = { kind: 'ok'; threshold: Threshold } | { kind: 'invalid'; reason: string };

const NUMBER = String.raw`-?\d+(?:\.\d+)?(?:e-?\d+)?%?|\d+(?:\.\d+)?(?:ms|s|m|h|d|w)`;
const COMPARE = new RegExp(String.raw`^(>=|>|<=|<)\s*(${NUMBER})$`);
const RANGE = new RegExp(String.raw`^(${NUMBER})\s*\.\.\s*(${NUMBER})$`);

/** A number, a percentage ("86%" is 0.86, rounded so that 99.9% is exactly 0.999) or a duration in ms ("5m" is 300000). */
export function toNumber(text: string): number {
  const duration = parseDuration(text);
  if (duration.kind === 'ok') return duration.ms;
  // Rounded to 15 digits so that "99.9%" is 0.999, the very number 999/1000 yields (not 0.9990000000000001).
  return text.endsWith('%') ? Number((Number(text.slice(0, -1)) / 100).toPrecision(15)) : Number(text);
}

export function parseThreshold(input: string | number): ThresholdResult {
  const text = String(input).trim();
  const compare = COMPARE.exec(text);
  if (compare) {
    return {
      kind: 'ok',
      threshold: { kind: 'compare', op: compare[1] as Comparator, value: toNumber(compare[2] ?? ''), text },
    };
  }
  const range = RANGE.exec(text);
  if (range) {
    const min = toNumber(range[1] ?? '');
    const max = toNumber(range[2] ?? '');
    if (min > max) return { kind: 'invalid', reason: `range "${text}" has its lower bound above its upper bound` };
    return { kind: 'ok', threshold: { kind: 'range', min, max, text } };
  }
  return {
    kind: 'invalid',
    reason: `"${text}" is not a threshold (expected ">= x", "> x", "<= x", "< x" or "a..b", with numbers, percentages like 86% or durations like 5m)`,
  };
}

export function holds(threshold: Threshold, value: number): boolean {
  if (threshold.kind === 'range') return value >= threshold.min && value <= threshold.max;
  switch (threshold.op) {
    case '>=':
      return value >= threshold.value;
    case '>':
      return value > threshold.value;
    case '<=':
      return value <= threshold.value;
    case '<':
      return value < threshold.value;
  }
}
