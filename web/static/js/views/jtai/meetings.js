// Meetings: from the preparation group to the kick-off, the fieldwork sessions and the
// feedback, with the agencies attending, the decisions and the actions they gave the action plan.
import { api, get } from '../../api.js';
import { esc, humanise, isoDate, toast } from '../../format.js';
import { may } from '../../app.js';
import { agencyKeys } from './people.js';
import { actionRows } from './actions.js';

const kindLabels = { preparation_group: 'Preparation group', set_up: 'Set-up discussion', kick_off: 'Kick-off', fieldwork: 'Fieldwork session', feedback: 'Feedback', other: 'Other' };

export async function meetingsTab(el, full) {
  const base = `/api/v1/inspections/${full.id}/meetings`;
  const data = await get(base);
  const canAdd = may('POST', '/api/v1/inspections/:id/meetings');
  const kinds = data.kinds.filter((k) => full.phase === 'inspection' || ['preparation_group', 'other'].includes(k));
  el.innerHTML = `<div id="meetinglist">${data.meetings.length ? data.meetings.slice().reverse().map(card).join('') : '<p>No meetings recorded yet.</p>'}</div>
    ${canAdd ? `<form id="newmeeting" class="card"><h3>Record a meeting</h3><div class="rowform">
      <div><label for="mkind">Kind</label><select id="mkind" name="kind">${kinds.map((k) => `<option value="${k}">${esc(kindLabels[k])}</option>`).join('')}</select></div>
      <div><label for="mtitle">Title</label><input id="mtitle" name="title" type="text" required></div>
      <div><label for="mdate">Date</label><input id="mdate" name="held_on" type="date" required value="${isoDate(new Date())}"></div>
      <div><label for="mtime">Starts at</label><input id="mtime" name="starts_at" type="time"></div>
      ${full.phase === 'inspection' ? `<div><label for="mact">Fieldwork activity</label><select id="mact" name="activity"><option value="">None</option>${data.activities.map((a) => `<option value="${a}">${esc(humanise(a))}</option>`).join('')}</select></div>` : ''}</div>
      <fieldset class="checks"><legend>Agencies attending</legend>${agencyKeys.map((a) => `<label><input type="checkbox" name="agencies" value="${a}">${esc(humanise(a))}</label>`).join('')}</fieldset>
      <label for="mdecisions">Decisions (one a line)</label><textarea id="mdecisions" name="decisions" rows="3"></textarea>
      ${[1, 2].map((n) => `<div class="rowform"><div><label for="act${n}">Action ${n}</label><input id="act${n}" name="action${n}" type="text"></div>
        <div><label for="own${n}">Owner of action ${n}</label><select id="own${n}" name="owner${n}">${agencyKeys.map((a) => `<option value="${a}">${esc(humanise(a))}</option>`).join('')}</select></div>
        <div><label for="due${n}">Action ${n} due</label><input id="due${n}" name="due${n}" type="date"></div></div>`).join('')}
      <label for="mnotes">Notes</label><textarea id="mnotes" name="notes" rows="2"></textarea>
      <p class="error" role="alert"></p><button type="submit">Record meeting</button></form>` : ''}`;
  const form = el.querySelector('#newmeeting');
  if (form) form.onsubmit = (e) => {
    e.preventDefault();
    const f = new FormData(form);
    const body = {
      kind: f.get('kind'), activity: f.get('activity') || '', title: f.get('title'), held_on: f.get('held_on'), starts_at: f.get('starts_at') || '', agencies: f.getAll('agencies'),
      notes: f.get('notes'), decisions: f.get('decisions').split('\n').map((s) => s.trim()).filter(Boolean),
      actions: [1, 2].filter((n) => f.get(`action${n}`).trim()).map((n) => ({ action: f.get(`action${n}`), owner_agency: f.get(`owner${n}`), due_on: f.get(`due${n}`) })),
    };
    api('POST', base, body).then(() => { toast('Meeting recorded.'); meetingsTab(el, full); }, (err) => { form.querySelector('.error').textContent = err.message; });
  };
}

function card(m) {
  return `<article class="card meeting" style="margin-bottom:1em" aria-labelledby="m-${m.id}">
    <h3 id="m-${m.id}">${esc(m.title)} <span class="badge">${esc(kindLabels[m.kind] || m.kind)}</span></h3>
    <p>${esc(m.held_on)}${m.starts_at ? ` at ${esc(m.starts_at)}` : ''}${m.location ? `, ${esc(m.location)}` : ''}.
      ${m.agencies.length ? `Attending: ${m.agencies.map((a) => esc(humanise(a))).join(', ')}.` : ''}</p>
    ${m.decisions.length ? `<h4>Decisions</h4><ol class="decisions">${m.decisions.map((d) => `<li>${esc(d)}</li>`).join('')}</ol>` : ''}
    ${m.actions.length ? `<table><caption>Actions</caption><thead><tr><th>Action</th><th>Owner</th><th>Due</th><th>Status</th><th>From</th></tr></thead><tbody>${actionRows(m.actions)}</tbody></table>` : ''}
    ${m.notes ? `<p class="muted">${esc(m.notes)}</p>` : ''}</article>`;
}
