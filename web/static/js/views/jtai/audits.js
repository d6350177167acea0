// Case sample and audits: the inspectors' case sample once notified, and the partnership's
// rolling practice audit rounds (six-monthly), each agency grading its practice in each child's
// case by pseudonymous reference, with strengths and learning; earlier rounds stay as history.
import { api, get } from '../../api.js';
import { esc, humanise, toast } from '../../format.js';

const grades = ['outstanding', 'good', 'requires_improvement', 'inadequate'];
const agencies = ['childrens_social_care', 'police', 'health', 'education', 'youth_justice', 'probation', 'voluntary_sector'];

export async function auditsTab(el, full) {
  const base = `/api/v1/inspections/${full.id}`;
  const [rounds, sample] = await Promise.all([get(`${base}/audit-rounds`),
    full.phase === 'inspection' ? get(`${base}/case-sample`) : Promise.resolve(null)]);
  el.innerHTML = `<section aria-labelledby="cs"><h2 id="cs">Inspectors' case sample</h2>${sample ? sampleTable(sample) : '<p>Inspectors select the case sample after notification.</p>'}</section>
    <section aria-labelledby="ar"><h2 id="ar">Practice audit rounds</h2>
      <p class="muted">A round every six months, when the inspectorates announce new themes. Children are named only by the case system's pseudonymous reference.</p>
      <div id="rounds">${rounds.audit_rounds.slice().reverse().map(roundCard).join('') || '<p>No audit round yet.</p>'}</div>
      <form id="newround" class="card rowform"><h3 style="flex-basis:100%">Open an audit round</h3>
        <div><label for="rtitle">Title</label><input id="rtitle" name="title" type="text" required></div>
        <div><label for="rfrom">Practice from</label><input id="rfrom" name="period_from" type="date" required></div>
        <div><label for="rto">Practice to</label><input id="rto" name="period_to" type="date" required></div>
        <div><button type="submit">Open round</button></div><p class="error" role="alert" style="flex-basis:100%"></p></form></section>`;
  const reload = () => auditsTab(el, full);
  const fail = (form) => (err) => { form.querySelector('.error').textContent = err.message; };
  el.querySelector('#newround').onsubmit = (e) => {
    e.preventDefault();
    const f = Object.fromEntries(new FormData(e.target));
    api('POST', `${base}/audit-rounds`, f).then(reload, fail(e.target));
  };
  for (const form of el.querySelectorAll('form[data-grading]')) {
    form.onsubmit = (e) => {
      e.preventDefault();
      const f = new FormData(form);
      const grade = f.get('grade') || null;
      api('PUT', `${base}/audit-rounds/${form.dataset.round}/cases/${form.dataset.case}/gradings/${form.dataset.agency}`,
        { status: grade ? 'complete' : 'in_progress', grade, strengths: f.get('strengths'), learning: f.get('learning') })
        .then(() => { toast('Grading saved.'); reload(); }, fail(form));
    };
  }
  for (const form of el.querySelectorAll('form[data-addcase]')) {
    form.onsubmit = (e) => {
      e.preventDefault();
      const f = new FormData(form);
      api('POST', `${base}/audit-rounds/${form.dataset.addcase}/cases`, { reference: f.get('reference'), agencies: f.getAll('agencies') }).then(reload, fail(form));
    };
  }
  for (const form of el.querySelectorAll('form[data-complete]')) {
    form.onsubmit = async (e) => {
      e.preventDefault();
      try {
        const { etag } = await api('GET', `${base}/audit-rounds/${form.dataset.complete}`);
        await api('PATCH', `${base}/audit-rounds/${form.dataset.complete}`, { status: 'complete', learning: new FormData(form).get('learning') }, { 'If-Match': etag });
        toast('Audit round complete.');
        reload();
      } catch (err) {
        fail(form)(err);
      }
    };
  }
}

