// Formatting shared by every screen, so that suppressed counts look the same everywhere.

export let threshold = 5;
export function setThreshold(t) { threshold = t; }

// count shows a count as the service published it for the viewer: its label when it has one
// ("<5" only for a true 1 to 4, "≈25" when rounded, "20–34" for a range), else the number.
export function count(n, suppressed, label) {
  if (label !== undefined && label !== null && label !== '') {
    return String(label).replace(/\d+/g, (d) => Number(d).toLocaleString('en-GB'));
  }
  if (suppressed || n === null || n === undefined) return `<${threshold}`;
  return Number(n).toLocaleString('en-GB');
}

// shown is the count of a published object ({count, count_label, suppressed}) as text.
export function shown(c) {
  if (!c) return '–';
  return count(c.count, c.suppressed, c.count_label);
}

// estimate is the number a chart or a colour uses for a published count: the number, or the
// middle of its range (null for "<5", which is drawn apart).
export function estimate(c) {
  if (!c) return null;
  if (c.count !== null && c.count !== undefined) return c.count;
  if (c.protection === 'small') return null;
  if (c.count_low !== undefined && c.count_high !== undefined) return (c.count_low + c.count_high) / 2;
  return null;
}

export function num(x, digits = 2) {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  return Number(x).toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

export function isoDate(d) {
  return d.toISOString().slice(0, 10);
}

// lastMonths is the period of the last n whole calendar months before today.
export function lastMonths(n) {
  const to = new Date();
  to.setUTCDate(0); // last day of the previous month: the last whole month of data
  const from = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth() - n + 1, 1));
  return { from: isoDate(from), to: isoDate(to) };
}

export function toast(msg) {
  const box = document.getElementById('toast');
  const el = document.createElement('div');
  el.textContent = msg;
  box.appendChild(el);
  setTimeout(() => el.remove(), 6000);
}

// labels are the words for the API's codes (GET /api/v1/labels), the table the evidence pack
// uses too.
let labels = {};
export function setLabels(l) { labels = l || {}; }

// humanise is a code as words: its label, or the code with spaces and a capital.
export function humanise(key) {
  if (labels[key]) return labels[key];
  return String(key).replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}
