// Time on the map: a month slider over the chosen period with playback, and the comparison of
// two periods as a difference map.
import { get, query } from '../api.js';
import { esc, shown, threshold } from '../format.js';
import { session } from '../app.js';
import { compare, days, monthEnd, months } from '../compare.js';

export function compareHTML(st) {
  return `<fieldset><legend>Compare two periods</legend>
    <label class="check"><input type="checkbox" name="compare" id="compare" ${st.compare ? 'checked' : ''}>Show the change from an earlier period</label>
    <div class="row"><div><label for="from2">Earlier from</label><input type="date" id="from2" name="from2" value="${st.from2}"></div>
      <div><label for="to2">Earlier to</label><input type="date" id="to2" name="to2" value="${st.to2}"></div></div>
    <p class="muted">The later period is From–To above. Counts of each cell are compared as rates per day.</p></fieldset>`;
}

// earlierDefaults is the period of the same length just before from.
export function earlierDefaults(from, to) {
  const f = new Date(from + 'T00:00:00Z'), t = new Date(to + 'T00:00:00Z');
  const n = (t.getUTCFullYear() - f.getUTCFullYear()) * 12 + t.getUTCMonth() - f.getUTCMonth() + 1;
  const start = new Date(f);
  start.setUTCMonth(start.getUTCMonth() - n);
  const end = new Date(f);
  end.setUTCDate(0);
  return { from2: start.toISOString().slice(0, 10), to2: end.toISOString().slice(0, 10) };
}

// differenceLayer fetches both periods' cells as published for this viewer and classes each
// cell's change.
export async function differenceLayer(st) {
  const base = { res: st.res, scope: st.scope, category: st.category, age_band: st.age_band };
  const [earlier, later] = await Promise.all([get('/api/v1/cells' + query({ ...base, from: st.from2, to: st.to2 })),
    get('/api/v1/cells' + query({ ...base, from: st.from, to: st.to }))]);
  const tA = days(earlier.meta.from, earlier.meta.to), tB = days(later.meta.from, later.meta.to);
  const byCell = new Map();
  for (const [k, fc] of [['a', earlier], ['b', later]]) {
    for (const f of fc.features) {
      const e = byCell.get(f.properties.cell) || { geometry: f.geometry, a: null, b: null };
      e[k] = f.properties;
      byCell.set(f.properties.cell, e);
    }
  }
  const exact = session.recordLevel;
  const features = [...byCell.entries()].map(([cell, e]) => {
    const c = compare(e.a, e.b, tA, tB, exact, threshold, shown);
    const later = e.b || { count: 0 };
    return { type: 'Feature', geometry: e.geometry, properties: { cell, count: later.count ?? null, count_label: later.count_label, suppressed: later.suppressed,
      protection: later.protection, diff_class: c.cls, diff_z: c.z, diff_text: c.text } };
  });
  return { type: 'FeatureCollection', features, meta: { from: later.meta.from, to: later.meta.to, earlier_from: earlier.meta.from, earlier_to: earlier.meta.to,
    suppression: later.meta.suppression || earlier.meta.suppression } };
}

export function timeBarHTML() {
  return `<div class="timebar" id="timebar"><label for="month">Month</label>
    <input type="range" id="month" min="0" max="0" value="0" step="1" aria-describedby="month-label">
    <output id="month-label" for="month">Whole period</output>
    <button type="button" class="secondary" id="play" aria-pressed="false">Play</button></div>`;
}

// wireTimeBar makes the slider choose one month of the period (0: the whole period) and Play
// step through the months, each shown once it has loaded.
export function wireTimeBar(main, st, refresh) {
  const slider = main.querySelector('#month');
  const label = main.querySelector('#month-label');
  const play = main.querySelector('#play');
  let list = [];
  let playing = false;
  const set = async (i) => {
    slider.value = String(i);
    st.month = i > 0 ? list[i - 1] : null;
    label.textContent = st.month ? new Date(st.month + 'T00:00:00Z').toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }) : 'Whole period';
    slider.setAttribute('aria-valuetext', label.textContent);
    await refresh();
  };
  slider.oninput = () => set(+slider.value);
  play.onclick = async () => {
    playing = !playing;
    play.setAttribute('aria-pressed', String(playing));
    play.textContent = playing ? 'Pause' : 'Play';
    while (playing) {
      const next = +slider.value >= list.length ? 1 : +slider.value + 1;
      await set(next);
      await new Promise((r) => setTimeout(r, 1200));
      if (+slider.value >= list.length) { playing = false; play.textContent = 'Play'; play.setAttribute('aria-pressed', 'false'); }
    }
  };
  // reset fits the slider to the filters' period.
  return () => {
    list = months(st.from, st.to);
    slider.max = String(list.length);
    slider.value = '0';
    st.month = null;
    label.textContent = 'Whole period';
    slider.setAttribute('aria-valuetext', 'Whole period');
  };
}

// period is the From–To a layer is fetched for: the slider's month, or the filters' period.
export function period(st) {
  return st.month ? { from: st.month, to: monthEnd(st.month) } : { from: st.from, to: st.to };
}

export function compareNote(meta) {
  return `change from ${esc(meta.earlier_from)}–${esc(meta.earlier_to)} to ${esc(meta.from)}–${esc(meta.to)}`;
}
