/** Prometheus' API answers (2.x envelopes) read as a metric's measurement or series. */
import { describe, expect, it } from 'vitest';
import { envelopeData, instantMeasurement, rangeSeries, rangeTimes } from './response.js';

const T = 1_765_000_000;
const success = (data: unknown): unknown => ({ status: 'success', data });
const data = (body: unknown, status = 200): Record<string, unknown> => {
  const answer = envelopeData(body, status);
  if (answer.kind !== 'ok') throw new Error(answer.reason);
  return answer.value;
};
const instant = (d: unknown): ReturnType<typeof instantMeasurement> => instantMeasurement(data(success(d)));
const vector = (...samples: [Record<string, string>, string][]): unknown => ({ resultType: 'vector', result: samples.map(([metric, v]) => ({ metric, value: [T, v] })) });

describe('Prometheus error envelopes', () => {
  it('gives the errorType and error of an error envelope, whatever the HTTP status', () => {
    const body = { status: 'error', errorType: 'bad_data', error: '1:5: parse error: unexpected end of input' };
    expect(envelopeData(body, 400)).toEqual({ kind: 'unavailable', reason: 'Prometheus answered bad_data: 1:5: parse error: unexpected end of input' });
    expect(envelopeData({ status: 'error', errorType: 'timeout', error: 'query timed out in expression evaluation' }, 503)).toEqual({
      kind: 'unavailable',
      reason: 'Prometheus answered timeout: query timed out in expression evaluation',
    });
  });

  it('cuts a long error text, and says the HTTP status when the body is not the API envelope', () => {
    const long = envelopeData({ status: 'error', errorType: 'execution', error: 'x'.repeat(5000) }, 422);
    expect(long.kind === 'unavailable' && long.reason.length).toBe('Prometheus answered execution: '.length + 300);
    expect(envelopeData(undefined, 502)).toEqual({ kind: 'unavailable', reason: 'Prometheus answered HTTP 502' });
    expect(envelopeData({ hello: 'world' }, 200)).toEqual({ kind: 'unavailable', reason: 'Prometheus answered something other than its API response' });
    expect(envelopeData({ status: 'success' }, 200)).toEqual({ kind: 'unavailable', reason: 'Prometheus answered success without data' });
  });
});

describe('an instant query as a measurement', () => {
  it('a scalar, or one sample without labels, is the whole value', () => {
    expect(instant({ resultType: 'scalar', result: [T, '0.25'] })).toEqual({ kind: 'ok', value: { value: 0.25, events: 1, groups: [] } });
    expect(instant(vector([{}, '1e3']))).toEqual({ kind: 'ok', value: { value: 1000, events: 1, groups: [] } });
  });

  it('labelled samples are groups in label order, the whole without a value; an empty vector is no data', () => {
    const answer = instant(vector([{ instance: 'b:9100' }, '0.9'], [{ instance: 'a:9100' }, '0.42']));
    expect(answer).toEqual({
      kind: 'ok',
      value: {
        value: null,
        events: 2,
        groups: [
          { group: { instance: 'a:9100' }, value: 0.42, events: 1 },
          { group: { instance: 'b:9100' }, value: 0.9, events: 1 },
        ],
      },
    });
    expect(instant(vector([{ __name__: 'up', job: 'node' }, '1']))).toEqual({ kind: 'ok', value: { value: null, events: 1, groups: [{ group: { __name__: 'up', job: 'node' }, value: 1, events: 1 }] } });
    expect(instant({ resultType: 'vector', result: [] })).toEqual({ kind: 'ok', value: { value: null, events: 0, groups: [] } });
  });

  it('NaN and ±Inf are no number: the whole is unavailable, a group has no value, every group without one is unavailable', () => {
    expect(instant({ resultType: 'scalar', result: [T, 'NaN'] })).toEqual({ kind: 'unavailable', reason: 'Prometheus answered NaN, not a number' });
    expect(instant(vector([{}, '+Inf']))).toEqual({ kind: 'unavailable', reason: 'Prometheus answered +Inf, not a number' });
    const some = instant(vector([{ instance: 'a' }, 'NaN'], [{ instance: 'b' }, '2']));
    expect(some.kind === 'ok' && some.value.groups.map((g) => g.value)).toEqual([null, 2]);
    expect(instant(vector([{ instance: 'a' }, 'NaN'], [{ instance: 'b' }, '-Inf']))).toEqual({ kind: 'unavailable', reason: 'Prometheus answered NaN for {instance="a"}, not a number (and no number for the 1 other series)' });
  });

  it('a range vector, a string or a result not in the API format is unavailable with the reason', () => {
    const matrix = instant({ resultType: 'matrix', result: [{ metric: {}, values: [[T, '1']] }] });
    expect(matrix.kind === 'unavailable' && matrix.reason).toMatch(/^the query answers a range vector; a metric needs an instant vector or a scalar/);
    expect(instant({ resultType: 'string', result: [T, 'hello'] })).toEqual({ kind: 'unavailable', reason: 'the query answers a string, not a number' });
    const malformed = { kind: 'unavailable', reason: 'Prometheus answered a result that is not in its API format' };
    expect(instant({ resultType: 'vector', result: [{ metric: { a: 1 }, value: [T, '1'] }] })).toEqual(malformed);
    expect(instant({ resultType: 'vector', result: [{ metric: {}, value: [T, 1] }] })).toEqual(malformed);
    expect(instant({ resultType: 'scalar', result: 'x' })).toEqual(malformed);
    expect(instant({ resultType: 'vector', result: [{ metric: { a: 'x' }, histogram: [T, { count: '1' }] }] })).toEqual({ kind: 'unavailable', reason: 'Prometheus answered a native histogram for {a="x"}, not a number' });
  });
});

