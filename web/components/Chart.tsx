/**
 * A time-series chart (uPlot, loaded when the first chart is shown): one line
 * per series with a dot on every point (so a single point, and points between
 * gaps, show), the targets that apply to the lines (one shaded band when they
 * share it, else each line's threshold dashed in its colour), releases as
 * dashed lines, guides (such as an alert's burn-rate factor) as dotted lines
 * across the plot, and a legend of what is drawn. The same facts are written
 * below it for people who do not see the chart.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import { formatValue } from '../lib/format.js';
import { targetDrawing, type ChartLine } from '../lib/chart-lines.js';
import type { Marker } from '../lib/releases.js';
import { valueRange } from '../lib/scale.js';
import type { Guide } from '../lib/slo.js';
import { band, type Bound } from '../lib/target.js';
import { tickLabels } from '../lib/ticks.js';

export type Line = ChartLine;

const COLOURS = ['#2563eb', '#d97706', '#7c3aed', '#059669', '#db2777', '#0891b2', '#65a30d', '#9f1239'];
const colour = (i: number): string => COLOURS[i % COLOURS.length] ?? '#2563eb';

/** The lines on one time axis (uPlot wants aligned columns). */
export function aligned(lines: readonly Line[]): uPlot.AlignedData {
  const times = [...new Set(lines.flatMap((l) => l.points.map((p) => p.t)))].sort((a, b) => a - b);
  const columns = lines.map((l) => {
    const byTime = new Map(l.points.map((p) => [p.t, p.value]));
    return times.map((t) => byTime.get(t) ?? null);
  });
  return [times.map((t) => t / 1000), ...columns];
}

/** The top of a target, so it shows even when the data stays below it. */
function targetTop(bound: Bound): number {
  if (bound.kind === 'range') return bound.high;
  return bound.kind === 'above' ? bound.value * 1.05 : bound.value;
}

/** The values a bound's edges sit at. */
const edges = (bound: Bound): number[] => (bound.kind === 'range' ? [bound.low, bound.high] : [bound.value]);

function drawTargets(u: uPlot, lines: readonly Line[]): void {
  const drawing = targetDrawing(lines);
  const max = u.scales.y?.max ?? 1;
  const min = u.scales.y?.min ?? 0;
  u.ctx.save();
  if (drawing.kind === 'band') {
    const { low, high } = band(drawing.bound, max);
    const top = u.valToPos(Math.min(high, max), 'y', true);
    const bottom = u.valToPos(Math.max(low, min), 'y', true);
    u.ctx.fillStyle = 'rgba(22, 163, 74, 0.12)';
    u.ctx.fillRect(u.bbox.left, top, u.bbox.width, bottom - top);
  } else if (drawing.kind === 'per_line') {
    u.ctx.setLineDash([6, 4]);
    u.ctx.lineWidth = 1.5 * devicePixelRatio;
    lines.forEach((line, i) => {
      if (!line.bound) return;
      u.ctx.strokeStyle = colour(i);
      for (const value of edges(line.bound)) {
        const y = u.valToPos(value, 'y', true);
        u.ctx.beginPath();
        u.ctx.moveTo(u.bbox.left, y);
        u.ctx.lineTo(u.bbox.left + u.bbox.width, y);
        u.ctx.stroke();
      }
    });
  }
  u.ctx.restore();
}

const GUIDE_COLOUR = '#b91c1c';

function drawGuides(u: uPlot, guides: readonly Guide[]): void {
  u.ctx.save();
  u.ctx.strokeStyle = GUIDE_COLOUR;
  u.ctx.setLineDash([2, 3]);
  u.ctx.lineWidth = 1.5 * devicePixelRatio;
  for (const guide of guides) {
    const y = u.valToPos(guide.value, 'y', true);
    u.ctx.beginPath();
    u.ctx.moveTo(u.bbox.left, y);
    u.ctx.lineTo(u.bbox.left + u.bbox.width, y);
    u.ctx.stroke();
  }
  u.ctx.restore();
  u.root.dataset.guides = guides.map((g) => g.value).join('|');
}

function drawings(lines: readonly Line[], markers: readonly Marker[], guides: readonly Guide[]): uPlot.Plugin {
  return {
    hooks: {
      drawClear: (u: uPlot) => drawTargets(u, lines),
      draw: (u: uPlot) => {
        drawGuides(u, guides);
        u.ctx.save();
        u.ctx.strokeStyle = '#475569';
        u.ctx.fillStyle = '#334155';
        u.ctx.setLineDash([4, 4]);
        u.ctx.font = `${12 * devicePixelRatio}px system-ui, sans-serif`;
        const drawn: string[] = [];
        for (const marker of markers) {
          const x = u.valToPos(marker.t / 1000, 'x', true);
          if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
          drawn.push(marker.label);
          u.ctx.beginPath();
          u.ctx.moveTo(x, u.bbox.top);
          u.ctx.lineTo(x, u.bbox.top + u.bbox.height);
          u.ctx.stroke();
          u.ctx.fillText(marker.label, x + 4, u.bbox.top + 14 * devicePixelRatio);
        }
        u.ctx.restore();
        // What the canvas shows, for tests and tools that cannot read pixels.
        u.root.dataset.markers = drawn.join(' ');
        u.root.dataset.points = String(lines.reduce((n, l) => n + l.points.filter((p) => p.value !== null).length, 0));
        u.root.dataset.targets = targetDrawing(lines).kind;
      },
    },
  };
}

