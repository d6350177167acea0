// People: each agency's JTAI single point of contact, its leads and the preparation group,
// with work contact details only (placesafe keeps no child's personal data).
import { api, get } from '../../api.js';
import { esc, humanise, toast } from '../../format.js';
import { may } from '../../app.js';

export const agencyKeys = ['childrens_social_care', 'police', 'health', 'education', 'youth_justice', 'probation', 'community_safety', 'vrp_vru', 'voluntary_sector', 'partnership'];

export async function peopleTab(el, full) {
  const base = `/api/v1/inspections/${full.id}/people`;
  const data = await get(base);
  const canAdd = may('POST', '/api/v1/inspections/:id/people');
  const spocs = new Set(data.people.filter((p) => p.role === 'spoc').map((p) => p.agency));
  const missing = agencyKeys.slice(0, 5).filter((a) => !spocs.has(a));
  el.innerHTML = `${missing.length ? `<p><span class="badge late">no SPOC</span> ${missing.map((a) => esc(humanise(a))).join(', ')}</p>` : '<p>Every statutory agency has named its SPOC.</p>'}
    ${data.people.length ? `<table id="people"><thead><tr><th>Agency</th><th>Role</th><th>Name and post</th><th>Work contact</th></tr></thead><tbody>
      ${data.people.map((p) => `<tr><td>${esc(humanise(p.agency))}</td><td>${p.role === 'spoc' ? 'JTAI SPOC' : p.role === 'dcs' ? 'DCS' : esc(humanise(p.role))}</td>
        <td>${esc(p.staff_name)}<br><span class="muted">${esc(p.post)}</span></td><td>${p.work_email ? `<a href="mailto:${esc(p.work_email)}">${esc(p.work_email)}</a>` : ''} ${esc(p.work_phone)}</td></tr>`).join('')}</tbody></table>` : '<p>No one recorded yet.</p>'}
    ${canAdd ? `<form id="newperson" class="card rowform"><h3 style="flex-basis:100%">Add a member of staff</h3>
      <div><label for="pagency">Agency</label><select id="pagency" name="agency">${agencyKeys.map((a) => `<option value="${a}">${esc(humanise(a))}</option>`).join('')}</select></div>
      <div><label for="prole">Role</label><select id="prole" name="role">${data.roles.map((r) => `<option value="${r}">${r === 'spoc' ? 'JTAI SPOC' : esc(humanise(r))}</option>`).join('')}</select></div>
      <div><label for="pname">Name</label><input id="pname" name="staff_name" type="text" required></div>
      <div><label for="ppost">Post</label><input id="ppost" name="post" type="text" required></div>
      <div><label for="pemail">Work e-mail</label><input id="pemail" name="work_email" type="email"></div>
      <div><label for="pphone">Work phone</label><input id="pphone" name="work_phone" type="text"></div>
      <div><button type="submit">Add</button></div><p class="error" role="alert" style="flex-basis:100%"></p></form>` : ''}`;
  const form = el.querySelector('#newperson');
  if (form) form.onsubmit = (e) => {
    e.preventDefault();
    api('POST', base, Object.fromEntries(new FormData(form)))
      .then(() => { toast('Added.'); peopleTab(el, full); }, (err) => { form.querySelector('.error').textContent = err.message; });
  };
}
