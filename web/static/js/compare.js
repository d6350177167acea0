// Comparing two periods cell by cell: pure functions, no DOM, so that node can test them.
//
// With exact counts the change is tested as two Poisson rates (the conditional test: given
// n = a + b incidents, the later period's share is binomial with p = its share of the time,
// Przyborowski and Wilenski 1940), by the normal approximation z = (b − n·p) / √(n·p·(1 − p)).
// With protected counts (ranges, "<5") there is no test: a change is called only when the two
// periods' ranges, as rates, do not overlap.

export const Z95 = 1.959964;

// days is the number of days from from to to, both YYYY-MM-DD and inclusive.
export function days(from, to) {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86400000) + 1;
}

// poissonZ is the z of the later count b against the earlier a, their periods tA and tB long.
export function poissonZ(a, b, tA, tB) {
  const n = a + b;
  if (n === 0) return 0;
  const p = tB / (tA + tB);
  return (b - n * p) / Math.sqrt(n * p * (1 - p));
}

// bounds is what a published count says of the truth: [low, high].
export function bounds(c, threshold) {
  if (!c) return [0, 0];
  if (c.count !== null && c.count !== undefined && !c.suppressed && c.protection !== 'range' && c.protection !== 'rounded') return [c.count, c.count];
  if (c.count_low !== undefined && c.count_high !== undefined && c.count_low !== null) return [c.count_low, c.count_high];
  if (c.protection === 'small' || c.suppressed) return [1, threshold - 1];
  return [c.count ?? 0, c.count ?? 0];
}

// compare classes one cell's change: 2 significantly more, 1 more, 0 no change, −1 fewer,
// −2 significantly fewer (the ±2 classes only with exact counts), with the reason in words.
export function compare(earlier, later, tA, tB, exact, threshold, shown) {
  if (exact) {
    const a = earlier?.count ?? 0, b = later?.count ?? 0;
    const z = poissonZ(a, b, tA, tB);
    const rateA = a / tA, rateB = b / tB;
    const sig = Math.abs(z) >= Z95;
    const cls = rateA === rateB ? 0 : (rateB > rateA ? 1 : -1) * (sig ? 2 : 1);
    const ratio = rateA > 0 ? ` (rate ratio ${(rateB / rateA).toFixed(2)})` : '';
    return { cls, z, text: `${a} incidents in the earlier period, ${b} in the later${ratio}: z = ${z.toFixed(2)}, ` +
      (sig ? 'a significant change at 95% confidence (two Poisson rates compared).' : 'not a significant change at 95% confidence.') };
  }
  const [aLo, aHi] = bounds(earlier, threshold), [bLo, bHi] = bounds(later, threshold);
  let cls = 0;
  if (bLo / tB > aHi / tA) cls = 1;
  else if (bHi / tB < aLo / tA) cls = -1;
  const words = cls === 1 ? 'more incidents in the later period: the ranges do not overlap'
    : cls === -1 ? 'fewer incidents in the later period: the ranges do not overlap' : 'no clear change: the ranges overlap';
  return { cls, z: null, text: `${shown(earlier)} incidents in the earlier period, ${shown(later)} in the later; ${words}. Significance is not tested on protected counts.` };
}

// months lists the first days of the months from from to to.
export function months(from, to) {
  const out = [];
  const d = new Date(from.slice(0, 7) + '-01T00:00:00Z');
  while (d.toISOString().slice(0, 10) <= to) {
    out.push(d.toISOString().slice(0, 10));
    d.setUTCMonth(d.getUTCMonth() + 1);
  }
  return out;
}

// monthEnd is the last day of the month that starts on first.
export function monthEnd(first) {
  const d = new Date(first + 'T00:00:00Z');
  d.setUTCMonth(d.getUTCMonth() + 1);
  d.setUTCDate(0);
  return d.toISOString().slice(0, 10);
}
