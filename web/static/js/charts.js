// Small SVG charts: a line chart of monthly series and a bar chart of a breakdown. Each chart
// has a text title for screen readers and its numbers in a table beside it.
import { esc, count } from './format.js';

// Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
export const palette = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];

function dataTable(caption, head, rows) {
  return `<details><summary>Table: ${esc(caption)}</summary><table><caption class="sr-only">${esc(caption)}</caption>
    <thead><tr>${head.map((h, i) => `<th class="${i ? 'num' : ''}">${esc(h)}</th>`).join('')}</tr></thead>
    <tbody>${rows.map((r) => `<tr>${r.map((c, i) => `<td class="${i ? 'num' : ''}">${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table></details>`;
}

// line draws series [{name, values:[number|null]}] over labels; marker is an optional label
// (e.g. an intervention's start month) drawn as a vertical line.
export function line(title, labels, series, { marker, width = 320, height = 150 } = {}) {
  const pad = { l: 34, r: 8, t: 10, b: 22 };
  const w = width - pad.l - pad.r, h = height - pad.t - pad.b;
  const max = Math.max(1, ...series.flatMap((s) => s.values.filter((v) => v !== null)));
  const x = (i) => pad.l + (labels.length < 2 ? w / 2 : (i * w) / (labels.length - 1));
  const y = (v) => pad.t + h - (v / max) * h;
  const paths = series.map((s, si) => {
    let d = '';
    s.values.forEach((v, i) => { if (v !== null) d += `${d ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`; });
    return `<path d="${d}" fill="none" stroke="${palette[si % palette.length]}" stroke-width="2" ${si ? 'stroke-dasharray="5 3"' : ''}/>`;
  }).join('');
  const mi = marker ? labels.indexOf(marker) : -1;
  const mark = mi >= 0 ? `<line x1="${x(mi)}" x2="${x(mi)}" y1="${pad.t}" y2="${pad.t + h}" stroke="#444" stroke-dasharray="2 2"/><text x="${x(mi) + 3}" y="${pad.t + 9}" font-size="9">start</text>` : '';
  const legend = series.map((s, si) => `<tspan fill="${palette[si % palette.length]}">■</tspan> ${esc(s.name)} `).join('');
  const svg = `<svg role="img" viewBox="0 0 ${width} ${height + 14}" width="${width}" height="${height + 14}"><title>${esc(title)}</title>
    <line x1="${pad.l}" x2="${pad.l + w}" y1="${pad.t + h}" y2="${pad.t + h}" stroke="#999"/>
    <text x="2" y="${pad.t + 8}" font-size="9">${max}</text><text x="2" y="${pad.t + h}" font-size="9">0</text>
    <text x="${pad.l}" y="${height - 6}" font-size="9">${esc(labels[0] || '')}</text>
    <text x="${pad.l + w}" y="${height - 6}" font-size="9" text-anchor="end">${esc(labels[labels.length - 1] || '')}</text>
    ${paths}${mark}<text x="${pad.l}" y="${height + 10}" font-size="10">${legend}</text></svg>`;
  const rows = labels.map((l, i) => [l, ...series.map((s) => (s.values[i] === null ? '' : s.values[i]))]);
  return `<figure class="chart"><figcaption>${esc(title)}</figcaption>${svg}${dataTable(title, ['', ...series.map((s) => s.name)], rows)}</figure>`;
}

// bars draws items [{key, count, suppressed}] as horizontal bars.
export function bars(title, items, { width = 320 } = {}) {
  const rowH = 16, labelW = 120;
  const max = Math.max(1, ...items.map((it) => (it.suppressed ? 0 : it.count || 0)));
  const body = items.map((it, i) => {
    const v = it.suppressed ? 0 : it.count || 0;
    const bw = ((width - labelW - 50) * v) / max;
    return `<text x="0" y="${i * rowH + 12}" font-size="10">${esc(it.key)}</text>
      <rect x="${labelW}" y="${i * rowH + 3}" width="${bw.toFixed(1)}" height="${rowH - 5}" fill="${palette[0]}"/>
      <text x="${labelW + bw + 4}" y="${i * rowH + 12}" font-size="10">${esc(count(it.count, it.suppressed, it.label))}</text>`;
  }).join('');
  const svg = `<svg role="img" viewBox="0 0 ${width} ${items.length * rowH + 4}" width="${width}" height="${items.length * rowH + 4}"><title>${esc(title)}</title>${body}</svg>`;
  return `<figure class="chart"><figcaption>${esc(title)}</figcaption>${svg}${dataTable(title, ['', 'count'], items.map((it) => [it.key, count(it.count, it.suppressed, it.label)]))}</figure>`;
}
