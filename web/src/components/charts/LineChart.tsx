import { compact, niceMax } from './scale';

export interface Point {
  key: string;
  label: string;
  value: number;
}

interface Props {
  title: string;
  points: Point[];
  format: (value: number) => string;
  height?: number;
}

const WIDTH = 640;
const PAD = { top: 12, right: 8, bottom: 24, left: 44 };

export function LineChart({ title, points, format, height = 200 }: Props) {
  const max = niceMax(Math.max(0, ...points.map((p) => p.value)));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const step = points.length > 1 ? plotW / (points.length - 1) : 0;
  const xy = points.map((p, i) => [PAD.left + i * step, PAD.top + plotH - (p.value / max) * plotH] as const);
  const path = xy.map(([x, y], i) => `${i ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
  const area = xy.length ? `${path} L${xy[xy.length - 1]?.[0] ?? 0},${PAD.top + plotH} L${PAD.left},${PAD.top + plotH} Z` : '';
  const labelEvery = Math.max(1, Math.ceil(points.length / 6));
  return (
    <figure className="chart-figure">
      <svg className="chart" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={title}>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line className="axis" x1={PAD.left} x2={WIDTH - PAD.right} y1={PAD.top + plotH * (1 - f)} y2={PAD.top + plotH * (1 - f)} />
            <text x={PAD.left - 6} y={PAD.top + plotH * (1 - f) + 4} textAnchor="end">{compact(max * f)}</text>
          </g>
        ))}
        {area && <path className="area" d={area} />}
        {path && <path className="line" d={path} />}
        {points.map((p, i) =>
          i % labelEvery === 0 ? (
            <text key={p.key} x={xy[i]?.[0]} y={height - 6} textAnchor="middle">{p.label}</text>
          ) : null,
        )}
        {xy.map(([x, y], i) => (
          <circle key={points[i]?.key} cx={x} cy={y} r={2} className="line">
            <title>{`${points[i]?.label}: ${format(points[i]?.value ?? 0)}`}</title>
          </circle>
        ))}
      </svg>
      <div className="visually-hidden">
        <table>
          <caption>{title}</caption>
          <tbody>
            {points.map((p) => (
              <tr key={p.key}><th scope="row">{p.label}</th><td>{format(p.value)}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