/** The values under the cursor, as text: nothing when the cursor is off the chart. */
function readout(u: uPlot, lines: readonly Line[], unit: string): string {
  const i = u.cursor.idx;
  if (i === null || i === undefined) return '';
  const t = u.data[0]?.[i];
  if (t === undefined || t === null) return '';
  const values = lines.map((l, s) => ({ label: l.label, value: u.data[s + 1]?.[i] ?? null })).filter((v) => v.value !== null);
  return `${new Date(t * 1000).toLocaleString()}: ${values.map((v) => `${v.label} ${formatValue(v.value, unit)}`).join(' · ') || 'no value'}`;
}

export interface ChartProps {
  readonly title: string;
  readonly lines: readonly Line[];
  readonly unit: string;
  /** The time range shown, epoch ms: the axis spans it even for a single point. */
  readonly range: { readonly from: number; readonly to: number };
  readonly markers?: readonly Marker[];
  /** What the values are, in words (e.g. the window ending at each point). */
  readonly note?: string;
  /** Dotted lines across the plot at these values (an alert's burn-rate factors). */
  readonly guides?: readonly Guide[];
}

// Defaults that keep their identity across renders: a fresh `[]` would re-create the chart on every render (each hover readout).
const NO_GUIDES: readonly Guide[] = [];
const NO_MARKERS: readonly Marker[] = [];

export function Chart({ title, lines, unit, range, markers = NO_MARKERS, note, guides = NO_GUIDES }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState('');
  useEffect(() => {
    let chart: uPlot | undefined;
    let gone = false;
    void Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([{ default: UPlot }]) => {
      const element = box.current;
      if (gone || !element) return;
      const width = Math.max(200, element.clientWidth);
      const tops = [...lines.flatMap((l) => (l.bound ? [targetTop(l.bound)] : [])), ...guides.map((g) => g.value * 1.05)];
      chart = new UPlot(
        {
          width,
          height: 240,
          legend: { show: false },
          series: [{}, ...lines.map((l, i) => ({ label: l.label, stroke: colour(i), width: 2, spanGaps: false, points: { show: true, size: 5, fill: colour(i) } }))],
          axes: [{}, { values: (u: uPlot, ticks: number[]) => ((u.root.dataset.yTicks = tickLabels(ticks, unit).join('|')), tickLabels(ticks, unit)), size: 76 }],
          scales: {
            x: { time: true, range: () => [range.from / 1000, range.to / 1000] },
            y: { range: (_u: uPlot, min: number | null, max: number | null) => valueRange(min, max, tops) },
          },
          hooks: { setCursor: [(u: uPlot) => setHover(readout(u, lines, unit))] },
          plugins: [drawings(lines, markers, guides)],
        },
        aligned(lines),
        element,
      );
    });
    return () => {
      gone = true;
      chart?.destroy();
    };
  }, [lines, unit, range.from, range.to, markers, guides]);
  const empty = lines.every((l) => l.points.every((p) => p.value === null));
  const drawing = targetDrawing(lines);
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      {note && <p class="chart-note">{note}</p>}
      {empty ? (
        <p class="note">No data in this range.</p>
      ) : (
        <>
          <div ref={box} class="chart-box" role="img" aria-label={`${title}: chart of ${lines.map((l) => l.label).join(', ')}`} />
          <ul class="legend" aria-label="Legend">
            {lines.map((l, i) => (
              <li key={l.label}>
                <span class="legend-swatch" style={{ background: colour(i) }} aria-hidden="true" />
                {l.label}
                {drawing.kind === 'per_line' && l.target !== undefined && <span class="muted"> (target {l.target}, dashed)</span>}
              </li>
            ))}
            {guides.map((g) => (
              <li key={g.label} data-guide={g.value}>
                <span class="legend-swatch legend-guide" aria-hidden="true" />
                {g.label}
              </li>
            ))}
            {drawing.kind === 'band' && (
              <li>
                <span class="legend-swatch legend-target" aria-hidden="true" />
                target {drawing.target}
              </li>
            )}
          </ul>
          <p class="chart-note chart-readout">{hover}</p>
        </>
      )}
      {markers.length > 0 && (
        <p class="markers">
          Releases: {markers.map((m, i) => <span key={m.label}>{i ? ', ' : ''}{m.label} ({new Date(m.t).toLocaleString()})</span>)}
        </p>
      )}
    </figure>
  );
}
