/**
 * The series of one metric in the text Prometheus scrapes, as `{labels in name order} → value`
 * (a histogram's `le` among them, `+Inf` as written).
 */
export function seriesOf(exposition: string, name: string): Map<string, number> {
  const series = new Map<string, number>();
  for (const line of exposition.split('\n')) {
    const match = /^([a-z_:]+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const labels = (match[2] ?? '').match(/[a-z_]+="[^"]*"/g) ?? [];
    series.set(`{${labels.sort().join(',')}}`, Number(match[3]));
  }
  return series;
}
