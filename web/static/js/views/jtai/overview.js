// The inspection's overview: for a notified inspection the timetable with today's position and
// deadlines; for a preparation the form that records the notification. Then the Annex A
// checklist with progress by agency, the gap analysis by line of enquiry, the evidence library
// with upload, and the evidence-pack export with progress and download.
import { api, get, query } from '../../api.js';
import { esc, humanise, isoDate, toast } from '../../format.js';
import { may, session } from '../../app.js';


export async function overviewTab(el, full, reload) {
  const head = full.phase === 'preparation'
    ? `<p>${esc(full.framework_title || humanise(full.framework))}: <strong>${esc(full.local_area)}</strong> has been preparing since ${esc(full.created_at.slice(0, 10))}; no notification yet.</p>
      ${may('PATCH', '/api/v1/inspections/:id') ? notifyForm() : ''}`
    : `<p>${esc(full.framework_title || humanise(full.framework))} inspection of <strong>${esc(full.local_area)}</strong>, notified on ${esc(full.notified_on)}.</p>
      ${(full.warnings || []).map((w) => `<p class="muted">${esc(w)}</p>`).join('')}
      <section aria-labelledby="tl"><h2 id="tl">Timetable</h2>${timeline(full.milestones || [], may('PATCH', '/api/v1/inspections/:id/milestones/:key'))}
      <p class="muted">Written statement basis: ${esc(full.written_statement_basis || '')}</p></section>`;
  el.innerHTML = `${head}
    <section aria-labelledby="aa"><h2 id="aa">Annex A information request</h2><div id="annexa"><p class="muted">Loading…</p></div></section>
    <section aria-labelledby="gp"><h2 id="gp">Gap analysis by line of enquiry</h2><div id="gaps"><p class="muted">Loading…</p></div></section>
    <section aria-labelledby="ev"><h2 id="ev">Evidence library</h2><div id="evidence"><p class="muted">Loading…</p></div></section>
    <section aria-labelledby="pk"><h2 id="pk">Evidence pack</h2><div id="pack">${packControls()}</div></section>`;
  const form = el.querySelector('#notify');
  if (form) form.onsubmit = async (e) => {
    e.preventDefault();
    try {
      const { etag } = await api('GET', `/api/v1/inspections/${full.id}`);
      await api('POST', `/api/v1/inspections/${full.id}/notification`, { notified_on: new FormData(form).get('notified_on') }, { 'If-Match': etag });
      toast('Notification recorded: the timetable follows from it.');
      reload();
    } catch (err) {
      form.querySelector('.error').textContent = err.message;
    }
  };
  wireMilestones(el, full.id, reload);
  const refreshGaps = () => gaps(el.querySelector('#gaps'), full.id);
  annexA(el.querySelector('#annexa'), full.id);
  refreshGaps();
  evidence(el.querySelector('#evidence'), full.id, full.framework, () => { refreshGaps(); annexA(el.querySelector('#annexa'), full.id); });
  pack(el.querySelector('#pack'), full.id);
}

function notifyForm() {
  return `<form id="notify" class="card" style="max-width:460px"><h2>Record the notification</h2>
    <p class="muted">Everything prepared stays on this record; the timetable follows from the date.</p>
    <label for="notified_on">Notification date (a Monday)</label><input id="notified_on" name="notified_on" type="date" required>
    <p class="error" role="alert"></p><button type="submit">Record notification</button></form>`;
}

export function createForm() {
  return `<form id="newinsp" class="card" style="max-width:460px"><h2>Start preparing or record a notification</h2>
    <label for="framework">Framework</label><select id="framework" name="framework">
      <option value="serious_youth_violence">Serious youth violence</option><option value="criminal_exploitation">Criminal exploitation of children</option>
      <option value="early_help">Children and families who need help</option><option value="front_door">Identification of initial need and risk</option>
      <option value="domestic_abuse">Children who are victims of domestic abuse</option></select>
    <label for="local_area">Local area</label><input id="local_area" name="local_area" type="text" required value="Northbridge">
    <label for="notified_on">Notification date (a Monday; leave empty while preparing)</label><input id="notified_on" name="notified_on" type="date">
    <p class="error" role="alert"></p><button type="submit">Create inspection</button></form>`;
}

