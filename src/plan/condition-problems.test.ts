import { describe, expect, it } from 'vitest';
import { formatPlanError, loadPlanText } from './load.js';

/** The plan with one alert whose `when` line (line 9) is given as written. */
function planWith(when: string): string {
  return [
    'version: 1',
    'product: { name: p }',
    'events:',
    '  api_request: { success: boolean, duration_ms: number }',
    'metrics:',
    '  error_rate: { from: api_request, ratio: { success: false }, window: 1h }',
    'alerts:',
    '  - name: errors',
    `    when: ${when}`,
    '',
  ].join('\n');
}

function errors(when: string): string[] {
  const result = loadPlanText(planWith(when), 'plan.yaml', {});
  if (result.kind !== 'invalid') throw new Error('expected the plan to be rejected');
  return result.errors.map(formatPlanError);
}

describe('unknown names inside and / or / not conditions', () => {
  it('points at the unknown metric, not at the start of the condition', () => {
    // `    when: "` is 11 characters: the text starts at column 12; nosuch is 20 characters into it.
    expect(errors('"error_rate > 5% and nosuch > 3"')).toEqual([expect.stringMatching(/^plan\.yaml:9:32: .*no metric "nosuch" in the plan/)]);
    // Unquoted, the text starts at column 11.
    expect(errors('error_rate > 5% or change(nosuch, 1d) < -20%')).toEqual([expect.stringMatching(/^plan\.yaml:9:37: .*no metric "nosuch"/)]);
  });

  it('finds each unknown metric of nested operands, in parentheses and under not', () => {
    const found = errors('"(error_rate > 5% and not other > 1) or nosuch > 3"');
    expect(found).toEqual([expect.stringMatching(/^plan\.yaml:9:37: .*no metric "other"/), expect.stringMatching(/^plan\.yaml:9:51: .*no metric "nosuch"/)]);
  });

  it('keeps a condition of one kind about its whole text (at its opening quote)', () => {
    expect(errors('"nosuch > 3"')).toEqual([expect.stringMatching(/^plan\.yaml:9:11: .*no metric "nosuch"/)]);
  });
});
