/**
 * A time-series chart (uPlot, loaded when the first chart is shown): one line
 * per series, the green target as a shaded band, releases as dashed lines.
 * The same facts are written below it for people who do not see the chart.
 */
import { useEffect, useRef } from 'preact/hooks';
import type uPlot from 'uplot';
import type { Point } from '../data/metrics.js';
import { formatValue } from '../lib/format.js';
import type { Marker } from '../lib/releases.js';
import { band, type Bound } from '../lib/target.js';

export interface Line {
  readonly label: string;
  readonly points: readonly Point[];
}

const COLOURS = ['#2563eb', '#d97706', '#7c3aed', '#059669', '#db2777', '#0891b2', '#65a30d', '#9f1239'];

/** The lines on one time axis (uPlot wants aligned columns). */
export function aligned(lines: readonly Line[]): uPlot.AlignedData {
  const times = [...new Set(lines.flatMap((l) => l.points.map((p) => p.t)))].sort((a, b) => a - b);
  const columns = lines.map((l) => {
    const byTime = new Map(l.points.map((p) => [p.t, p.value]));
    return times.map((t) => byTime.get(t) ?? null);
  });
  return [times.map((t) => t / 1000), ...columns];
}

/** The top of the target, so the band shows even when the data stays below it. */
function targetTop(bound: Bound): number {
  if (bound.kind === 'range') return bound.high;
  return bound.kind === 'above' ? bound.value * 1.05 : bound.value;
}

function drawings(bound: Bound | undefined, markers: readonly Marker[]): uPlot.Plugin {
  return {
    hooks: {
      drawClear: (u: uPlot) => {
        if (!bound) return;
        const max = u.scales.y?.max ?? 1;
        const { low, high } = band(bound, max);
        const top = u.valToPos(Math.min(high, max), 'y', true);
        const bottom = u.valToPos(Math.max(low, u.scales.y?.min ?? 0), 'y', true);
        u.ctx.save();
        u.ctx.fillStyle = 'rgba(22, 163, 74, 0.12)';
        u.ctx.fillRect(u.bbox.left, top, u.bbox.width, bottom - top);
        u.ctx.restore();
      },
      draw: (u: uPlot) => {
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
      },
    },
  };
}

export function Chart({ title, lines, unit, bound, markers = [] }: { title: string; lines: readonly Line[]; unit: string; bound?: Bound; markers?: readonly Marker[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let chart: uPlot | undefined;
    let gone = false;
    void Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([{ default: UPlot }]) => {
      const element = box.current;
      if (gone || !element) return;
      const width = Math.max(200, element.clientWidth);
      chart = new UPlot(
        {
          width,
          height: 240,
          series: [{}, ...lines.map((l, i) => ({ label: l.label, stroke: COLOURS[i % COLOURS.length] ?? '#2563eb', width: 2, spanGaps: false, value: (_u: uPlot, v: number | null) => formatValue(v, unit) }))],
          axes: [{}, { values: (_u: uPlot, ticks: number[]) => ticks.map((t) => formatValue(t, unit)), size: 70 }],
          scales: { y: { range: (_u: uPlot, min: number, max: number) => [Math.min(0, min), Math.max(max, bound ? targetTop(bound) : max) || 1] } },
          plugins: [drawings(bound, markers)],
        },
        aligned(lines),
        element,
      );
    });
    return () => {
      gone = true;
      chart?.destroy();
    };
  }, [lines, unit, bound, markers]);
  const empty = lines.every((l) => l.points.every((p) => p.value === null));
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      {empty ? <p class="note">No data in this range.</p> : <div ref={box} class="chart-box" role="img" aria-label={`${title}: chart of ${lines.map((l) => l.label).join(', ')}`} />}
      {markers.length > 0 && (
        <p class="markers">
          Releases: {markers.map((m, i) => <span key={m.label}>{i ? ', ' : ''}{m.label} ({new Date(m.t).toLocaleString()})</span>)}
        </p>
      )}
    </figure>
  );
}