// timeline lists the milestones with today's place among them; the JTAI lead records when
// each happened (or clears it) in place.
function timeline(ms, editable) {
  const today = isoDate(new Date());
  let placed = false;
  const rows = [];
  for (const m of ms) {
    if (!placed && m.due && m.due > today) {
      rows.push(`<li class="today"><span style="width:8em">${today}</span><span>Today</span></li>`);
      placed = true;
    }
    const name = m.title || humanise(m.key);
    const edit = editable && m.key !== 'notification' ? `<form class="inline milestone" data-milestone="${esc(m.key)}">
        <label class="sr-only" for="ms-${esc(m.key)}">Date ${esc(name)} happened</label>
        <input type="date" id="ms-${esc(m.key)}" name="actual" value="${esc(m.actual || today)}">
        <button type="submit" class="secondary">${m.actual ? 'Change date' : 'Mark done'}</button>
        ${m.actual ? `<button type="button" class="secondary" data-clear="${esc(m.key)}" aria-label="Clear the date ${esc(name)} happened">Clear</button>` : ''}</form>` : '';
    rows.push(`<li data-key="${esc(m.key)}"><span style="width:8em">${esc(m.due || '—')}</span><span>${esc(name)}${m.actual ? ` — <strong>done ${esc(m.actual)}</strong>` : ''}
      ${m.late ? ' <span class="badge late">late</span>' : ''}${m.error ? ` <span class="muted">(${esc(m.error)})</span>` : ''}</span>${edit}</li>`);
  }
  if (!placed) rows.push(`<li class="today"><span style="width:8em">${today}</span><span>Today</span></li>`);
  return `<ol class="timeline">${rows.join('')}</ol>`;
}

// wireMilestones saves a milestone's date against the inspection's version; a change made
// meanwhile by someone else is reported and the page reloaded with it.
function wireMilestones(el, id, reload) {
  const save = async (key, actual) => {
    try {
      const { etag } = await api('GET', `/api/v1/inspections/${id}`);
      await api('PATCH', `/api/v1/inspections/${id}/milestones/${key}`, { actual }, { 'If-Match': etag });
      toast(actual ? `Milestone recorded as done on ${actual}.` : 'Milestone date cleared.');
    } catch (err) {
      toast(err.status === 412 ? 'Someone else changed the timetable meanwhile; it is reloaded with their change.' : err.message);
    }
    reload();
  };
  el.querySelectorAll('form[data-milestone]').forEach((f) => {
    f.onsubmit = (e) => { e.preventDefault(); save(f.dataset.milestone, new FormData(f).get('actual')); };
  });
  el.querySelectorAll('[data-clear]').forEach((b) => { b.onclick = () => save(b.dataset.clear, null); });
}

const itemKinds = { annex_a: 'Annex A', exceptional: 'Exceptional request', placesafe_evidence: 'placesafe evidence (not Annex A)' };

