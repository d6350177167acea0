// The preparation dashboard: how ready the partnership is, by strand of the lines of enquiry
// and by agency (SPOC named, Annex A items ready, the latest audit round, open and late
// actions), the six-monthly audit rhythm, and Annex A dry runs.
import { api, get } from '../../api.js';
import { esc, humanise, toast } from '../../format.js';

const pct = (done, total) => (total ? `${done} of ${total}` : '–');

export async function readinessTab(el, full) {
  const [r, runs] = await Promise.all([get(`/api/v1/inspections/${full.id}/readiness`), get(`/api/v1/inspections/${full.id}/annex-a/dry-runs`)]);
  const a = r.audits;
  el.innerHTML = `<p>Readiness <span class="meter" id="readiness-percent">${r.percent}%</span>
      <span class="muted">(the mean of lines evidenced, lines self-assessed, Annex A items ready and gradings done in the latest audit round)</span></p>
    <p>${a.complete} of ${a.rounds} audit rounds complete${a.last_completed_on ? `, the last on ${esc(a.last_completed_on)}; next due by ${esc(a.next_due)}` : ''}.
      ${a.overdue ? '<span class="badge late">an audit round is due</span>' : ''}</p>
    <div class="grid2">
    <table id="bystrand"><caption>By strand of the lines of enquiry</caption><thead><tr><th>Strand</th><th class="num">Lines</th><th class="num">Approved evidence</th><th class="num">Self-assessed</th><th>Ratings</th></tr></thead><tbody>
      ${r.strands.map((s) => `<tr><td>${esc(humanise(s.strand))}</td><td class="num">${s.lines}</td><td class="num">${s.evidenced}</td><td class="num">${s.assessed}</td>
        <td>${['red', 'amber', 'green'].map((k) => (s.rag[k] ? `<span class="badge ${k}">${s.rag[k]} ${k}</span>` : '')).join(' ')}</td></tr>`).join('')}</tbody></table>
    <table id="byagency"><caption>By agency</caption><thead><tr><th>Agency</th><th>SPOC</th><th class="num">Annex A ready</th><th class="num">Latest audit</th><th class="num">Open actions</th></tr></thead><tbody>
      ${r.agencies.map((g) => `<tr data-agency="${esc(g.agency)}"><td>${esc(humanise(g.agency))}</td><td>${g.spoc ? 'named' : g.agency === 'partnership' ? '–' : '<span class="badge late">none</span>'}</td>
        <td class="num">${pct(g.annex_a_ready, g.annex_a_items)}</td><td class="num audit">${pct(g.audit_complete, g.audit_gradings)}</td>
        <td class="num">${g.actions_open}${g.actions_late ? ` <span class="badge late">${g.actions_late} late</span>` : ''}</td></tr>`).join('')}</tbody></table>
    </div>
    <section aria-labelledby="dr"><h2 id="dr">Annex A dry runs</h2>
      <p class="muted">A dry run lists the Annex A items that would be missing if the inspection were notified on the date given (default: next Monday):
        an item is ready once it is submitted or has quality-assured evidence filed.</p>
      <form id="dryrun" class="rowform"><div><label for="assumed">Assumed notification</label><input id="assumed" name="assumed" type="date"></div>
        <div><button type="submit">Run a dry run</button></div></form>
      <div id="runs">${runs.dry_runs.length ? runTable(runs.dry_runs[0]) : '<p>No dry run yet.</p>'}</div></section>`;
  el.querySelector('#dryrun').onsubmit = async (e) => {
    e.preventDefault();
    try {
      const v = new FormData(e.target).get('assumed');
      const { data } = await api('POST', `/api/v1/inspections/${full.id}/annex-a/dry-runs`, v ? { assumed_notified_on: v } : {});
      el.querySelector('#runs').innerHTML = runTable(data);
      toast(`Dry run: ${data.ready} of ${data.items} Annex A items ready.`);
    } catch (err) {
      toast(err.message);
    }
  };
}

function runTable(d) {
  return `<p>Dry run of ${esc(d.run_at.slice(0, 10))} assuming a notification on ${esc(d.assumed_notified_on)}: ${d.ready} of ${d.items} items ready.</p>
    ${d.missing.length ? `<table><caption>Missing</caption><thead><tr><th>Item</th><th>Owner</th><th>Would be due</th><th>Why</th></tr></thead><tbody>
      ${d.missing.map((m) => `<tr><td>${esc(m.title)}</td><td>${esc(humanise(m.owner_agency))}</td><td>${esc(m.due_on || '')}</td><td>${esc(m.reason)}</td></tr>`).join('')}</tbody></table>` : '<p>Nothing missing.</p>'}`;
}
