// Exporting what the map shows: a PNG with title, period, legend, place names, scale bar,
// north arrow, attribution and data version; the table as CSV or an XLSX workbook; printing (and so PDF) through the print
// style sheet. Every number in them is the one the API published for the viewer, label and
// all, so the disclosure rules hold as on screen; each export is audit-logged first.
import { api } from '../api.js';
import { count, humanise, toast } from '../format.js';
import { session } from '../app.js';

export function exportHTML() {
  return `<div class="exports" role="group" aria-label="Export">
    <button type="button" class="secondary" id="export-png" title="The map with its title, period, legend, scale bar, north arrow and data version">Export PNG</button>
    <button type="button" class="secondary" id="export-csv" title="The table of the current layer, counts as published to you">Export CSV</button>
    <button type="button" class="secondary" id="export-xlsx" title="The table of the current layer as a workbook, counts as published to you">Export XLSX</button>
    <button type="button" class="secondary" id="export-print">Print or PDF</button></div>`;
}

// wireExports needs the map, the current layer's features and a description of it ({title,
// period, dataVersion}).
export function wireExports(main, map, current) {
  // Each export is audit-logged by the service before its file is made: no log, no file.
  const logged = async (kind) => {
    const { features } = current();
    try {
      await api('POST', '/api/v1/audit/exports', { kind, layer: main.querySelector('#map').dataset.loaded || 'none', rows: features.length });
      return true;
    } catch (e) {
      toast(`Could not export: ${e.message}`);
      return false;
    }
  };
  main.querySelector('#export-png').onclick = async () => {
    if (!(await logged('map_png'))) return;
    const { title, period, dataVersion } = current();
    const blob = await mapPNG(map, main, title, period, dataVersion);
    download(blob, `placesafe-map-${period.replace(/[^0-9a-z]+/gi, '-')}.png`);
  };
  main.querySelector('#export-csv').onclick = async () => {
    if (!(await logged('table_csv'))) return;
    const { features, period } = current();
    download(new Blob([tableCSV(features)], { type: 'text/csv' }), `placesafe-table-${period.replace(/[^0-9a-z]+/gi, '-')}.csv`);
  };
  main.querySelector('#export-xlsx').onclick = async () => {
    if (!(await logged('table_xlsx'))) return;
    const { features, title, period } = current();
    try {
      const { data } = await api('POST', '/api/v1/workbooks/table', { title: [title, period].filter(Boolean).join(', '), ...tableRows(features, true) });
      download(data, `placesafe-table-${period.replace(/[^0-9a-z]+/gi, '-')}.xlsx`);
    } catch (e) {
      toast(`Could not export: ${e.message}`);
    }
  };
  main.querySelector('#export-print').onclick = async () => {
    if (!(await logged('map_print'))) return;
    const { title, period, dataVersion } = current();
    main.querySelector('#print-head').textContent = `${title} — ${period}. ${dataVersion}`;
    window.print();
  };
}

function download(blob, name) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

const columns = [['cell', 'Cell'], ['name', 'Area'], ['count', 'Incidents'], ['incidents_per_km2', 'Per km²'], ['value', 'Harm'], ['gi_z', 'Gi* z'],
  ['gi_bin', 'Gi* bin'], ['category', 'Emerging category'], ['diff_class', 'Change class'], ['diff_text', 'Change']];

// tableRows is the layer's table: the columns present, counts as published (labels for
// protected counts). typed keeps numbers as numbers, for a workbook; otherwise every cell is
// the text shown.
export function tableRows(features, typed = false) {
  const cols = columns.filter(([k]) => features.some((f) => f.properties[k] !== undefined && f.properties[k] !== null));
  const cell = (p, k) => {
    if (k === 'count') {
      // Only an exact count is a number; a rounded one ("≈25"), a range or "<5" stays as shown.
      const exact = p.protection ? p.protection === 'exact' : !p.suppressed && p.count !== null && p.count !== undefined;
      return typed && exact ? Number(p.count) : count(p.count, p.suppressed, p.count_label);
    }
    if (k === 'category') return humanise(p.category || '');
    return p[k] ?? (typed ? null : '');
  };
  return { columns: cols.map(([, l]) => l), rows: features.map((f) => cols.map(([k]) => cell(f.properties, k))) };
}

