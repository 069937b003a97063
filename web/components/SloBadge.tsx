/** An SLO's budget status by colour, symbol and word together. */
import { budgetWord } from '../lib/slo.js';
import type { Status } from '../lib/format.js';

const ICONS: Readonly<Record<Status, string>> = { green: '✓', yellow: '!', red: '✕', unknown: '?' };

export function SloBadge({ status }: { status: Status }) {
  return (
    <span class={`status status-${status}`} data-status={status}>
      <span aria-hidden="true" class="status-icon">
        {ICONS[status]}
      </span>{' '}
      {budgetWord(status)}
    </span>
  );
}
