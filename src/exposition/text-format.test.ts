import { describe, expect, it } from 'vitest';
import { escapeHelp, escapeLabelValue, formatValue, renderExposition } from './text-format.js';

describe('the Prometheus text format', () => {
  it('escapes backslash, double quote and line feed in label values, and backslash and line feed in HELP', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    expect(escapeHelp('a\\b"c\nd')).toBe('a\\\\b"c\\nd');
  });

  it('writes NaN and infinities as Prometheus reads them', () => {
    expect([NaN, Infinity, -Infinity, 0.25, -3, 1e-7].map(formatValue)).toEqual(['NaN', '+Inf', '-Inf', '0.25', '-3', '1e-7']);
  });

  it('writes HELP and TYPE before each family, then its samples, with labels in the order given', () => {
    const text = renderExposition([
      { name: 'a_total', help: 'As.', type: 'counter', samples: [{ labels: {}, value: 3 }] },
      { name: 'b', help: 'Bs.', type: 'gauge', samples: [{ labels: { x: 'say "hi"', y: '' }, value: 0.5 }] },
      { name: 'c', help: 'Cs.', type: 'summary', samples: [{ suffix: '_sum', labels: {}, value: 1.5 }, { suffix: '_count', labels: {}, value: 2 }] },
    ]);
    expect(text).toBe(
      ['# HELP a_total As.', '# TYPE a_total counter', 'a_total 3', '# HELP b Bs.', '# TYPE b gauge', 'b{x="say \\"hi\\"",y=""} 0.5', '# HELP c Cs.', '# TYPE c summary', 'c_sum 1.5', 'c_count 2', ''].join(
        '\n',
      ),
    );
  });

  it('refuses a family written twice, an invalid metric name and a reserved or invalid label name', () => {
    const family = { name: 'x', help: '', type: 'gauge' as const, samples: [] };
    expect(() => renderExposition([family, family])).toThrow(/written twice/);
    expect(() => renderExposition([{ ...family, name: '1x' }])).toThrow(/invalid metric name/);
    expect(() => renderExposition([{ ...family, samples: [{ labels: { __name__: 'y' }, value: 1 }] }])).toThrow(/invalid label name/);
    expect(() => renderExposition([{ ...family, samples: [{ labels: { 'a-b': 'y' }, value: 1 }] }])).toThrow(/invalid label name/);
  });

  it('is empty with no family', () => {
    expect(renderExposition([])).toBe('');
  });
});
