// A key's requests over the last 30 days as small stacked bars: successful requests below,
// refused ones (expired, revoked, wrong scope…) on top in red. People read the shape faster than
// a table; the numbers are in the label and in each bar's tooltip.
import type { DailyUsage } from "@/lib/keys/key-usage";

const WIDTH = 120;
const HEIGHT = 28;

export function usageSummary(days: DailyUsage[]): string {
  const ok = days.reduce((n, d) => n + d.ok, 0);
  const rejected = days.reduce((n, d) => n + d.rejected, 0);
  if (ok + rejected === 0) return `No requests in the last ${days.length} days`;
  const busiest = days.reduce((a, b) => (b.ok + b.rejected > a.ok + a.rejected ? b : a));
  return (
    `Last ${days.length} days: ${ok.toLocaleString("en-US")} successful, ${rejected.toLocaleString("en-US")} refused; ` +
    `busiest ${busiest.day} with ${(busiest.ok + busiest.rejected).toLocaleString("en-US")}`
  );
}

export function UsageChart({ days }: { days: DailyUsage[] }) {
  const max = Math.max(1, ...days.map((d) => d.ok + d.rejected));
  const slot = WIDTH / Math.max(1, days.length);
  const bar = Math.max(1, slot - 1);
  const label = usageSummary(days);
  return (
    <svg width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label} className="block">
      <title>{label}</title>
      <line x1={0} y1={HEIGHT - 0.5} x2={WIDTH} y2={HEIGHT - 0.5} className="stroke-line" strokeWidth={1} />
      {days.map((d, i) => {
        const okHeight = (d.ok / max) * (HEIGHT - 2);
        const rejectedHeight = (d.rejected / max) * (HEIGHT - 2);
        const x = i * slot;
        return (
          <g key={d.day}>
            <title>{`${d.day}: ${d.ok} successful, ${d.rejected} refused`}</title>
            {d.ok > 0 ? (
              <rect x={x} y={HEIGHT - 1 - okHeight} width={bar} height={Math.max(1, okHeight)} className="fill-brand-500" />
            ) : null}
            {d.rejected > 0 ? (
              <rect
                x={x}
                y={HEIGHT - 1 - okHeight - rejectedHeight}
                width={bar}
                height={Math.max(1, rejectedHeight)}
                className="fill-danger-600"
              />
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