describe('a range query as a series', () => {
  const step = 60_000;
  const times = rangeTimes(T * 1000, T * 1000 + 3 * step, step);

  it('has a point at each bucket start before the end', () => {
    expect(times).toEqual([T * 1000, T * 1000 + step, T * 1000 + 2 * step]);
    expect(rangeTimes(0, 1, step)).toEqual([0]);
  });

  it('one series without labels is the whole; a time Prometheus has no number for has no value', () => {
    const matrix = { resultType: 'matrix', result: [{ metric: {}, values: [[T, '1'], [T + 120, 'NaN']] }] };
    expect(rangeSeries(matrix, times)).toEqual({
      kind: 'ok',
      value: {
        points: [
          { t: T * 1000, value: 1 },
          { t: T * 1000 + step, value: null },
          { t: T * 1000 + 2 * step, value: null },
        ],
        groups: [],
      },
    });
  });

  it('labelled series are groups in label order, the whole without values; fractional seconds map to their millisecond', () => {
    const matrix = {
      resultType: 'matrix',
      result: [
        { metric: { instance: 'b' }, values: [[T + 60, '3']] },
        { metric: { instance: 'a' }, values: [[T + 0.0, '1.5'], [T + 120, '2']] },
      ],
    };
    const answer = rangeSeries(matrix, times);
    expect(answer.kind === 'ok' && answer.value.points.map((p) => p.value)).toEqual([null, null, null]);
    expect(answer.kind === 'ok' && answer.value.groups.map((g) => [g.group, g.points.map((p) => p.value)])).toEqual([
      [{ instance: 'a' }, [1.5, null, 2]],
      [{ instance: 'b' }, [null, 3, null]],
    ]);
    const fractional = rangeSeries({ resultType: 'matrix', result: [{ metric: {}, values: [[1.5, '7']] }] }, [1500]);
    expect(fractional.kind === 'ok' && fractional.value.points).toEqual([{ t: 1500, value: 7 }]);
  });

  it('a result that is not a matrix of string samples is unavailable', () => {
    expect(rangeSeries({ resultType: 'matrix', result: [{ metric: {}, values: [[T, 1]] }] }, times).kind).toBe('unavailable');
    expect(rangeSeries({ resultType: 'vector', result: [] }, times).kind).toBe('unavailable');
  });
});
