// VRP lead screens: the interventions list with filters and status, and an intervention's page
// with its places on a small map, its evaluation figures and chart, its consultations, and the
// review actions (approve; return with a comment) guarded by the intervention's version.
import * as maplibregl from '/vendor/maplibre-gl/maplibre-gl.mjs';
import { api, get, query } from '../api.js';
import { count, esc, humanise, num, shown, toast } from '../format.js';
import { may } from '../app.js';

const reviewStatuses = ['draft', 'submitted', 'returned', 'approved'];
const statuses = ['planned', 'active', 'completed', 'stopped'];

export async function interventionsView(main) {
  main.innerHTML = `<div class="page"><h1>Interventions in places and spaces</h1>
    <form id="ivf" class="row" style="display:flex;gap:1em;align-items:flex-end;flex-wrap:wrap">
      <div><label for="review_status">Review</label><select id="review_status" name="review_status"><option value="">Any</option>${reviewStatuses.map((s) => `<option>${s}</option>`).join('')}</select></div>
      <div><label for="status">Status</label><select id="status" name="status"><option value="">Any</option>${statuses.map((s) => `<option>${s}</option>`).join('')}</select></div>
      <div><label for="q">Title contains</label><input id="q" name="q" type="text"></div>
      <div><button type="submit">Filter</button></div></form>
    <div id="ivlist" aria-live="polite"><p class="muted">Loading…</p></div></div>`;
  const form = main.querySelector('#ivf');
  const load = async () => {
    const f = new FormData(form);
    const data = await get('/api/v1/interventions' + query({ review_status: f.get('review_status'), status: f.get('status'), q: f.get('q'), sort: 'title', limit: 100 }));
    const list = data.interventions || [];
    main.querySelector('#ivlist').innerHTML = list.length === 0 ? '<p>No interventions match.</p>' : `<table><caption class="sr-only">Interventions</caption>
      <thead><tr><th>Title</th><th>Methodology</th><th>Lead</th><th>Partnership</th><th>Start</th><th>Status</th><th>Review</th></tr></thead>
      <tbody>${list.map((iv) => `<tr><td><a href="#/interventions/${iv.id}">${esc(iv.title)}</a></td><td>${esc(humanise(iv.methodology))}</td>
        <td>${esc(humanise(iv.lead_agency))}</td><td>${iv.partnership ? `yes (${iv.agency_count} agencies)` : 'single agency'}</td>
        <td>${esc(iv.start_date || '')}</td><td>${esc(iv.status)}</td><td><span class="badge ${esc(iv.review_status)}">${esc(iv.review_status)}</span></td></tr>`).join('')}</tbody></table>
      <p class="muted">${data.total} intervention${data.total === 1 ? '' : 's'}.</p>`;
  };
  form.onsubmit = (e) => { e.preventDefault(); load(); };
  await load();
}

