import { useId } from 'react';
import { formatShortDate } from '../text/format.ts';

export interface ChartPoint {
  /** Milliseconds since the epoch. */
  readonly x: number;
  readonly y: number;
  /** What a screen reader and the tooltip say about the point. */
  readonly label: string;
  /** Marked as needing action (NEWS2 escalation): drawn red with a "!" marker, not by colour alone. */
  readonly alert?: boolean;
}

export interface ChartBand {
  readonly from: number;
  readonly to: number;
  readonly kind: 'escalate' | 'watch';
  readonly label: string;
}

const WIDTH = 640;
const HEIGHT = 240;
const PAD = { left: 44, right: 16, top: 20, bottom: 32 };

function ticks(min: number, max: number, count: number): number[] {
  const span = max - min || 1;
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + 1e-9; v += step) out.push(Number(v.toFixed(6)));
  return out;
}

/**
 * A line chart drawn as plain SVG (no chart library): a title and description for screen readers, bands for
 * thresholds, and alert points marked with a symbol as well as colour. Callers always give a table with the
 * same numbers next to it.
 */
export function LineChart({
  title,
  description,
  points,
  yMin,
  yMax,
  bands = [],
  unit = '',
}: {
  title: string;
  description: string;
  points: readonly ChartPoint[];
  yMin: number;
  yMax: number;
  bands?: readonly ChartBand[];
  unit?: string;
}) {
  const id = useId();
  const sorted = [...points].sort((a, b) => a.x - b.x);
  const first = sorted[0]?.x ?? Date.now();
  const last = sorted[sorted.length - 1]?.x ?? first;
  const xSpan = last - first || 86_400_000;
  const x0 = first - (last === first ? xSpan / 2 : 0);
  const lo = Math.min(yMin, ...sorted.map((p) => p.y));
  const hi = Math.max(yMax, ...sorted.map((p) => p.y));
  const sx = (x: number) => PAD.left + ((x - x0) / xSpan) * (WIDTH - PAD.left - PAD.right);
  const sy = (y: number) =>
    HEIGHT - PAD.bottom - ((y - lo) / (hi - lo || 1)) * (HEIGHT - PAD.top - PAD.bottom);
  const yTicks = ticks(lo, hi, 5);
  const xTicks =
    sorted.length <= 1
      ? sorted.map((p) => p.x)
      : Array.from({ length: 5 }, (_, i) => first + (i * (last - first)) / 4);
  const path = sorted
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`)
    .join(' ');
  return (
    <svg
      className="chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-labelledby={`${id}-t ${id}-d`}
      data-testid="chart"
    >
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{description}</desc>
      {bands.map((b) => (
        <g key={`${b.kind}-${b.from}`}>
          <rect
            className={`chart__band--${b.kind}`}
            x={PAD.left}
            width={WIDTH - PAD.left - PAD.right}
            y={sy(Math.min(b.to, hi))}
            height={Math.max(0, sy(Math.max(b.from, lo)) - sy(Math.min(b.to, hi)))}
          />
          <text x={WIDTH - PAD.right - 4} y={sy(Math.min(b.to, hi)) + 14} textAnchor="end">
            {b.label}
          </text>
        </g>
      ))}
      {yTicks.map((t) => (
        <g key={`y${t}`}>
          <line className="chart__grid" x1={PAD.left} x2={WIDTH - PAD.right} y1={sy(t)} y2={sy(t)} />
          <text x={PAD.left - 6} y={sy(t) + 4} textAnchor="end">
            {t.toLocaleString('nb-NO')}
            {unit && t === yTicks[yTicks.length - 1] ? ` ${unit}` : ''}
          </text>
        </g>
      ))}
      <line className="chart__axis" x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={HEIGHT - PAD.bottom} />
      <line
        className="chart__axis"
        x1={PAD.left}
        x2={WIDTH - PAD.right}
        y1={HEIGHT - PAD.bottom}
        y2={HEIGHT - PAD.bottom}
      />
      {xTicks.map((t, i) => (
        <text
          key={`x${t}`}
          x={sx(t)}
          y={HEIGHT - PAD.bottom + 18}
          textAnchor={
            xTicks.length > 1 && i === 0
              ? 'start'
              : xTicks.length > 1 && i === xTicks.length - 1
                ? 'end'
                : 'middle'
          }
        >
          {formatShortDate(new Date(t))}
        </text>
      ))}
      {sorted.length > 1 ? <path className="chart__line" d={path} /> : null}
      {sorted.map((p) => (
        <g key={`${p.x}-${p.y}`}>
          <circle
            className={p.alert ? 'chart__point--escalation' : 'chart__point'}
            cx={sx(p.x)}
            cy={sy(p.y)}
            r={p.alert ? 7 : 4}
          >
            <title>{p.label}</title>
          </circle>
          {p.alert ? (
            <text x={sx(p.x)} y={sy(p.y) - 11} textAnchor="middle" fontWeight="700" aria-hidden="true">
              !
            </text>
          ) : null}
        </g>
      ))}
    </svg>
  );
}
