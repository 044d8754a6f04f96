// A key's requests over the last 30 days, for its own page: stacked daily bars by outcome with a
// counted y axis and dated x axis, the totals as the legend, and the same numbers as a table for
// anyone who does not read charts (or cannot see them).
import type { DailyOutcomes, UsageGroup } from "@/lib/keys/key-usage";

const GROUPS: { group: UsageGroup; label: string; fill: string; swatch: string }[] = [
  { group: "ok", label: "Successful", fill: "fill-brand-500", swatch: "bg-brand-500" },
  { group: "scope", label: "Refused: API set not granted", fill: "fill-warning-600", swatch: "bg-warning-600" },
  { group: "refused", label: "Refused: key not valid", fill: "fill-danger-600", swatch: "bg-danger-600" },
];

const W = 720;
const H = 220;
const LEFT = 44;
const RIGHT = 8;
const TOP = 10;
const BOTTOM = 26;

/** A round axis maximum at or above `n` (1, 2, 5 × 10^k), so the ticks read as plain numbers. */
export function niceMax(n: number): number {
  if (n <= 4) return 4;
  const power = 10 ** Math.floor(Math.log10(n));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= n) return step * power;
  }
  return 10 * power;
}

/** Whole-number ticks from 0 to `max`: quarters, fifths or halves, whichever divide it evenly. */
export function axisTicks(max: number): number[] {
  const parts = [4, 5, 2].find((d) => Number.isInteger(max / d)) ?? 1;
  return Array.from({ length: parts + 1 }, (_, i) => (max / parts) * i);
}

const fmt = (n: number) => n.toLocaleString("en-US");

export function UsageDetailChart({ days, totals }: { days: DailyOutcomes[]; totals: Record<UsageGroup, number> }) {
  const dayTotal = (d: DailyOutcomes) => d.ok + d.scope + d.refused;
  const peak = Math.max(0, ...days.map(dayTotal));
  const max = niceMax(peak);
  const plotW = W - LEFT - RIGHT;
  const plotH = H - TOP - BOTTOM;
  const slot = plotW / Math.max(1, days.length);
  const bar = Math.max(2, slot * 0.7);
  const y = (v: number) => TOP + plotH - (v / max) * plotH;
  const ticks = axisTicks(max);
  const all = totals.ok + totals.scope + totals.refused;
  const first = days[0]?.day ?? "";
  const last = days.at(-1)?.day ?? "";
  const summary =
    all === 0
      ? `No requests between ${first} and ${last}.`
      : `${fmt(all)} requests between ${first} and ${last}: ${fmt(totals.ok)} successful, ${fmt(totals.scope)} refused for a missing API set, ${fmt(totals.refused)} refused because the key was not valid. Busiest day: ${fmt(peak)} requests.`;

  return (
    <figure className="space-y-3">
      <ul className="flex flex-wrap gap-x-5 gap-y-1 text-sm">
        {GROUPS.map((g) => (
          <li key={g.group} className="flex items-center gap-2">
            <span aria-hidden="true" className={`inline-block h-3 w-3 rounded-sm ${g.swatch}`} />
            {g.label}: <strong className="tabular-nums">{fmt(totals[g.group])}</strong>
          </li>
        ))}
      </ul>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary} className="h-auto w-full" data-usage-detail-chart>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={LEFT} x2={W - RIGHT} y1={y(t)} y2={y(t)} className="stroke-line-soft" strokeWidth={1} />
            <text x={LEFT - 6} y={y(t) + 4} textAnchor="end" className="fill-ink-muted text-[11px]">
              {fmt(t)}
            </text>
          </g>
        ))}
        {days.map((d, i) => {
          const x = LEFT + i * slot + (slot - bar) / 2;
          let base = 0;
          return (
            <g key={d.day}>
              <title>{`${d.day}: ${fmt(d.ok)} successful, ${fmt(d.scope)} refused (API set), ${fmt(d.refused)} refused (key)`}</title>
              {GROUPS.map((g) => {
                const v = d[g.group];
                if (v === 0) return null;
                const top = y(base + v);
                const height = y(base) - top;
                base += v;
                return <rect key={g.group} x={x} y={top} width={bar} height={Math.max(1, height)} className={g.fill} />;
              })}
              {i % 7 === 0 || (i === days.length - 1 && i % 7 >= 3) ? (
                <text x={LEFT + i * slot + slot / 2} y={H - 8} textAnchor="middle" className="fill-ink-muted text-[11px]">
                  {d.day.slice(5)}
                </text>
              ) : null}
            </g>
          );
        })}
        <line x1={LEFT} x2={W - RIGHT} y1={y(0)} y2={y(0)} className="stroke-line" strokeWidth={1} />
      </svg>
      <figcaption className="text-sm text-ink-muted">{summary} Days are UTC.</figcaption>
      <details className="rounded-md border border-line-soft">
        <summary className="cursor-pointer px-3 py-2 text-sm font-medium">Daily counts as a table</summary>
        <section
          aria-label="Daily counts"
          className="max-h-80 overflow-y-auto"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to be scrolled.
          tabIndex={0}
        >
          <table className="w-full text-sm">
            <caption className="sr-only">Requests per UTC day by outcome</caption>
            <thead className="sticky top-0 bg-surface-sunken text-left text-xs font-semibold uppercase tracking-wide text-ink-muted">
              <tr>
                <th scope="col" className="px-3 py-1.5">
                  Day
                </th>
                {GROUPS.map((g) => (
                  <th key={g.group} scope="col" className="px-3 py-1.5 text-right">
                    {g.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-line-soft tabular-nums">
              {days.map((d) => (
                <tr key={d.day}>
                  <th scope="row" className="px-3 py-1 text-left font-normal">
                    {d.day}
                  </th>
                  {GROUPS.map((g) => (
                    <td key={g.group} className="px-3 py-1 text-right">
                      {fmt(d[g.group])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
            <tfoot className="border-t border-line font-semibold tabular-nums">
              <tr>
                <th scope="row" className="px-3 py-1.5 text-left">
                  Total
                </th>
                {GROUPS.map((g) => (
                  <td key={g.group} className="px-3 py-1.5 text-right">
                    {fmt(totals[g.group])}
                  </td>
                ))}
              </tr>
            </tfoot>
          </table>
        </section>
      </details>
    </figure>
  );
}