export async function interventionView(main, id) {
  const { data: iv, etag } = await api('GET', `/api/v1/interventions/${id}`);
  let version = etag;
  const canReview = may('POST', '/api/v1/interventions/:id/approve');
  main.innerHTML = `<div class="page"><p><a href="#/interventions">← All interventions</a></p>
    <h1>${esc(iv.title)} <span class="badge ${esc(iv.review_status)}" id="review-badge">${esc(iv.review_status)}</span></h1>
    <h2>Outcome evaluation</h2><div id="evaluation"><p class="muted">Loading…</p></div>
    <div class="cards">
      <div class="card"><h2>Aim and method</h2><p>${esc(iv.aim)}</p><p><strong>Methodology:</strong> ${esc(humanise(iv.methodology))}</p>
        <p><strong>Mechanism:</strong> ${esc(iv.mechanism || 'not recorded')}</p><p><strong>Intended outcomes:</strong> ${esc(iv.intended_outcomes || 'not recorded')}</p></div>
      <div class="card"><h2>Partnership</h2><p><strong>Lead:</strong> ${esc(humanise(iv.lead_agency))}</p>
        <p><strong>Partners:</strong> ${(iv.partners || []).map((p) => esc(humanise(p))).join(', ') || 'none'}</p>
        <p>${iv.partnership ? `A partnership of ${iv.agency_count} agencies.` : 'A single agency.'}</p>
        <p><strong>Dates:</strong> ${esc(iv.start_date || '?')} to ${esc(iv.end_date || 'ongoing')} (${esc(humanise(iv.status))})</p>
        ${iv.cost ? `<p><strong>Cost:</strong> £${num(iv.cost, 0)}</p>` : ''}</div>
      <div class="card"><h2>Intelligence</h2>${(iv.analyses || []).length ? (iv.analyses.map((a) => `<a href="/api/v1/analyses/${a}/result">Saved analysis ${a}</a>`).join('<br>')) : '<p>No saved analysis linked.</p>'}
        ${iv.dosage ? `<p><strong>Activity:</strong> <span title="${esc(iv.dosage.sessions.protection_reason || '')}">${esc(shown(iv.dosage.sessions))}</span> sessions${iv.dosage.child_contacts !== null && iv.dosage.child_contacts !== undefined ? `, ${count(iv.dosage.child_contacts)} contacts with children` : ''} (${esc(iv.dosage.from)} to ${esc(iv.dosage.to || 'date')})</p>` : ''}</div>
    </div>
    <h2>Places</h2><div id="ivmap" style="height:260px;border:1px solid var(--line)" role="region" aria-label="Map of the intervention's places"></div>
    <h2>Consultation and engagement</h2><div id="consultations"><p class="muted">Loading…</p></div>
    <h2>Review</h2><div id="review"></div></div>`;
  renderReview(main.querySelector('#review'), iv, canReview, async (action, comment) => {
    try {
      const r = await api('POST', `/api/v1/interventions/${id}/${action}`, comment ? { comment } : {}, { 'If-Match': version });
      version = r.etag;
      toast(action === 'approve' ? 'Intervention approved.' : 'Intervention returned with your comment.');
      main.querySelector('#review-badge').textContent = r.data.review_status;
      renderReview(main.querySelector('#review'), r.data, canReview, null);
    } catch (e) {
      if (e.status === 412) toast('Someone else changed this intervention meanwhile. Reload the page to see their change, then try again.');
      else toast(e.message);
    }
  });
  placesMap(iv, main.querySelector('#ivmap'));
  evaluation(main.querySelector('#evaluation'), id);
  consultations(main.querySelector('#consultations'), id);
}

function renderReview(el, iv, canReview, act) {
  const history = `<p>Review status: <strong>${esc(iv.review_status)}</strong>${iv.review_comment ? ` — “${esc(iv.review_comment)}”` : ''}</p>`;
  if (!canReview || iv.review_status !== 'submitted' || !act) {
    el.innerHTML = history + (canReview && iv.review_status !== 'submitted' ? '<p class="muted">Only a submitted intervention can be approved or returned.</p>' : '');
    return;
  }
  el.innerHTML = `${history}<label for="comment">Comment (required to return)</label><textarea id="comment" rows="2"></textarea>
    <p><button type="button" id="approve">Approve</button> <button type="button" class="secondary" id="return">Return with comment</button></p>`;
  el.querySelector('#approve').onclick = () => act('approve', el.querySelector('#comment').value);
  el.querySelector('#return').onclick = () => {
    const c = el.querySelector('#comment').value.trim();
    if (!c) { toast('Write a comment saying what to change before returning it.'); el.querySelector('#comment').focus(); return; }
    act('return', c);
  };
}

