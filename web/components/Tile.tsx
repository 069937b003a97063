/** One metric on the overview: value, target, progress, status, sparkline, change, and its groups. */
import type { GroupResult, MetricOverview, MetricResult } from '../data/metrics.js';
import { change, formatValue, groupLabel, sparkNote, unavailableReason } from '../lib/format.js';
import { metricHref } from '../lib/route.js';
import { parseBound, progress } from '../lib/target.js';
import { ProgressBar, Sparkline, StatusBadge, StatusReason } from './Status.js';

function GroupRow({ group, unit }: { group: GroupResult; unit: string }) {
  return (
    <li class="group-row">
      <span class="group-name">{groupLabel(group.group)}</span>
      <span class="group-value">{formatValue(group.value, unit)}</span>
      <StatusBadge status={group.status} reason={group.target ? 'no_data' : 'no_target'} />
    </li>
  );
}

export function Tile({ metric, overview }: { metric: MetricResult; overview?: MetricOverview }) {
  const bound = metric.target ? parseBound(metric.target.green) : undefined;
  const done = progress(metric.value, bound);
  const moved = overview ? change(metric.value, overview.previous.value, metric.unit, bound) : undefined;
  const unavailable = unavailableReason(metric);
  const value = metric.kind === 'share' ? `${metric.groups.length} group${metric.groups.length === 1 ? "" : "s"}` : formatValue(metric.value, metric.unit);
  return (
    <article class={`tile tile-${metric.status}`} data-metric={metric.id} data-status={metric.status} aria-labelledby={`t-${metric.id}`}>
      <header class="tile-head">
        <h3 id={`t-${metric.id}`}>
          <a href={metricHref(metric.id)}>{metric.title}</a>
        </h3>
        <StatusBadge status={metric.status} reason={metric.reason} />
      </header>
      <p class="tile-value" data-value>
        {value}
      </p>
      {unavailable !== undefined && (
        <p class="tile-reason">
          <StatusReason text={unavailable} />
        </p>
      )}
      <p class="tile-target">{metric.target ? `target ${metric.target.green}` : metric.groups.some((g) => g.target) ? 'targets per group' : 'no target'} · {metric.window} window</p>
      {done !== undefined && <ProgressBar fraction={done} status={metric.status} label={`${metric.title}: ${Math.round(done * 100)}% of the way to the target`} />}
      <div class="tile-trend">
        {overview && metric.kind !== 'share' && <Sparkline points={overview.spark.points} status={metric.status} note={sparkNote(overview.spark.step_ms, metric.window)} />}
        {moved && (
          <span class={`change ${moved.better === undefined ? '' : moved.better ? 'change-better' : 'change-worse'}`}>
            <span aria-hidden="true">{moved.direction === 'up' ? '▲' : moved.direction === 'down' ? '▼' : '▬'}</span> {moved.text} vs previous {metric.window}
            {moved.better !== undefined && <span class="sr-only">{moved.better ? ' (better)' : ' (worse)'}</span>}
          </span>
        )}
      </div>
      {metric.groups.length > 0 && (
        <details class="groups" open={metric.kind === 'share' || metric.groups.some((g) => g.status === 'red')}>
          <summary>{metric.groups.length} group{metric.groups.length === 1 ? "" : "s"}</summary>
          <ul>
            {metric.groups.map((g) => (
              <GroupRow key={groupLabel(g.group)} group={g} unit={metric.unit} />
            ))}
          </ul>
        </details>
      )}
    </article>
  );
}
