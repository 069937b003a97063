import { describe, expect, it } from 'vitest';
import { md } from './markdown.js';
import { changeText, trendText } from './text.js';
import type { MetricRow } from './model.js';

describe('report text', () => {
  it('writes a small move in points with the decimals that show it', () => {
    expect(changeText({ direction: 'down', relative: -0.0005, points: -0.0004, better: true })).toBe('↓ −0.04 pp');
    const row = { change: { direction: 'down', relative: -0.0005, points: -0.0004, better: true } } as unknown as MetricRow;
    expect(trendText(row)).toBe('↓ −0.04 pp (better)');
  });

  it('escapes in Markdown only what could start markup, so a terminal shows targets and ids as written', () => {
    expect(md('<= 2%')).toBe('<= 2%');
    expect(md('p0_bugs < 1')).toBe('p0_bugs < 1');
    expect(md('<script>')).toBe('\\<script>');
    expect(md('_lead_ and a|b *x*')).toBe('\\_lead\\_ and a\\|b \\*x\\*');
  });
});
