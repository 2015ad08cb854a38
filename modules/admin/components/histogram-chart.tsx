import type { AdminDictionary } from '../admin-dictionary';
import type { OffsetBucket } from '../execution-stats';
import { axisTicks } from './axis-ticks';

export function bucketLabel(bucket: OffsetBucket): string {
  if (bucket.fromMs === null) return '< 0 ms';
  if (bucket.toMs === null) return bucket.fromMs >= 1000 ? `≥ ${bucket.fromMs / 1000} s` : `≥ ${bucket.fromMs} ms`;
  return `${bucket.fromMs}–${bucket.toMs} ms`;
}

const WIDTH = 640;
const HEIGHT = 240;
const PADDING = { top: 24, right: 8, bottom: 44, left: 36 };

/** Fire-offset histogram as inline SVG (no chart library), with the numbers as a table for screen readers. */
export function HistogramChart({
  buckets,
  summary,
  t,
  title = t.admin.histogram,
  id = 'histogram',
}: {
  buckets: OffsetBucket[];
  summary: string;
  t: AdminDictionary;
  /** Several charts on one page need their own title and element ids. */
  title?: string;
  id?: string;
}) {
  const ticks = axisTicks(Math.max(0, ...buckets.map((bucket) => bucket.count)));
  const max = ticks.at(-1) ?? 1;
  const plotWidth = WIDTH - PADDING.left - PADDING.right;
  const plotHeight = HEIGHT - PADDING.top - PADDING.bottom;
  const slot = plotWidth / buckets.length;
  const barWidth = Math.max(4, slot * 0.7);
  return (
    <figure className="histogram" data-histogram={id}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} preserveAspectRatio="xMidYMid meet">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        {ticks.map((tick) => {
          const y = PADDING.top + plotHeight - (tick / max) * plotHeight;
          return (
            <g key={tick} className="histogram__grid">
              <line x1={PADDING.left} x2={WIDTH - PADDING.right} y1={y} y2={y} />
              <text x={PADDING.left - 6} y={y + 4} textAnchor="end">
                {tick}
              </text>
            </g>
          );
        })}
        {buckets.map((bucket, index) => {
          const height = (bucket.count / max) * plotHeight;
          const x = PADDING.left + index * slot + (slot - barWidth) / 2;
          const y = PADDING.top + plotHeight - height;
          const label = bucketLabel(bucket);
          return (
            <g key={label} className={bucket.fromMs === null || (bucket.fromMs ?? 0) >= 250 ? 'histogram__bar histogram__bar--late' : 'histogram__bar'}>
              <rect x={x} y={y} width={barWidth} height={Math.max(height, bucket.count > 0 ? 1 : 0)} rx={2}>
                <title>{`${label}: ${bucket.count}`}</title>
              </rect>
              {bucket.count > 0 ? (
                <text x={x + barWidth / 2} y={y - 6} textAnchor="middle" className="histogram__count">
                  {bucket.count}
                </text>
              ) : null}
              <text x={x + barWidth / 2} y={HEIGHT - PADDING.bottom + 16} textAnchor="middle" className="histogram__label">
                {label.replace(' ms', '')}
              </text>
            </g>
          );
        })}
        <text x={PADDING.left + plotWidth / 2} y={HEIGHT - 6} textAnchor="middle" className="histogram__axis">
          ms
        </text>
      </svg>
      <table className="sr-only">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t.admin.bucket}</th>
            <th scope="col">{t.admin.count}</th>
          </tr>
        </thead>
        <tbody>
          {buckets.map((bucket) => (
            <tr key={bucketLabel(bucket)}>
              <td>{bucketLabel(bucket)}</td>
              <td>{bucket.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
