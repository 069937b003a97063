/** A status by colour, symbol and word together, and its reason; a progress bar; a sparkline. */
import { statusLabel, type Status } from '../lib/format.js';
import type { Point } from '../data/metrics.js';

export function StatusBadge({ status, reason }: { status: Status; reason?: string }) {
  const { word, icon } = statusLabel(status, reason);
  return (
    <span class={`status status-${status}`} data-status={status}>
      <span aria-hidden="true" class="status-icon">
        {icon}
      </span>{' '}
      {word}
    </span>
  );
}

export function ProgressBar({ fraction, status, label }: { fraction: number; status: Status; label: string }) {
  const percent = Math.round(fraction * 100);
  return (
    <div class="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
      <div class={`progress-fill fill-${status}`} style={{ width: `${percent}%` }} />
    </div>
  );
}

/** A status's reason in words, beside its badge, when the API gives one (a metric whose source is off). */
export function StatusReason({ text }: { text: string | undefined }) {
  return text === undefined ? null : (
    <span class="status-reason" data-unavailable>
      {text}
    </span>
  );
}

/** The trend of per-bucket values; `note` says what a point is ("per 3 h, not the 7d value"), visibly and as its tooltip. */
export function Sparkline({ points, status, note }: { points: readonly Point[]; status: Status; note?: string }) {
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  if (values.length < 2) return <div class="spark spark-empty">no trend yet</div>;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const width = 120;
  const height = 28;
  const step = width / Math.max(1, points.length - 1);
  const path = points
    .map((p, i) => (p.value === null ? undefined : `${(i * step).toFixed(1)},${(height - 2 - ((p.value - min) / span) * (height - 4)).toFixed(1)}`))
    .filter((p): p is string => p !== undefined)
    .join(' ');
  return (
    <span class="spark-box" title={note}>
      <svg class={`spark stroke-${status}`} viewBox={`0 0 ${width} ${height}`} width={width} height={height} aria-hidden="true" focusable="false">
        <polyline points={path} fill="none" stroke-width="1.5" />
      </svg>
      {note && (
        <span class="spark-note" data-spark-note>
          <span class="sr-only">Trend </span>
          {note}
        </span>
      )}
    </span>
  );
}
