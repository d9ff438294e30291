import { useId } from 'react';
import { formatCount, formatDay } from '../ui/format';
import type { DayCount } from './usage-data';

const WIDTH = 300;
const HEIGHT = 90;
const GAP = 2;

/** Emails per day as bars, plain SVG; the summary is the accessible name, each bar has a title. */
export function UsageChart({ series, limit }: { series: readonly DayCount[]; limit: number }) {
  const titleId = useId();
  const max = Math.max(1, ...series.map((d) => d.sent));
  const scale = Math.max(max, Math.min(limit, max * 1.2));
  const bar = WIDTH / Math.max(1, series.length);
  const total = series.reduce((a, d) => a + d.sent, 0);
  const peak = series.reduce<DayCount | null>((a, d) => (a && a.sent >= d.sent ? a : d), null);
  const first = series[0];
  const last = series.at(-1);
  const summary =
    total === 0
      ? `No emails sent in the last ${series.length} days.`
      : `${formatCount(total)} emails in the last ${series.length} days; the busiest day was ${peak ? `${formatDay(peak.day)} with ${formatCount(peak.sent)}` : 'none'}.`;

  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={titleId}
        preserveAspectRatio="none"
        className="chart-svg"
      >
        <title id={titleId}>{summary}</title>
        <line x1="0" x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} className="chart-axis" />
        {series.map((d, i) => {
          const h = d.sent === 0 ? 0 : Math.max(1.5, (d.sent / scale) * (HEIGHT - 4));
          return (
            <rect
              key={d.day}
              x={i * bar + GAP / 2}
              y={HEIGHT - h}
              width={Math.max(1, bar - GAP)}
              height={h}
              className={i === series.length - 1 ? 'chart-bar chart-bar-today' : 'chart-bar'}
            >
              <title>{`${formatDay(d.day)}: ${formatCount(d.sent)}`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="chart-caption muted small">
        <span>{first ? formatDay(first.day) : ''}</span>
        <span>{summary}</span>
        <span>{last ? formatDay(last.day) : ''}</span>
      </figcaption>
    </figure>
  );
}