async function annexA(el, id) {
  try {
    const [a, ev] = await Promise.all([get(`/api/v1/inspections/${id}/annex-a`), get(`/api/v1/inspections/${id}/evidence` + query({ limit: 100 })).catch(() => ({ evidence: [] }))]);
    const docs = ev.evidence || [];
    const late = a.total.late ? `, <span class="badge late">${a.total.late} late</span>` : ', none late';
    el.innerHTML = `<p>${a.total.submitted} of ${a.total.items} Annex A items submitted${a.notified_on ? late : ' (nothing is due before the notification)'}.
      ${a.placesafe_evidence ? `placesafe's own places-and-spaces evidence (${a.placesafe_evidence} items) is listed beside them and not counted.` : ''}</p>
      <table><caption>Progress by agency</caption><thead><tr><th>Agency</th><th class="num">Items</th><th class="num">Submitted</th><th class="num">Late</th><th>Progress</th></tr></thead><tbody>
      ${a.by_agency.map((g) => `<tr><td>${esc(humanise(g.agency))}</td><td class="num">${g.items}</td><td class="num">${g.submitted}</td><td class="num">${g.late}</td>
        <td><div class="progress" role="progressbar" aria-valuenow="${g.percent_submitted}" aria-valuemin="0" aria-valuemax="100" aria-label="${esc(humanise(g.agency))}"><span style="width:${g.percent_submitted}%"></span></div></td></tr>`).join('')}</tbody></table>
      <details><summary>All ${a.items.length} items</summary><table><thead><tr><th>Item</th><th>Kind</th><th>Owner</th><th>Due</th><th>Status</th><th><span class="sr-only">Update</span></th></tr></thead><tbody>
      ${a.items.map((it) => `<tr><td>${esc(it.title)}</td><td>${esc(itemKinds[it.kind] || it.kind)}</td><td>${esc(humanise(it.owner_agency))}</td>
        <td>${esc(it.due_on || (it.kind === 'placesafe_evidence' ? 'not requested' : 'after notification'))}${it.due_set ? ' <span class="muted">(set by the JTAI lead)</span>' : ''}</td>
        <td>${esc(humanise(it.status))}${it.late ? ' <span class="badge late">late</span>' : ''}</td>
        <td>${session.recordLevel && it.kind !== 'placesafe_evidence' ? `<button type="button" class="secondary" data-edit="${esc(it.key)}" aria-label="Update ${esc(it.title)}">Update</button>` : ''}</td></tr>
        <tr hidden data-form="${esc(it.key)}"><td colspan="6"><form class="inline" data-key="${esc(it.key)}" data-version="${it.version}">
          <label>Status <select name="status">${['not_started', 'in_progress', 'submitted'].map((v) => `<option value="${v}"${v === it.status ? ' selected' : ''}>${esc(humanise(v))}</option>`).join('')}</select></label>
          <label>Owner <select name="owner_agency">${agencyCodes.map((v) => `<option value="${v}"${v === it.owner_agency ? ' selected' : ''}>${esc(humanise(v))}</option>`).join('')}</select></label>
          ${a.notified_on ? `<label>Due <input type="date" name="due_on" value="${esc(it.due_on || '')}"></label>` : ''}
          ${docs.length ? `<label>Linked evidence <select name="evidence_ids" multiple size="${Math.min(4, docs.length)}">${docs.map((d) => `<option value="${d.id}"${(it.evidence_ids || []).includes(d.id) ? ' selected' : ''}>${esc(d.title)}</option>`).join('')}</select></label>` : ''}
          <button type="submit">Save</button></form></td></tr>`).join('')}</tbody></table></details>`;
    el.querySelectorAll('[data-edit]').forEach((b) => {
      b.onclick = () => { const row = el.querySelector(`[data-form="${b.dataset.edit}"]`); row.hidden = !row.hidden; };
    });
    el.querySelectorAll('form[data-key]').forEach((form) => {
      form.onsubmit = async (e) => {
        e.preventDefault();
        const f = new FormData(form);
        const body = { status: f.get('status'), owner_agency: f.get('owner_agency') };
        if (f.get('due_on')) body.due_on = f.get('due_on');
        if (form.querySelector('[name="evidence_ids"]')) body.evidence_ids = f.getAll('evidence_ids').map(Number);
        try {
          await api('PATCH', `/api/v1/inspections/${id}/annex-a/${form.dataset.key}`, body, { 'If-Match': `"${form.dataset.version}"` });
          toast('Annex A item updated.');
          annexA(el, id);
        } catch (err) {
          toast(err.status === 412 ? 'Someone else changed this item meanwhile; the list is reloaded with their change.' : err.message);
          if (err.status === 412) annexA(el, id);
        }
      };
    });
  } catch (e) {
    el.innerHTML = `<p class="muted">${esc(e.message)}</p>`;
  }
}

// agencyCodes are the agencies that own Annex A items.
const agencyCodes = ['police', 'childrens_social_care', 'education', 'youth_justice', 'health', 'community_safety', 'vrp_vru', 'voluntary_sector', 'probation', 'transport_operator', 'business_landowner', 'partnership'];

// gapProgress says what evidence a gap already has on its way to approval.
function gapProgress(ev) {
  const parts = ['draft', 'quality_assured'].filter((k) => ev?.[k]).map((k) => `${ev[k]} ${humanise(k).toLowerCase()}`);
  return parts.length ? `evidence so far: ${parts.join(', ')}` : 'no evidence yet';
}

async function gaps(el, id) {
  try {
    const g = await get(`/api/v1/inspections/${id}/gaps`);
    el.innerHTML = `<p>${g.covered} of ${g.lines} lines of enquiry have approved evidence.</p>` + (g.gaps.length ? `<ul>${g.gaps.map((x) => `<li data-line="${esc(x.line.key)}"><strong>${esc(x.line.title)}</strong> <span class="muted">(${esc(humanise(x.line.strand))})</span>
        <span class="muted">— ${gapProgress(x.evidence)}</span></li>`).join('')}</ul>
      <p class="muted">A gap closes when a document on its line is approved (Evidence library, Quality).</p>` : '<p>No gaps.</p>');
  } catch (e) {
    el.innerHTML = `<p class="muted">${esc(e.message)}</p>`;
  }
}

async function evidence(el, id, framework, changed) {
  const load = async () => {
    const data = await get(`/api/v1/inspections/${id}/evidence` + query({ limit: 100 }));
    const list = data.evidence || [];
    // Each item says which quality statuses the signed-in user may move it to: the service's
    // rule, so the dashboard keeps no copy of it.
    const qa = (e) => {
      const moves = e.qa_moves || [];
      if (!moves.length) return `<span class="badge ${esc(e.qa_status)}">${esc(humanise(e.qa_status))}</span>`;
      return `<form class="inline qa" data-eid="${e.id}" data-version="${e.version}"><label class="sr-only" for="qa-${e.id}">Quality of ${esc(e.title)}</label>
        <select id="qa-${e.id}" name="qa_status"><option value="${esc(e.qa_status)}" selected>${esc(humanise(e.qa_status))}</option>${moves.map((m) => `<option value="${m}">${esc(humanise(m))}</option>`).join('')}</select>
        <button type="submit" class="secondary" aria-label="Save the quality of ${esc(e.title)}">Save</button></form>`;
    };
    return list.length ? `<table><thead><tr><th>Title</th><th>Owner</th><th>Lines</th><th>Quality</th></tr></thead><tbody>
      ${list.map((e) => `<tr><td>${e.url ? `<a href="${esc(e.url)}" rel="noopener">${esc(e.title)}</a>` : `<a href="/api/v1/inspections/${id}/evidence/${e.id}/content">${esc(e.title)}</a>`}</td>
        <td>${esc(humanise(e.owner_agency || ''))}</td><td>${(e.lines || []).map(esc).join(', ')}</td><td>${qa(e)}</td></tr>`).join('')}</tbody></table>` : '<p>No evidence yet.</p>';
  };
  // Quality changes go against the item's version; approving evidence closes its lines' gaps.
  const wire = () => el.querySelectorAll('form.qa').forEach((f) => {
    f.onsubmit = async (e) => {
      e.preventDefault();
      try {
        await api('PATCH', `/api/v1/inspections/${id}/evidence/${f.dataset.eid}`, { qa_status: new FormData(f).get('qa_status') }, { 'If-Match': `"${f.dataset.version}"` });
        toast('Evidence quality updated.');
      } catch (err) {
        toast(err.status === 412 ? 'Someone else changed this evidence meanwhile; the list is reloaded with their change.' : err.message);
      }
      el.querySelector('#evlist').innerHTML = await load();
      wire();
      changed();
    };
  });
  const lines = (await get(`/api/v1/frameworks/${framework}/lines`).catch(() => ({ lines: [] }))).lines;
  const canAdd = may('POST', '/api/v1/inspections/:id/evidence');
  el.innerHTML = `<div id="evlist">${await load()}</div>` + (canAdd ? `<form id="evform" class="card" style="max-width:560px">
    <h3>Add a document</h3><label for="evtitle">Title</label><input id="evtitle" name="title" type="text" required>
    <label for="evowner">Owner agency</label><select id="evowner" name="owner_agency">${['police', 'childrens_social_care', 'education', 'youth_justice', 'health', 'community_safety', 'vrp_vru', 'voluntary_sector'].map((a) => `<option value="${a}">${esc(humanise(a))}</option>`).join('')}</select>
    <label for="evlines">Lines of enquiry</label><select id="evlines" name="lines" multiple size="5">${lines.map((l) => `<option value="${esc(l.key)}">${esc(l.title)}</option>`).join('')}</select>
    <label for="evfile">File (PDF, Word, Excel, image, CSV or text)</label><input id="evfile" name="file" type="file" required>
    <p class="error" role="alert"></p><button type="submit">Upload</button></form>` : '');
  wire();
  const form = el.querySelector('#evform');
  if (form) form.onsubmit = async (e) => {
    e.preventDefault();
    try {
      await api('POST', `/api/v1/inspections/${id}/evidence`, new FormData(form));
    } catch (err) {
      form.querySelector('.error').textContent = err.message;
      return;
    }
    toast('Evidence added.');
    form.reset();
    el.querySelector('#evlist').innerHTML = await load();
    wire();
    changed();
  };
}

function packControls() {
  const share = session.recordLevel ? `<form id="shareform" class="inline"><p>Your pack holds exact counts. The inspectors' copy is protected as for the inspector role and records with whom it is shared.</p>
    <label>Shared with <input name="shared_with" required maxlength="200" placeholder="e.g. Ofsted lead inspector"></label>
    <button type="submit" class="secondary">Build the inspectors' copy</button></form>` : '';
  return `<p>One ZIP with the workbook, map layers, map images, evaluation charts and a report organised by the five places-and-spaces questions.</p>
    <button type="button" id="buildpack">Build evidence pack</button> ${share} <span id="packstatus" role="status" aria-live="polite"></span>`;
}

function pack(el, id) {
  const build = async (body) => {
    const status = el.querySelector('#packstatus');
    try {
      const { data } = await api('POST', `/api/v1/inspections/${id}/evidence-pack`, body);
      status.textContent = 'Building…';
      for (;;) {
        await new Promise((r) => setTimeout(r, 500));
        const job = await get(`/api/v1/exports/${data.export_id}`);
        if (job.status === 'done') {
          status.innerHTML = `Ready: <a id="packlink" href="/api/v1/exports/${data.export_id}/download" download>download the evidence pack</a>`;
          return;
        }
        if (job.status === 'failed') { status.textContent = `The pack could not be built: ${job.error || 'see the server log'}`; return; }
        const p = job.progress || {};
        status.textContent = `Building… ${p.done ?? ''}${p.total ? ` of ${p.total}` : ''} ${p.step ? `(${humanise(p.step)})` : ''}`;
      }
    } catch (e) {
      status.textContent = e.message;
    }
  };
  el.querySelector('#buildpack').onclick = () => build();
  const share = el.querySelector('#shareform');
  if (share) share.onsubmit = (e) => { e.preventDefault(); build({ copy_for: 'inspector', shared_with: share.shared_with.value }); };
}