async function placesMap(iv, container) {
  const fc = await get('/api/v1/places?limit=200').catch(() => null);
  if (!fc) return;
  const mine = { type: 'FeatureCollection', features: fc.features.filter((f) => (iv.places || []).includes(f.id ?? f.properties.id)) };
  const map = new maplibregl.Map({ container, style: { version: 8, sources: {}, layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#eef1f4' } }] }, center: [-1.16, 52.95], zoom: 12 });
  map.on('load', () => {
    map.addSource('p', { type: 'geojson', data: mine });
    map.addLayer({ id: 'pf', type: 'fill', source: 'p', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#0072B2', 'fill-opacity': 0.3 } });
    map.addLayer({ id: 'pl', type: 'line', source: 'p', paint: { 'line-color': '#0072B2', 'line-width': 3 } });
    const pts = mine.features.flatMap((f) => (f.geometry.type === 'Polygon' ? f.geometry.coordinates[0] : f.geometry.type === 'LineString' ? f.geometry.coordinates : []));
    if (pts.length) {
      const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
      map.fitBounds([[Math.min(...xs), Math.min(...ys)], [Math.max(...xs), Math.max(...ys)]], { padding: 40, duration: 0, maxZoom: 16 });
    }
  });
}

async function evaluation(el, id) {
  try {
    const ev = await get(`/api/v1/interventions/${id}/evaluation`);
    const r = ev.evaluation;
    const ci = (e) => (e && e.estimate !== null && e.estimate !== undefined ? `${num(e.estimate)} (95% interval ${num(e.ci_low)} to ${num(e.ci_high)})${e.thin ? ' — thin data' : ''}` : 'not defined');
    const pp = (c) => `${esc(count(c.pre, c.pre_suppressed, c.pre_label))} → ${esc(count(c.post, c.post_suppressed, c.post_label))}`;
    const v = r.verdict || {};
    el.innerHTML = `<p class="statement"><strong>${esc(v.headline || r.statement)}</strong></p>
      <ul class="verdict">${['effect', 'buffer', 'net', 'design'].filter((k) => v[k]).map((k) => `<li>${esc(v[k].sentence)}</li>`).join('')}</ul>
      <img src="/api/v1/interventions/${id}/evaluation.svg" alt="Monthly incidents in the target, control and buffer areas, with the intervention's start marked" style="max-width:100%">
      <table><caption>Incidents before (${esc(r.pre.from)} to ${esc(r.pre.to)}) and after (${esc(r.post.from)} to ${esc(r.post.to)})</caption>
        <tbody><tr><th>Target area</th><td class="num">${pp(r.counts.target)}</td></tr><tr><th>Buffer</th><td class="num">${pp(r.counts.buffer)}</td></tr>
        <tr><th>Control${r.control_suggested ? ' (matched)' : ''}</th><td class="num">${pp(r.counts.control)}</td></tr>
        <tr><th>Rate ratio</th><td class="num">${ci(r.rate_ratio)}</td></tr><tr><th>Relative effect size</th><td class="num">${ci(r.relative_effect_size)}</td></tr>
        <tr><th>Difference in differences (a month)</th><td class="num">${ci(r.did)}</td></tr>
        <tr><th>WDQ</th><td class="num">${r.wdq.value === null ? 'not defined' : num(r.wdq.value)} — ${esc(r.wdq.interpretation)}</td></tr>
        <tr><th>Total net effect</th><td class="num">${r.total_net_effect === null ? 'not defined' : num(r.total_net_effect, 1)}</td></tr>
        <tr><th>WDD</th><td class="num">${r.wdd.estimate === null ? 'not defined' : `${num(r.wdd.estimate, 1)} (z ${num(r.wdd.z)})`}</td></tr>
        <tr><th>Maryland scale</th><td class="num">level ${r.sms.level}: ${esc(r.sms.description)}</td></tr></tbody></table>
      <h3>EMMIE</h3><ul><li><strong>Mechanism:</strong> ${esc(ev.emmie.mechanism)}</li><li><strong>Implementation:</strong> ${esc(ev.emmie.implementation)}</li><li><strong>Economic:</strong> ${esc(ev.emmie.economic)}</li></ul>
      ${(ev.surveys || []).map((s) => `<p><strong>Children's survey:</strong> ${esc(s.statement)}</p>`).join('')}
      ${r.notes.length ? `<details><summary>Notes (${r.notes.length})</summary><ul>${r.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul></details>` : ''}`;
  } catch (e) {
    el.innerHTML = `<p class="muted">${esc(e.message)}</p>`;
  }
}

async function consultations(el, id) {
  try {
    const data = await get('/api/v1/consultations' + query({ intervention: id, limit: 50 }));
    const list = data.consultations || [];
    el.innerHTML = list.length === 0 ? '<p>No consultation recorded.</p>' : list.map((c) => `<div class="card" style="margin-bottom:.6em">
      <p><strong>${esc(c.held_on)}</strong> — ${esc(humanise(c.method))}: ${esc(count(c.children_count, c.children_count_suppressed, c.children_count_label))} children and young people${c.age_min !== null && c.age_min !== undefined ? ` aged ${c.age_min}–${c.age_max}` : ''}, ${esc(count(c.adults_count, c.adults_count_suppressed, c.adults_count_label))} adults; run by ${esc(c.run_by)}</p>
      <p><strong>You said:</strong> ${esc(c.what_was_said)}</p><p><strong>We did:</strong> ${esc(c.what_changed)}</p></div>`).join('');
  } catch (e) {
    el.innerHTML = `<p class="muted">${esc(e.message)}</p>`;
  }
}
