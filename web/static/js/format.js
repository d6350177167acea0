// Formatting shared by every screen, so that suppressed counts look the same everywhere.

export let threshold = 5;
export function setThreshold(t) { threshold = t; }

// count shows a number, or "<N" (N the suppression threshold) when it is suppressed; never 0
// for a suppressed count.
export function count(n, suppressed) {
  if (suppressed || n === null || n === undefined) return `<${threshold}`;
  return Number(n).toLocaleString('en-GB');
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

export function toast(msg) {
  const box = document.getElementById('toast');
  const el = document.createElement('div');
  el.textContent = msg;
  box.appendChild(el);
  setTimeout(() => el.remove(), 6000);
}

export function humanise(key) {
  return String(key).replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}
