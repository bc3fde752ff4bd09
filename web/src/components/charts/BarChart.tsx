import { compact, niceMax } from './scale';

export interface Bar {
  key: string;
  label: string;
  value: number;
}

interface Props {
  title: string;
  bars: Bar[];
  /** How a value reads in the bar's tooltip and the table for screen readers. */
  format: (value: number) => string;
  height?: number;
}

const WIDTH = 640;
const PAD = { top: 12, right: 8, bottom: 24, left: 44 };

/** Vertical bars in SVG; a visually hidden table carries the same numbers. */
export function BarChart({ title, bars, format, height = 200 }: Props) {
  const max = niceMax(Math.max(0, ...bars.map((b) => b.value)));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const slot = bars.length ? plotW / bars.length : plotW;
  const labelEvery = Math.max(1, Math.ceil(bars.length / 8));
  return (
    <figure className="chart-figure">
      <svg className="chart" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={title}>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line className="axis" x1={PAD.left} x2={WIDTH - PAD.right} y1={PAD.top + plotH * (1 - f)} y2={PAD.top + plotH * (1 - f)} />
            <text x={PAD.left - 6} y={PAD.top + plotH * (1 - f) + 4} textAnchor="end">{compact(max * f)}</text>
          </g>
        ))}
        {bars.map((bar, i) => {
          const h = (bar.value / max) * plotH;
          const x = PAD.left + i * slot + slot * 0.15;
          return (
            <g key={bar.key}>
              <rect className="bar" x={x} y={PAD.top + plotH - h} width={Math.max(1, slot * 0.7)} height={Math.max(0, h)} rx={2}>
                <title>{`${bar.label}: ${format(bar.value)}`}</title>
              </rect>
              {i % labelEvery === 0 && (
                <text x={x + slot * 0.35} y={height - 6} textAnchor="middle">{bar.label}</text>
              )}
            </g>
          );
        })}
      </svg>
      <div className="visually-hidden">
        <table>
          <caption>{title}</caption>
          <tbody>
            {bars.map((bar) => (
              <tr key={bar.key}><th scope="row">{bar.label}</th><td>{format(bar.value)}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
