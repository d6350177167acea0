// The dashboard's shell: who is signed in, the navigation their role allows, and a hash router
// (#/map, #/interventions, #/interventions/7, #/inspection, …).
import { api, chooseArea, chosenArea, get } from './api.js';
import { esc, setLabels, setThreshold } from './format.js';
import { signIn } from './views/signin.js';
import { mapView } from './views/map.js';
import { interventionsView, interventionView } from './views/interventions.js';
import { inspectionView } from './views/inspection.js';
import { analysesView } from './views/analyses.js';
import { reviewQueueView } from './views/review.js';
import { localAreasView } from './views/localareas.js';

export const session = { user: null, recordLevel: false, config: {}, routes: new Set(), home: '', areas: [] };

// may tells whether the signed-in user's role may call a route ("POST", "/api/v1/inspections"),
// as the service lists them at sign-in: the dashboard keeps no copy of the role rules.
export function may(method, path) {
  return session.routes.has(method + ' ' + path);
}

// seesSeveralAreas tells whether the user sees more than one local area (all of a deployment
// of several, or several listed for them): the area switcher and the comparison are for them.
export function seesSeveralAreas() {
  return session.areas.length >= 2;
}

// Each screen shows for the roles that may call the route it rests on (and when its own
// condition, if any, holds).
const screens = [
  { path: 'review', label: 'Review queue', needs: 'POST /api/v1/interventions/:id/approve', view: reviewQueueView },
  { path: 'map', label: 'Map', needs: 'GET /api/v1/hotspots', view: mapView },
  { path: 'interventions', label: 'Interventions', needs: 'GET /api/v1/interventions', view: interventionsView },
  { path: 'analyses', label: 'Analyses', needs: 'GET /api/v1/analyses', view: analysesView },
  { path: 'inspection', label: 'Inspection', needs: 'GET /api/v1/inspections', view: inspectionView },
  { path: 'local-areas', label: 'Local areas', needs: 'GET /api/v1/local-areas/comparison', view: localAreasView,
    when: () => session.user.all_areas || seesSeveralAreas() },
];

function allowed() {
  return screens.filter((s) => session.user && session.routes.has(s.needs) && (!s.when || s.when()));
}

// switcherHTML is the header's area switcher: all the user's areas, or one of them.
function switcherHTML() {
  if (!session.user || !seesSeveralAreas()) return '';
  const chosen = chosenArea();
  return `<span class="areaswitch"><label for="area-switch">Area</label><select id="area-switch">
    <option value="">All my areas</option>${session.areas.map((a) => `<option value="${a.id}" ${String(a.id) === chosen ? 'selected' : ''}>${esc(a.name)}</option>`).join('')}
    </select></span>`;
}

function renderChrome(current) {
  const nav = document.getElementById('nav');
  nav.innerHTML = allowed().map((s) => `<a href="#/${s.path}" ${s.path === current ? 'aria-current="page"' : ''}>${esc(s.label)}</a>`).join('');
  const who = document.getElementById('who');
  who.innerHTML = session.user
    ? `${switcherHTML()}${esc(session.user.email)} <span class="badge">${esc(session.user.role.replace('_', ' '))}</span><button class="secondary" id="signout">Sign out</button>`
    : '';
  const out = document.getElementById('signout');
  if (out) out.onclick = async () => { await api('POST', '/api/v1/auth/logout').catch(() => {}); session.user = null; chooseArea(''); location.hash = '#/signin'; route(); };
  const sw = document.getElementById('area-switch');
  // The screen is drawn again for the chosen area: every request of it names the area.
  if (sw) sw.onchange = () => { chooseArea(sw.value); route(); };
}

// loadAreas reads the local areas the user sees (all of them, whatever area is chosen) and
// forgets a chosen area that is not among them (another user's, or one since withdrawn).
async function loadAreas() {
  const { data } = await api('GET', '/api/v1/local-areas', undefined, { 'X-Local-Area': null }).catch(() => ({ data: {} }));
  session.areas = data.local_areas || [];
  if (!seesSeveralAreas() || !session.areas.some((a) => String(a.id) === chosenArea())) chooseArea('');
}

export async function route() {
  const main = document.getElementById('main');
  const [, path = '', id] = location.hash.replace(/^#\/?/, '#').split(/[#/]/);
  if (!session.user) {
    try {
      // Who is signed in does not depend on the chosen area (which may be another user's).
      const { data: me } = await api('GET', '/api/v1/auth/me', undefined, { 'X-Local-Area': null });
      session.user = me.user;
      session.recordLevel = me.record_level;
      session.routes = new Set(me.may || []);
      session.home = me.home;
      await loadAreas();
    } catch {
      renderChrome('');
      // Setting the hash routes by itself (hashchange); route directly only when it is unchanged,
      // so that the home screen is rendered once.
      return signIn(main, () => { if (location.hash === '#/') route(); else location.hash = '#/'; });
    }
  }
  if (!session.configLoaded) {
    session.config = await get('/api/v1/ui-config').catch(() => ({}));
    session.configLoaded = true;
    if (session.config.suppression_threshold) setThreshold(session.config.suppression_threshold);
    const labels = await get('/api/v1/labels').catch(() => ({ groups: {} }));
    setLabels(Object.assign({}, ...Object.values(labels.groups || {})));
  }
  const list = allowed();
  // The service names the screen each role starts at.
  const home = list.find((s) => s.path === session.home) || list[0];
  const screen = list.find((s) => s.path === path) || home;
  renderChrome(screen.path);
  // Each visit renders into a fresh element, so that a view still loading from an earlier
  // visit writes only into its own, detached, element.
  const view = document.createElement('div');
  view.style.height = '100%';
  main.replaceChildren(view);
  main.focus({ preventScroll: true });
  try {
    if (screen.path === 'interventions' && id) await interventionView(view, id);
    else await screen.view(view, id);
  } catch (e) {
    const hint = areaHint(e);
    view.innerHTML = `<div class="page"><p class="error" role="alert">${esc(e.message)}</p>${hint ? `<p>${esc(hint)}</p>` : ''}</div>`;
  }
}

// areaHint says what to do when a screen of the whole deployment is refused because one local
// area is chosen: the refusal names the X-Local-Area header in its details. Other refusals
// (a role's) are not helped by choosing every area, and get no hint.
export function areaHint(e) {
  const narrowed = e.status === 403 && (e.details || []).some((d) => d && d.field === 'X-Local-Area');
  return narrowed && chosenArea() ? 'You have chosen one local area: choose "All my areas" in the header to see this screen.' : '';
}

window.addEventListener('hashchange', route);
route();
