// The local areas of a Violence Reduction Unit side by side over one period: incidents as
// published to the viewer (protected counts by their labels), children and the rate per 1,000
// children, in a table sorted by any column, with the API's definition and disclosure rule.
import { get, query } from '../api.js';
import { esc, estimate, lastMonths, num, shown } from '../format.js';

// What each kind of protection is called beside a count.
const protections = { small: 'fewer than the threshold', rounded: 'rounded', range: 'a range' };

// columns: key, heading, whether it holds numbers, and the value it sorts by (null last).
const columns = [
  ['name', 'Local area', false, (a) => a.name.toLocaleLowerCase('en-GB')],
  ['ons_code', 'ONS code', false, (a) => a.ons_code],
  ['incidents', 'Incidents', true, (a) => estimate(a.incidents)],
  ['children', 'Children (0–17)', true, (a) => a.children],
  ['per_1000_children', 'Per 1,000 children', true, (a) => a.per_1000_children],
];

export async function localAreasView(main) {
  const { from, to } = lastMonths(12);
  main.innerHTML = `<div class="page"><h1>Local areas compared</h1>
    <form id="laf" class="rowform">
      <div><label for="la-from">From</label><input id="la-from" name="from" type="date" value="${from}" required></div>
      <div><label for="la-to">To</label><input id="la-to" name="to" type="date" value="${to}" required></div>
      <div><button type="submit">Compare</button></div></form>
    <div id="lacmp" aria-live="polite"><p class="muted">Loading…</p></div></div>`;
  const form = main.querySelector('#laf');
  const out = main.querySelector('#lacmp');
  const sort = { key: 'name', dir: 1 };
  let data = null;
  const draw = () => {
    const [, heading, , value] = columns.find(([k]) => k === sort.key);
    const rows = [...data.areas].sort((a, b) => {
      const x = value(a), y = value(b);
      if (x === y) return 0;
      if (x === null || x === undefined) return 1; // no figure: last either way
      if (y === null || y === undefined) return -1;
      return (x > y ? 1 : -1) * sort.dir;
    });
    out.innerHTML = data.areas.length === 0 ? '<p>You see no local area.</p>' : `<div class="scrollx"><table id="la-table" class="comparison">
      <caption>Incidents by local area, ${esc(data.from)} to ${esc(data.to)}, sorted by ${esc(heading.toLowerCase())} (${sort.dir > 0 ? 'ascending' : 'descending'})</caption>
      <thead><tr>${columns.map(([k, l, n]) => `<th scope="col" class="${n ? 'num' : ''}" aria-sort="${k === sort.key ? (sort.dir > 0 ? 'ascending' : 'descending') : 'none'}"><button type="button" data-k="${k}">${esc(l)}</button></th>`).join('')}</tr></thead>
      <tbody>${rows.map((a) => `<tr data-id="${a.id}"><th scope="row">${esc(a.name)}</th><td>${esc(a.ons_code || '—')}</td>
        <td class="num" title="${esc(a.incidents.protection_reason || '')}">${esc(shown(a.incidents))}${a.incidents.protection && a.incidents.protection !== 'exact' ? ` <span class="muted">(${esc(protections[a.incidents.protection] || a.incidents.protection)})</span>` : ''}</td>
        <td class="num">${a.children === null || a.children === undefined ? '—' : `${num(a.children, 0)} (${esc(a.population_year)})`}</td>
        <td class="num">${a.per_1000_children === null || a.per_1000_children === undefined ? '—' : num(a.per_1000_children)}</td></tr>`).join('')}</tbody></table></div>
      <p id="la-definition"><strong>Definition:</strong> ${esc(data.definition)}.</p>
      ${data.suppression ? `<p id="la-suppression"><strong>Disclosure control:</strong> ${esc(data.suppression)}</p>` : ''}
      ${data.scope_statement ? `<p class="muted">${esc(data.scope_statement)}</p>` : ''}
      <p class="muted">"—": no population figure supplied for the area.</p>`;
    out.querySelectorAll('th button').forEach((b) => {
      b.onclick = () => {
        sort.dir = sort.key === b.dataset.k ? -sort.dir : 1;
        sort.key = b.dataset.k;
        draw();
        out.querySelector(`th button[data-k="${b.dataset.k}"]`).focus();
      };
    });
  };
  const load = async () => {
    const f = new FormData(form);
    out.innerHTML = '<p class="muted">Loading…</p>';
    try {
      data = await get('/api/v1/local-areas/comparison' + query({ from: f.get('from'), to: f.get('to') }));
      draw();
    } catch (e) {
      out.innerHTML = `<p class="error" role="alert">${esc(e.message)}</p>`;
    }
  };
  form.onsubmit = (e) => { e.preventDefault(); load(); };
  await load();
}
