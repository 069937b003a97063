import { describe, expect, it } from 'vitest';
import { metricHref, parseRoute } from './route.js';

describe('parseRoute', () => {
  it('reads each page from the hash', () => {
    expect(parseRoute('')).toEqual({ page: 'overview' });
    expect(parseRoute('#/')).toEqual({ page: 'overview' });
    expect(parseRoute('#/alerts')).toEqual({ page: 'alerts' });
    expect(parseRoute('#/oncall')).toEqual({ page: 'oncall' });
    expect(parseRoute('#/incidents/INC-2')).toEqual({ page: 'incident', id: 'INC-2' });
    expect(parseRoute('#/metrics/awu')).toEqual({ page: 'metric', id: 'awu', range: '24h' });
    expect(parseRoute('#/metrics/awu?range=7d')).toEqual({ page: 'metric', id: 'awu', range: '7d' });
    expect(parseRoute('#/nope/x/y')).toEqual({ page: 'not_found', path: '/nope/x/y' });
  });
  it('round-trips a metric link', () => {
    expect(parseRoute(metricHref('command_success_rate', '30d'))).toEqual({ page: 'metric', id: 'command_success_rate', range: '30d' });
  });
});
