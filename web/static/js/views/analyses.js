// Saved analyses: the save dialog on the map, the list (title, kind, owner, date, data
// version) and opening one on the map exactly as it was saved (its stored result, never a
// rerun on today's data).
import { api, get, query } from '../api.js';
import { esc, humanise, toast } from '../format.js';
import { may } from '../app.js';

// saveDialog asks for a title and an audience, then saves the map's current analysis.
export function saveDialog(main, st) {
  const dlg = document.createElement('dialog');
  dlg.className = 'dialog';
  dlg.setAttribute('aria-labelledby', 'save-title');
  dlg.innerHTML = `<form method="dialog" id="save-form"><h2 id="save-title">Save this analysis</h2>
    <p class="muted">It is kept unchanged, with the data version it covered, as intelligence an intervention can rest on.</p>
    <label for="save-name">Title</label><input id="save-name" name="title" type="text" required maxlength="200" value="${esc(defaultTitle(st))}">
    <fieldset class="checks"><legend>Who may read it</legend>
      <label><input type="radio" name="audience" value="all" checked> Every role (counts protected as for partners)</label>
      <label><input type="radio" name="audience" value="record_level"> Admins and analysts only (full counts)</label></fieldset>
    <p class="muted">${esc(summary(st))}</p>
    <p id="save-error" class="error" role="alert"></p>
    <div class="actions"><button type="submit" value="save">Save</button> <button type="button" class="secondary" id="save-cancel">Cancel</button></div></form>`;
  main.append(dlg);
  dlg.querySelector('#save-cancel').onclick = () => dlg.close();
  dlg.addEventListener('close', () => dlg.remove());
  dlg.querySelector('form').onsubmit = async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    const kind = st.colour === 'emerging' ? 'emerging' : 'hotspots';
    const params = { res: String(st.res), k: String(st.k), kernel: st.kernel, from: st.from, to: st.to, scope: st.scope };
    if (st.category.length) params.category = st.category;
    if (st.age_band.length) params.age_band = st.age_band;
    if (kind === 'emerging') params.bin = st.bin;
    if (st.colour === 'harm-gi') params.measure = 'harm';
    try {
      const { data } = await api('POST', '/api/v1/analyses', { kind, title: f.get('title'), audience: f.get('audience'), params });
      dlg.close();
      toast(`Saved “${data.title}”. It is listed under Analyses.`);
    } catch (err) {
      dlg.querySelector('#save-error').textContent = err.message + (err.details || []).map((d) => ` ${d.field || ''} ${d.message || ''}`).join(';');
    }
  };
  dlg.showModal();
  dlg.querySelector('#save-name').select();
}

function defaultTitle(st) {
  const what = st.colour === 'emerging' ? 'Emerging hot spots' : st.colour === 'harm-gi' ? 'Harm-weighted hot spots' : 'Hot spots';
  return `${what} ${st.from} to ${st.to}`;
}

function summary(st) {
  return `Resolution ${st.res}, ${st.k} ring${st.k === 1 ? '' : 's'}, ${humanise(st.kernel).toLowerCase()} weights` +
    (st.category.length ? `, ${st.category.map(humanise).join(', ')}` : '') + (st.age_band.length ? `, ages ${st.age_band.join(', ')}` : '') + '.';
}

export function dataVersionText(dv) {
  if (!dv) return '';
  const imports = dv.imports?.length ? `imports ${dv.imports.join(', ')}` : 'no imports';
  return `${humanise(dv.record_kind || 'incidents')}: ${imports}` + (dv.study_area_updated_at ? `; study area of ${dv.study_area_updated_at.slice(0, 10)}` : '');
}

const when = (t) => new Date(t).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' });

// analysesView lists the saved analyses the viewer may read, newest first.
export async function analysesView(main) {
  main.innerHTML = `<div class="page"><h1>Saved analyses</h1><div id="analyses" aria-live="polite"><p class="muted">Loading…</p></div></div>`;
  const data = await get('/api/v1/analyses' + query({ limit: 100 }));
  const list = data.analyses || [];
  const canMap = may('GET', '/api/v1/hotspots');
  main.querySelector('#analyses').innerHTML = list.length === 0 ? '<p>No analysis has been saved yet.</p>' : `<div class="scrollx"><table>
    <caption class="sr-only">Saved analyses, newest first</caption>
    <thead><tr><th>Title</th><th>Kind</th><th>Saved by</th><th>Saved on</th><th>Readers</th><th>Data version</th></tr></thead>
    <tbody>${list.map((a) => `<tr><td>${canMap ? `<a href="#/map/${a.id}">${esc(a.title)}</a>` : `<a href="/api/v1/analyses/${a.id}/result">${esc(a.title)}</a>`}</td>
      <td>${esc(humanise(a.kind))}</td><td>${esc(a.created_by_email || 'a former user')}</td><td>${esc(when(a.created_at))}</td>
      <td>${a.audience === 'all' ? 'Every role' : 'Admins and analysts'}</td><td>${esc(dataVersionText(a.data_version))}</td></tr>`).join('')}</tbody></table></div>
    <p class="muted">${data.total} saved analys${data.total === 1 ? 'is' : 'es'}.</p>`;
}

// openSaved shows a saved analysis's stored result on the map, with its parameters and data
// version in the status line and the filters set as they were.
export async function openSaved(id, { show, status, form }) {
  const a = await get(`/api/v1/analyses/${id}`);
  const p = a.params || {};
  const colour = a.kind === 'emerging' ? 'emerging' : p.measure === 'harm' ? 'harm-gi' : 'gi';
  const set = (name, v) => { const el = form.elements[name]; if (el && v !== undefined) el.value = Array.isArray(v) ? v[0] : v; };
  set('colour', colour); set('res', p.res); set('k', p.k); set('kernel', p.kernel); set('from', p.from); set('to', p.to); set('bin', p.bin);
  await show(a.result, colour, `/api/v1/analyses/${id}`);
  status.innerHTML = `<strong>Saved analysis: ${esc(a.title)}</strong>, saved by ${esc(a.created_by_email || 'a former user')} on ${esc(when(a.created_at))}. ` +
    `${esc(p.from)} to ${esc(p.to)}, resolution ${esc(p.res)}, ${esc(p.k)} ring(s), ${esc(humanise(p.kernel || 'uniform').toLowerCase())} weights. ` +
    `Data version: ${esc(dataVersionText(a.data_version))}. Shown as saved; Apply runs it again on today's data.`;
  return a;
}