function sampleTable(s) {
  return `<p>${s.count} children, ${s.selected_for_audit} selected for audit (inspectors select ${s.audit_min} to ${s.audit_max}).</p>
    ${s.warnings.map((w) => `<p class="muted">${esc(w)}</p>`).join('')}
    ${s.children.length ? `<table><thead><tr><th>Reference</th><th class="num">Age</th><th>Agencies</th><th>Audit</th></tr></thead><tbody>
      ${s.children.map((c) => `<tr><td>${esc(c.reference)}</td><td class="num">${c.age_at_notification}${c.care_leaver ? ' (care leaver)' : ''}</td>
        <td>${c.agencies.map((a) => esc(humanise(a))).join(', ')}</td><td>${c.selected_for_audit ? (c.audit_complete ? 'complete' : 'in progress') : '–'}</td></tr>`).join('')}</tbody></table>` : ''}`;
}

function roundCard(r) {
  const open = r.status === 'open';
  return `<article class="card" aria-labelledby="round-${r.id}" style="margin-bottom:1em">
    <h3 id="round-${r.id}">${esc(r.title)} <span class="badge ${open ? 'submitted' : 'done'}">${open ? 'open' : `complete ${esc(r.completed_on || '')}`}</span>
      <span class="badge">${r.phase === 'preparation' ? 'preparation' : 'during the inspection'}</span></h3>
    <p>Practice from ${esc(r.period_from)} to ${esc(r.period_to)}: <span class="roundcount">${r.complete} of ${r.gradings}</span> gradings complete.
      ${r.by_agency.map((g) => `${esc(humanise(g.agency))} ${g.complete}/${g.gradings}`).join(' · ')}</p>
    ${r.learning ? `<p><strong>Learning:</strong> ${esc(r.learning)}</p>` : ''}
    <table><thead><tr><th>Case</th><th>Agency</th><th>Grading</th></tr></thead><tbody>
      ${r.cases.flatMap((c) => c.gradings.map((g) => `<tr><td>${esc(c.reference)}</td><td>${esc(humanise(g.agency))}</td>
        <td>${g.status === 'complete' ? `<span class="badge">${esc(humanise(g.grade))}</span> ${esc(g.learning)}` : open ? gradingForm(r, c, g) : esc(humanise(g.status))}</td></tr>`)).join('')}</tbody></table>
    ${open ? `<form class="rowform" data-addcase="${r.id}"><div><label for="ref-${r.id}">Case reference</label><input id="ref-${r.id}" name="reference" type="text" required></div>
      <fieldset class="checks"><legend>Agencies involved</legend>${agencies.map((a) => `<label><input type="checkbox" name="agencies" value="${a}">${esc(humanise(a))}</label>`).join('')}</fieldset>
      <div><button type="submit" class="secondary">Add case</button></div><p class="error" role="alert"></p></form>
      <form class="rowform" data-complete="${r.id}"><div style="flex-basis:100%"><label for="learn-${r.id}">What the round learned</label><textarea id="learn-${r.id}" name="learning" rows="2"></textarea></div>
      <div><button type="submit">Complete round</button></div><p class="error" role="alert"></p></form>` : ''}
  </article>`;
}

function gradingForm(r, c, g) {
  const id = `g-${c.id}-${g.agency}`;
  return `<form class="rowform" data-grading="${esc(c.reference)}/${esc(g.agency)}" data-round="${r.id}" data-case="${c.id}" data-agency="${esc(g.agency)}">
    <div><label for="${id}-grade">Grade</label><select id="${id}-grade" name="grade"><option value="">Not yet graded</option>${grades.map((x) => `<option value="${x}">${esc(humanise(x))}</option>`).join('')}</select></div>
    <div><label for="${id}-str">Strengths</label><input id="${id}-str" name="strengths" type="text"></div>
    <div><label for="${id}-learn">Learning</label><input id="${id}-learn" name="learning" type="text"></div>
    <div><button type="submit">Save grading</button></div><p class="error" role="alert"></p></form>`;
}
