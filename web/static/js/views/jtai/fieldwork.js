// Fieldwork: the week 3 schedule (sessions with practitioners, managers, leaders, children and
// families, observations, case tracking; the feedback) and its daily log of emerging themes;
// then the factual-accuracy comments on the draft letter against the DCS's deadline.
import { api, get } from '../../api.js';
import { esc, humanise, toast } from '../../format.js';
import { may } from '../../app.js';

const logKinds = ['emerging_theme', 'strength', 'concern', 'feedback', 'request'];

export async function fieldworkTab(el, full) {
  const base = `/api/v1/inspections/${full.id}`;
  const [fw, acc] = await Promise.all([get(`${base}/fieldwork`), get(`${base}/accuracy-comments`)]);
  const lead = may('POST', '/api/v1/inspections/:id/fieldwork/log');
  if (fw.note) {
    el.innerHTML = `<p>${esc(humanise(fw.note))}.</p>`;
    return;
  }
  el.innerHTML = `<p>Fieldwork from ${esc(fw.start)} to ${esc(fw.end)}.</p>
    ${fw.days.map((d, i) => `<section class="card" style="margin-bottom:1em" aria-labelledby="day-${i}"><h3 id="day-${i}">Day ${i + 1}: ${esc(d.date)}</h3>
      ${d.sessions.length ? `<ul>${d.sessions.map((s) => `<li>${esc(s.starts_at || '')} ${esc(s.title)} <span class="muted">(${esc(humanise(s.activity || s.kind))}${s.agencies.length ? `; ${s.agencies.map((a) => esc(humanise(a))).join(', ')}` : ''})</span></li>`).join('')}</ul>` : '<p class="muted">No sessions recorded.</p>'}
      ${d.log.length ? `<h4>Log</h4><ul>${d.log.map((e) => `<li><span class="badge">${esc(humanise(e.kind))}</span> ${esc(e.text)}</li>`).join('')}</ul>` : ''}</section>`).join('')}
    ${lead ? `<form id="newlog" class="card rowform"><h3 style="flex-basis:100%">Add to the daily log</h3>
      <div><label for="lday">Day</label><select id="lday" name="day">${fw.days.map((d) => `<option>${esc(d.date)}</option>`).join('')}</select></div>
      <div><label for="lkind">Kind</label><select id="lkind" name="kind">${logKinds.map((k) => `<option value="${k}">${esc(humanise(k))}</option>`).join('')}</select></div>
      <div style="flex-basis:100%"><label for="ltext">What was said or seen</label><input id="ltext" name="text" type="text" required></div>
      <div><button type="submit">Add</button></div><p class="error" role="alert" style="flex-basis:100%"></p></form>` : ''}
    <section aria-labelledby="fa"><h2 id="fa">Factual-accuracy comments</h2>
      <p>Draft letter ${esc(acc.draft_letter || '')}; the DCS brings together the partnership's comments by <strong>${esc(acc.deadline || '')}</strong> (${acc.working_days} working days)${acc.working_days_left !== null ? `: ${acc.working_days_left} working days left` : ''}${acc.overdue ? ' <span class="badge late">past the deadline</span>' : ''}.</p>
      ${acc.comments.length ? `<table><thead><tr><th>Where</th><th>Agency</th><th>Comment</th><th>Status</th></tr></thead><tbody>${acc.comments.map((c) => `<tr><td>${esc(c.paragraph)}</td><td>${esc(humanise(c.agency))}</td><td>${esc(c.comment)}</td><td>${esc(c.status)}</td></tr>`).join('')}</tbody></table>` : '<p>No comments logged.</p>'}</section>`;
  const form = el.querySelector('#newlog');
  if (form) form.onsubmit = (e) => {
    e.preventDefault();
    api('POST', `${base}/fieldwork/log`, Object.fromEntries(new FormData(form)))
      .then(() => { toast('Logged.'); fieldworkTab(el, full); }, (err) => { form.querySelector('.error').textContent = err.message; });
  };
}
