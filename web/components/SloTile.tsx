/** One SLO on the overview: budget remaining, status, objective and window, firing alerts; it links to the SLO's page. */
import type { SloJson } from '../data/slos.js';
import { formatValue } from '../lib/format.js';
import { sloHref } from '../lib/route.js';
import { SloBadge } from './SloBadge.js';

export function SloTile({ slo }: { slo: SloJson }) {
  const firing = slo.alerts.filter((a) => a.firing);
  return (
    <article class={`tile tile-${slo.status}`} data-slo={slo.id} data-status={slo.status} aria-labelledby={`st-${slo.id}`}>
      <header class="tile-head">
        <h3 id={`st-${slo.id}`}>
          <a href={sloHref(slo.id)}>{slo.title}</a>
        </h3>
        <SloBadge status={slo.status} />
      </header>
      <p class="tile-value" data-remaining>
        {formatValue(slo.error_budget.remaining, 'percent')}
      </p>
      <p class="tile-target">
        budget remaining · objective {formatValue(slo.objective, 'percent')} over {slo.window} · SLI {formatValue(slo.sli, 'percent')}
      </p>
      {firing.length > 0 && (
        <p class="tile-reason count-hot" data-firing>
          firing: {firing.map((a) => a.name).join(', ')}
        </p>
      )}
    </article>
  );
}
