/**
 * The one place figure sources are built: incident figures from the state
 * store's incidents, GitHub figures from the stored issues, Prometheus figures
 * from sources.prometheus, and formulas from the other metrics' measurements.
 * The server (src/app.ts), the offline report (src/cli/report.ts) and the
 * benches measure through `measuredStore`, so they measure alike.
 */
import type { Plan } from '../../plan/types.js';
import { githubFigures, type GithubHealth } from '../../sources/github/figures.js';
import { prometheusFigures } from '../../sources/prometheus/figures.js';
import type { GithubStore } from '../../store/github.js';
import type { EventStore } from '../../store/types.js';
import { formulaFigures } from '../formulas.js';
import { incidentFigures, type IncidentSource } from '../incident-figures.js';
import { measuredEvents } from './dispatch.js';
import type { FigureSources } from './source.js';

export interface FigureSourceDeps {
  readonly plan: () => Plan;
  /** Where incident figures read the incidents (the StateStore). */
  readonly incidents: IncidentSource;
  /** Where GitHub figures read the issues the poller stored. */
  readonly github: GithubStore;
  /** What the poller knows this run (a process without a poller reads the store's cursor alone). */
  readonly githubHealth?: () => GithubHealth;
}

export function figureSources(deps: FigureSourceDeps): FigureSources {
  return {
    incidents: incidentFigures(deps.incidents, deps.plan),
    github: githubFigures(deps.github, deps.plan, deps.githubHealth),
    prometheus: prometheusFigures(deps.plan),
    formula: formulaFigures(deps.plan),
  };
}

/** The event store as readers of values see it: events from the store, figures from their sources. */
export function measuredStore(events: EventStore, deps: FigureSourceDeps): EventStore {
  return measuredEvents(events, figureSources(deps));
}
