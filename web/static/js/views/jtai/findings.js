// The letter's findings: strengths, areas for improvement and areas for priority action, each
// with the lines of enquiry it speaks to and the actions the plan holds for it. Runners record
// and edit findings (If-Match on each change) and turn a finding into an action.
import { api, get } from '../../api.js';
import { esc, humanise, toast } from '../../format.js';
import { may } from '../../app.js';
import { actionRows } from './actions.js';

const kinds = ['strength', 'area_for_improvement', 'area_for_priority_action'];

function lineOptions(lines, chosen = []) {
  return lines.map((l) => `<option value="${esc(l.key)}" ${chosen.includes(l.key) ? 'selected' : ''}>${esc(l.title)}</option>`).join('');
}

function findingForm(id, lines, f) {
  const k = f ? f.kind : 'strength';
  return `<form class="card" id="${id}" ${f ? `data-id="${f.id}" data-version="${f.version}"` : ''}>
    <h3>${f ? 'Edit the finding' : 'Record a finding from the letter'}</h3>
    <label for="${id}-kind">Kind</label><select id="${id}-kind" name="kind">${kinds.map((x) => `<option value="${x}" ${x === k ? 'selected' : ''}>${esc(humanise(x))}</option>`).join('')}</select>
    <label for="${id}-text">Finding, as the letter words it</label><textarea id="${id}-text" name="text" rows="3" required>${esc(f ? f.text : '')}</textarea>
    <label for="${id}-lines">Lines of enquiry it speaks to</label><select id="${id}-lines" name="lines" multiple size="5">${lineOptions(lines, f ? f.lines : [])}</select>
    <p class="error" role="alert"></p><button type="submit">${f ? 'Save the finding' : 'Add the finding'}</button></form>`;
}

export async function findingsTab(el, full) {
  const base = `/api/v1/inspections/${full.id}/findings`;
  const [data, plan, fw] = await Promise.all([get(base), get(`/api/v1/inspections/${full.id}/action-plan`),
    get(`/api/v1/frameworks/${encodeURIComponent(full.framework)}/lines?version=${full.framework_version}`)]);
  const lines = fw.lines || [];
  const title = Object.fromEntries(lines.map((l) => [l.key, l.title]));
  const canEdit = may('POST', '/api/v1/inspections/:id/findings');
  const c = data.counts;
  const list = data.findings || [];
  el.innerHTML = `<p id="findings-summary">${list.length} findings: ${c.strength} ${c.strength === 1 ? 'strength' : 'strengths'}, ${c.area_for_improvement} ${c.area_for_improvement === 1 ? 'area' : 'areas'} for improvement, ${c.area_for_priority_action} ${c.area_for_priority_action === 1 ? 'area' : 'areas'} for priority action.</p>
    ${kinds.map((k) => {
      const mine = list.filter((f) => f.kind === k);
      return `<section aria-labelledby="fk-${k}"><h2 id="fk-${k}">${esc(humanise(k))}</h2>
        ${mine.length ? mine.map((f) => {
          const acts = plan.actions.filter((a) => a.finding_id === f.id);
          return `<article class="card finding" data-finding="${f.id}" style="margin-bottom:1em">
            <p>${esc(f.text)}</p>
            ${f.lines.length ? `<p class="muted">Lines of enquiry: ${f.lines.map((l) => esc(title[l] || l)).join('; ')}</p>` : ''}
            ${acts.length ? `<table><thead><tr><th>Action</th><th>Owner</th><th>Due</th><th>Status</th><th>From</th></tr></thead><tbody>${actionRows(acts)}</tbody></table>`
              : `<p class="muted">No action in the plan answers this finding yet.</p>`}
            ${canEdit ? `<details><summary>Edit</summary>${findingForm(`edit-${f.id}`, lines, f)}
              <button type="button" class="secondary" data-delete="${f.id}">Delete the finding</button></details>
              <details><summary>Add an action for this finding</summary><form class="card rowform" data-action-for="${f.id}">
                <div style="flex-basis:100%"><label for="fa-${f.id}">Action</label><input id="fa-${f.id}" name="action" type="text" required></div>
                <div><label for="fo-${f.id}">Owner agency</label><input id="fo-${f.id}" name="owner_agency" type="text" value="partnership" required></div>
                <div><label for="fd-${f.id}">Due</label><input id="fd-${f.id}" name="due_on" type="date" required></div>
                <div><button type="submit">Add the action</button></div><p class="error" role="alert" style="flex-basis:100%"></p></form></details>` : ''}
          </article>`;
        }).join('') : '<p class="muted">None recorded.</p>'}</section>`;
    }).join('')}
    ${canEdit ? findingForm('newfinding', lines) : ''}`;
  const refresh = (msg) => { toast(msg); findingsTab(el, full); };
  const bodyOf = (form) => ({
    kind: form.elements.kind.value,
    text: form.elements.text.value,
    lines: [...form.elements.lines.selectedOptions].map((o) => o.value),
  });
  const add = el.querySelector('#newfinding');
  if (add) add.onsubmit = (e) => {
    e.preventDefault();
    api('POST', base, bodyOf(add)).then(() => refresh('Finding recorded.'), (err) => { add.querySelector('.error').textContent = err.message; });
  };
  for (const form of el.querySelectorAll('form[data-id]')) {
    form.onsubmit = (e) => {
      e.preventDefault();
      api('PATCH', `${base}/${form.dataset.id}`, bodyOf(form), { 'If-Match': `"${form.dataset.version}"` })
        .then(() => refresh('Finding saved.'), (err) => {
          form.querySelector('.error').textContent = err.status === 412 ? 'Someone else changed this finding since you opened it: reload to see their version.' : err.message;
        });
    };
  }
  for (const btn of el.querySelectorAll('button[data-delete]')) {
    btn.onclick = () => {
      if (!window.confirm('Delete this finding?')) return;
      api('DELETE', `${base}/${btn.dataset.delete}`).then(() => refresh('Finding deleted.'), (err) => toast(err.message));
    };
  }
  for (const form of el.querySelectorAll('form[data-action-for]')) {
    form.onsubmit = (e) => {
      e.preventDefault();
      const body = Object.fromEntries(new FormData(form));
      body.finding_id = Number(form.dataset.actionFor);
      api('POST', `/api/v1/inspections/${full.id}/action-plan`, body)
        .then(() => refresh('Action added to the plan.'), (err) => { form.querySelector('.error').textContent = err.message; });
    };
  }
}
