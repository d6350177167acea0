// The VRP lead's home: the review queue, interventions submitted for review, the longest
// waiting first, each with its outcome verdict, so that the lead reads the evidence before
// opening an intervention to approve or return it.
import { get, query } from '../api.js';
import { esc, humanise } from '../format.js';

export async function reviewQueueView(main) {
  main.innerHTML = `<div class="page"><h1>Review queue</h1>
    <p class="muted">Interventions submitted for your review, the longest waiting first. Open one to read its evaluation, then approve it or return it with a comment.</p>
    <div id="queue" aria-live="polite"><p class="muted">Loading…</p></div></div>`;
  const data = await get('/api/v1/interventions' + query({ review_status: 'submitted', sort: 'updated_at', limit: 100 }));
  const list = data.interventions || [];
  const el = main.querySelector('#queue');
  if (!list.length) {
    el.innerHTML = '<p>Nothing is waiting for review.</p>';
    return;
  }
  el.innerHTML = `<div class="scrollx"><table id="queue-table"><caption class="sr-only">Interventions waiting for review, oldest first</caption>
    <thead><tr><th>Intervention</th><th>Submitted</th><th>Lead</th><th>Outcome verdict</th></tr></thead>
    <tbody>${list.map((iv) => `<tr><td><a href="#/interventions/${iv.id}">${esc(iv.title)}</a><br><span class="muted">${esc(humanise(iv.methodology))}</span></td>
      <td>${esc((iv.updated_at || '').slice(0, 10))}</td><td>${esc(humanise(iv.lead_agency))}</td>
      <td data-verdict="${iv.id}"><span class="muted">Loading…</span></td></tr>`).join('')}</tbody></table></div>
    <p class="muted">${data.total} waiting.</p>`;
  // Verdicts load one after another: each is an evaluation the service computes.
  for (const iv of list) {
    const cell = el.querySelector(`[data-verdict="${iv.id}"]`);
    try {
      const ev = await get(`/api/v1/interventions/${iv.id}/evaluation`);
      const v = ev.evaluation?.verdict;
      cell.innerHTML = v ? `<span class="badge">${esc(humanise(v.effect.finding))}</span> ${esc(v.headline)}` : esc(ev.evaluation?.statement || 'No verdict');
    } catch (e) {
      cell.textContent = e.status === 422 || e.status === 409 ? `Not evaluated: ${e.message}` : e.message;
    }
  }
}
