// The action plan: actions from preparation, audit rounds, meetings and the letter's findings,
// each with its owner, due date and status; late ones marked.
import { api, get } from '../../api.js';
import { esc, humanise, toast } from '../../format.js';
import { may } from '../../app.js';

const owners = ['partnership', 'childrens_social_care', 'police', 'health', 'education', 'youth_justice', 'community_safety', 'vrp_vru', 'probation'];
export const sources = { finding: 'the letter', preparation: 'preparation', audit: 'an audit round', meeting: 'a meeting' };

export function actionRows(actions) {
  return actions.map((a) => `<tr><td>${esc(a.action)}</td><td>${esc(humanise(a.owner_agency))}${a.owner ? `, ${esc(a.owner)}` : ''}</td>
    <td>${esc(a.due_on)}</td><td>${esc(humanise(a.status))}${a.late ? ' <span class="badge late">late</span>' : ''}</td><td>${esc(sources[a.source] || a.source)}</td></tr>`).join('');
}

export async function actionPlanTab(el, full) {
  const base = `/api/v1/inspections/${full.id}/action-plan`;
  const plan = await get(base);
  const c = plan.counts;
  const canAdd = may('POST', '/api/v1/inspections/:id/action-plan');
  el.innerHTML = `<p>${plan.actions.length} actions: ${c.complete} complete, ${c.in_progress} in progress, ${c.not_started} not started${c.late ? `, <span class="badge late">${c.late} late</span>` : ''}.</p>
    ${plan.actions.length ? `<table id="actions"><thead><tr><th>Action</th><th>Owner</th><th>Due</th><th>Status</th><th>From</th></tr></thead><tbody>${actionRows(plan.actions)}</tbody></table>` : '<p>No actions yet.</p>'}
    ${canAdd ? `<form id="newaction" class="card rowform"><h3 style="flex-basis:100%">Add an action</h3>
      <div style="flex-basis:100%"><label for="aaction">Action</label><input id="aaction" name="action" type="text" required></div>
      <div><label for="aowner">Owner agency</label><select id="aowner" name="owner_agency">${owners.map((o) => `<option value="${o}">${esc(humanise(o))}</option>`).join('')}</select></div>
      <div><label for="apost">Owner (post)</label><input id="apost" name="owner" type="text"></div>
      <div><label for="adue">Due</label><input id="adue" name="due_on" type="date" required></div>
      <div><button type="submit">Add action</button></div><p class="error" role="alert" style="flex-basis:100%"></p></form>` : ''}`;
  const form = el.querySelector('#newaction');
  if (form) form.onsubmit = (e) => {
    e.preventDefault();
    api('POST', base, Object.fromEntries(new FormData(form)))
      .then(() => { toast('Action added.'); actionPlanTab(el, full); }, (err) => { form.querySelector('.error').textContent = err.message; });
  };
}
