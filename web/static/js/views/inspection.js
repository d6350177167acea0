// JTAI lead screens: a record per partnership from the day it starts preparing, chosen at the
// top, with a tab for each part of the inspection: the overview (timetable or notification,
// Annex A, gaps, evidence, pack), readiness, case sample and audits, self-assessment, action
// plan, people, meetings and the fieldwork schedule. Routes: #/inspection/<id>/<tab>.
import { api, get, query } from '../api.js';
import { esc, humanise } from '../format.js';
import { may } from '../app.js';
import { overviewTab, createForm } from './jtai/overview.js';
import { readinessTab } from './jtai/readiness.js';
import { auditsTab } from './jtai/audits.js';
import { selfAssessmentTab } from './jtai/selfassess.js';
import { actionPlanTab } from './jtai/actions.js';
import { peopleTab } from './jtai/people.js';
import { meetingsTab } from './jtai/meetings.js';
import { fieldworkTab } from './jtai/fieldwork.js';
import { findingsTab } from './jtai/findings.js';

// Each tab shows for the roles that may read what it shows.
const tabs = [
  { key: 'overview', label: 'Overview', needs: '/api/v1/inspections/:id', render: overviewTab },
  { key: 'readiness', label: 'Readiness', needs: '/api/v1/inspections/:id/readiness', render: readinessTab },
  { key: 'audits', label: 'Case sample and audits', needs: '/api/v1/inspections/:id/case-sample', render: auditsTab },
  { key: 'self-assessment', label: 'Self-assessment', needs: '/api/v1/inspections/:id/self-assessment', render: selfAssessmentTab },
  { key: 'findings', label: 'Findings', needs: '/api/v1/inspections/:id/findings', render: findingsTab },
  { key: 'action-plan', label: 'Action plan', needs: '/api/v1/inspections/:id/action-plan', render: actionPlanTab },
  { key: 'people', label: 'People', needs: '/api/v1/inspections/:id/people', render: peopleTab },
  { key: 'meetings', label: 'Meetings', needs: '/api/v1/inspections/:id/meetings', render: meetingsTab },
  { key: 'fieldwork', label: 'Fieldwork', needs: '/api/v1/inspections/:id/fieldwork', render: fieldworkTab },
];

function recordLabel(i) {
  const when = i.phase === 'preparation' ? 'preparing, not notified' : `notified ${i.notified_on}`;
  return `${i.local_area}: ${i.framework_title || humanise(i.framework)} (${when})`;
}

export async function inspectionView(main, id) {
  const list = (await get('/api/v1/inspections' + query({ limit: 50 }))).inspections || [];
  const tabKey = location.hash.replace(/^#\/?/, '').split('/')[2] || 'overview';
  main.innerHTML = `<div class="page"><h1>Joint targeted area inspection</h1><div id="insp"></div></div>`;
  const el = main.querySelector('#insp');
  const insp = list.find((i) => String(i.id) === String(id)) || list[0];
  if (!insp) {
    el.innerHTML = may('POST', '/api/v1/inspections') ? createForm() : '<p>No inspection has been recorded yet.</p>';
    const form = el.querySelector('#newinsp');
    if (form) form.onsubmit = async (e) => {
      e.preventDefault();
      const f = new FormData(form);
      try {
        await api('POST', '/api/v1/inspections', { framework: f.get('framework'), local_area: f.get('local_area'), notified_on: f.get('notified_on') || undefined });
        inspectionView(main);
      } catch (err) {
        form.querySelector('.error').textContent = err.message;
      }
    };
    return;
  }
  const mine = tabs.filter((t) => may('GET', t.needs));
  const tab = mine.find((t) => t.key === tabKey) || mine[0];
  el.innerHTML = `<div class="recordbar"><label for="inspsel">Inspection record</label>
      <select id="inspsel">${list.map((i) => `<option value="${i.id}" ${i.id === insp.id ? 'selected' : ''}>${esc(recordLabel(i))}</option>`).join('')}</select></div>
    <nav class="tabs" aria-label="Inspection sections">${mine.map((t) => `<a href="#/inspection/${insp.id}/${t.key}" ${t === tab ? 'aria-current="page"' : ''}>${esc(t.label)}</a>`).join('')}</nav>
    <div id="tab"><p class="muted">Loading…</p></div>`;
  el.querySelector('#inspsel').onchange = (e) => { location.hash = `#/inspection/${e.target.value}/${tab.key}`; };
  const full = await get(`/api/v1/inspections/${insp.id}`);
  const box = el.querySelector('#tab');
  await tab.render(box, full, () => inspectionView(main, insp.id));
}