// tableCSV is the layer's table as CSV.
export function tableCSV(features) {
  const { columns: head, rows } = tableRows(features);
  const q = (v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  return [head, ...rows].map((r) => r.map(q).join(',')).join('\r\n') + '\r\n';
}

// mapPNG draws the map's canvas with its title, period, legend, scale bar, north arrow,
// attribution and data version around it.
async function mapPNG(map, main, title, period, dataVersion) {
  await new Promise((r) => { map.once('idle', r); map.triggerRepaint(); });
  const src = map.getCanvas();
  const dpr = src.width / src.clientWidth;
  const legendItems = [...main.querySelectorAll('#legend strong, #legend li')].map((el) => {
    const sw = el.querySelector('.sw');
    return { text: el.textContent.trim(), heading: el.tagName === 'STRONG', fill: sw?.style.backgroundColor, border: sw?.style.borderColor || sw?.style.borderTopColor, dashed: sw?.style.borderStyle === 'dashed' };
  });
  const legendW = 300, head = 64, foot = 44;
  const w = src.clientWidth + legendW, h = Math.max(src.clientHeight, legendItems.length * 22 + 20) + head + foot;
  const c = document.createElement('canvas');
  c.width = w * dpr; c.height = h * dpr;
  const g = c.getContext('2d');
  g.scale(dpr, dpr);
  g.fillStyle = '#fff'; g.fillRect(0, 0, w, h);
  g.fillStyle = '#1d2733'; g.font = 'bold 20px sans-serif'; g.fillText(title, 16, 28);
  g.font = '14px sans-serif'; g.fillText(period, 16, 50);
  g.drawImage(src, 0, head, src.clientWidth, src.clientHeight);
  g.strokeStyle = '#c9d1da'; g.strokeRect(0.5, head + 0.5, src.clientWidth - 1, src.clientHeight - 1);
  // Legend, as on screen.
  let y = head + 20;
  for (const it of legendItems) {
    const x = src.clientWidth + 16;
    if (it.heading) { g.font = 'bold 14px sans-serif'; g.fillStyle = '#1d2733'; g.fillText(it.text, x, y); y += 22; continue; }
    if (it.fill && it.fill !== 'none' && it.fill !== 'rgba(0, 0, 0, 0)') { g.fillStyle = it.fill; g.fillRect(x, y - 12, 16, 16); }
    g.setLineDash(it.dashed ? [3, 2] : []); g.strokeStyle = it.border || '#555'; g.lineWidth = 1.5; g.strokeRect(x, y - 12, 16, 16); g.setLineDash([]);
    g.font = '13px sans-serif'; g.fillStyle = '#1d2733'; g.fillText(it.text, x + 24, y + 1, legendW - 44);
    y += 22;
  }
  // Place names, where the map shows them.
  const box = src.getBoundingClientRect();
  g.font = '12px sans-serif';
  for (const el of main.querySelectorAll('.place-label')) {
    if (el.style.visibility === 'hidden') continue;
    const r = el.getBoundingClientRect();
    const x = r.left - box.left, y = r.top - box.top + head;
    if (x < 0 || r.right > box.right || r.top < box.top || r.bottom > box.bottom) continue;
    g.fillStyle = 'rgba(255,255,255,.9)'; g.fillRect(x, y, r.width, r.height);
    g.strokeStyle = '#0072B2'; g.lineWidth = 1; g.strokeRect(x + 0.5, y + 0.5, r.width - 1, r.height - 1);
    g.fillStyle = '#1d2733'; g.fillText(el.textContent, x + 4, y + r.height - 5, r.width - 8);
  }
  // Scale bar: the map's own, measured on screen.
  const bar = main.querySelector('.maplibregl-ctrl-scale');
  if (bar) {
    const bw = bar.getBoundingClientRect().width, bx = 16, by = head + src.clientHeight - 18;
    g.fillStyle = 'rgba(255,255,255,.85)'; g.fillRect(bx - 6, by - 18, bw + 12, 26);
    g.strokeStyle = '#1d2733'; g.lineWidth = 2;
    g.beginPath(); g.moveTo(bx, by - 6); g.lineTo(bx, by); g.lineTo(bx + bw, by); g.lineTo(bx + bw, by - 6); g.stroke();
    g.fillStyle = '#1d2733'; g.font = '12px sans-serif'; g.fillText(bar.textContent, bx + 4, by - 5);
  }
  // North arrow (the map is never rotated away from north: its bearing is shown).
  const nx = src.clientWidth - 30, ny = head + 24;
  g.save(); g.translate(nx, ny); g.rotate((-map.getBearing() * Math.PI) / 180);
  g.fillStyle = '#1d2733'; g.beginPath(); g.moveTo(0, -16); g.lineTo(8, 8); g.lineTo(0, 3); g.lineTo(-8, 8); g.closePath(); g.fill();
  g.font = 'bold 12px sans-serif'; g.fillText('N', -4, 22); g.restore();
  // Attribution and data version.
  g.fillStyle = '#4a5563'; g.font = '12px sans-serif';
  const attribution = ['placesafe', session.config.basemap_attribution].filter(Boolean).join('; basemap ');
  g.fillText(`${attribution}. ${dataVersion}`, 16, h - foot + 18, w - 32);
  g.fillText(`Exported ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by ${session.user.email}. Counts as published for the ${humanise(session.user.role).toLowerCase()} role.`, 16, h - foot + 36, w - 32);
  return new Promise((r) => c.toBlob(r, 'image/png'));
}
