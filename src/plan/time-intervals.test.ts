import { describe, expect, it } from 'vitest';
import { formatPlanError, loadPlanText } from './load.js';

const HEAD = ['version: 1', 'product: { name: x }', 'events:', '  e: { ok: boolean }', 'channels:', '  hook: { type: webhook, url: "http://127.0.0.1:9/h" }'];

function errorsOf(lines: readonly string[]): string[] {
  const result = loadPlanText([...HEAD, ...lines, ''].join('\n'), 'plan.yaml', {});
  return result.kind === 'invalid' ? result.errors.map(formatPlanError) : [];
}

/** The errors of one period written in flow style, without the file:line:col and path prefix. */
function periodErrors(fields: string): string[] {
  return errorsOf(['time_intervals:', '  - name: t', `    time_intervals: [${fields}]`]).map((e) => e.replace(/^plan\.yaml:\d+:\d+: time_intervals\.0\.time_intervals\.0\./, ''));
}

describe('time_intervals in the plan', () => {
  it('types the intervals into routing and the routes that name them', () => {
    const result = loadPlanText(
      [
        ...HEAD,
        'time_intervals:',
        '  - name: business_hours',
        '    time_intervals:',
        "      - weekdays: ['monday:friday']",
        "        times: [{ start_time: '09:00', end_time: '17:00' }]",
        '        location: Europe/Lisbon',
        '  - name: maintenance',
        "    time_intervals: [{ weekdays: [sunday], times: [{ start_time: '02:00', end_time: '04:00' }], days_of_month: ['1:7', '-1'], months: ['1:june', december], years: ['2026:2027'] }]",
        'routing:',
        '  routes:',
        '    - { match: { severity: P2 }, channels: [hook], active_time_intervals: [business_hours], mute_time_intervals: [maintenance] }',
        '    - { channels: [hook] }',
        '',
      ].join('\n'),
      'plan.yaml',
      {},
    );
    if (result.kind !== 'ok') throw new Error(result.errors.map(formatPlanError).join('\n'));
    const { routing } = result.plan;
    expect(routing.timeIntervals).toEqual({
      business_hours: [{ weekdays: [{ begin: 1, end: 5 }], times: [{ startMinute: 540, endMinute: 1020 }], location: 'Europe/Lisbon' }],
      maintenance: [
        {
          weekdays: [{ begin: 0, end: 0 }],
          times: [{ startMinute: 120, endMinute: 240 }],
          daysOfMonth: [{ begin: 1, end: 7 }, { begin: -1, end: -1 }],
          months: [{ begin: 1, end: 6 }, { begin: 12, end: 12 }],
          years: [{ begin: 2026, end: 2027 }],
        },
      ],
    });
    expect(routing.routes[0]).toMatchObject({ activeTimeIntervals: ['business_hours'], muteTimeIntervals: ['maintenance'] });
    expect(routing.routes[1]?.muteTimeIntervals).toBeUndefined();
    expect(Object.isFrozen(routing.timeIntervals?.maintenance?.[0]?.daysOfMonth)).toBe(true);
  });

  it('a route naming an undeclared interval is an error at its place in the file', () => {
    expect(
      errorsOf([
        'time_intervals:',
        "  - { name: nights, time_intervals: [{ times: [{ start_time: '00:00', end_time: '06:00' }] }] }",
        'routing:',
        '  routes:',
        '    - channels: [hook]',
        '      mute_time_intervals: [nights, weekends]',
        '      active_time_intervals: [office]',
      ]),
    ).toEqual([
      'plan.yaml:12:37: routing.routes.0.mute_time_intervals.1: no time interval "weekends" is declared under time_intervals (declared: nights)',
      'plan.yaml:13:31: routing.routes.0.active_time_intervals.0: no time interval "office" is declared under time_intervals (declared: nights)',
    ]);
  });

  it('a name declared twice, an unknown key and a period list left empty are errors', () => {
    expect(errorsOf(['time_intervals:', '  - { name: a, time_intervals: [{}] }', '  - { name: a, time_intervals: [{}] }'])).toEqual([
      'plan.yaml:9:13: time_intervals.1.name: time interval "a" is declared twice',
    ]);
    expect(periodErrors('{ weekday: [monday] }')[0]).toMatch(/weekday/);
    expect(errorsOf(['time_intervals:', '  - { name: a, time_intervals: [] }'])[0]).toMatch(/time_intervals\.0\.time_intervals: a time interval needs at least one period/);
    expect(periodErrors('{ weekdays: [] }')[0]).toMatch(/^weekdays: an empty list matches nothing/);
  });

  it("refuses what Alertmanager's parser refuses, with its reasons", () => {
    expect(periodErrors("{ times: [{ start_time: '01:99', end_time: '23:59' }] }")).toEqual(['times.0.start_time: "01:99" is not a time of day (HH:MM, 00:00 to 24:00)']);
    expect(periodErrors("{ times: [{ start_time: '00:00', end_time: '24:01' }] }")).toEqual(['times.0.end_time: "24:01" is not a time of day (HH:MM, 00:00 to 24:00)']);
    expect(periodErrors("{ times: [{ start_time: '17:31', end_time: '17:31' }] }")[0]).toMatch(/^times\.0: start_time 17:31 must be before end_time 17:31/);
    expect(periodErrors("{ times: [{ start_time: '22:00', end_time: '06:00' }] }")[0]).toMatch(/cannot cross midnight/);
    expect(periodErrors("{ times: [{ start_time: '24:00', end_time: '17:41' }] }")[0]).toMatch(/must be before/);
    expect(periodErrors("{ times: [{ start_time: '14:03' }] }")[0]).toMatch(/^times\.0\.end_time/);
    expect(periodErrors("{ weekdays: ['friday:monday'] }")).toEqual(['weekdays.0: friday:monday: the start day comes after the end day (a range runs sunday to saturday; list two ranges to wrap the week)']);
    expect(periodErrors("{ weekdays: ['blurgsday:flurgsday'] }")).toEqual(['weekdays.0: blurgsday is not a valid weekday (sunday ... saturday)']);
    expect(periodErrors("{ weekdays: ['1:3'] }")[0]).toMatch(/1 is not a valid weekday/);
    expect(periodErrors("{ days_of_month: ['0'] }")).toEqual(['days_of_month.0: 0 is not a valid day of the month: out of range (1 to 31, or -31 to -1 from the end)']);
    expect(periodErrors("{ days_of_month: ['-50:-20'] }")[0]).toMatch(/-50 is not a valid day of the month/);
    expect(periodErrors("{ days_of_month: ['1:50'] }")[0]).toMatch(/50 is not a valid day of the month/);
    expect(periodErrors("{ days_of_month: ['-15:5'] }")[0]).toMatch(/end day must be negative if the start day is negative/);
    expect(periodErrors("{ days_of_month: ['10:-25'] }")[0]).toMatch(/end day -25 is always before start day 10/);
    expect(periodErrors("{ days_of_month: ['1:-1', '-7:-1'] }")).toEqual([]);
    expect(periodErrors("{ months: ['martius:june'] }")[0]).toMatch(/martius is not a valid month/);
    expect(periodErrors("{ months: ['13'] }")[0]).toMatch(/13 is not a valid month/);
    expect(periodErrors("{ months: ['december:january'] }")[0]).toMatch(/end month january is before start month december/);
    expect(periodErrors("{ years: ['2022:2020'] }")[0]).toMatch(/end year 2020 is before start year 2022/);
    expect(periodErrors("{ years: ['1:2:3'] }")[0]).toMatch(/invalid format/);
    expect(periodErrors('{ location: Mars/Olympus_Mons }')).toEqual(['location: "Mars/Olympus_Mons" is not an IANA time zone (e.g. Europe/Lisbon, America/New_York, UTC)']);
  });

  it('reports every bad field of every period at once', () => {
    expect(periodErrors("{ weekdays: [funday], months: [smarch] }, { years: ['x'] }").length).toBe(3);
  });
});
