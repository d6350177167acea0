// The self-assessment ("mini SEF"): each line of enquiry with its current narrative and RAG
// rating; a new version keeps the earlier ones as history.
import { api, get } from '../../api.js';
import { esc, humanise, toast } from '../../format.js';

export async function selfAssessmentTab(el, full) {
  const base = `/api/v1/inspections/${full.id}/self-assessment`;
  const data = await get(`${base}?history=true`);
  const lines = data.lines || [];
  el.innerHTML = `<p class="muted">Every saved rating is kept as a version; the newest is the current self-assessment.</p>
    ${lines.map((la) => `<article class="card" style="margin-bottom:1em" aria-labelledby="sa-${esc(la.line.key)}">
      <h3 id="sa-${esc(la.line.key)}">${esc(la.line.title)} <span class="muted">(${esc(humanise(la.line.strand))})</span>
        ${la.current ? `<span class="badge ${esc(la.current.rag)}">${esc(la.current.rag)}</span>` : '<span class="badge">not assessed</span>'}</h3>
      <p class="muted">${esc(la.line.text)}</p>
      ${la.current ? `<p>${esc(la.current.narrative)}</p><p class="muted">Version ${la.current.version} of ${la.versions}, ${esc(la.current.created_at.slice(0, 10))}.</p>` : ''}
      <details><summary>Assess this line</summary><form data-line="${esc(la.line.key)}">
        <label for="n-${esc(la.line.key)}">Narrative</label><textarea id="n-${esc(la.line.key)}" name="narrative" rows="3" required>${esc(la.current?.narrative || '')}</textarea>
        <label for="r-${esc(la.line.key)}">Rating</label><select id="r-${esc(la.line.key)}" name="rag">${['red', 'amber', 'green'].map((r) => `<option ${la.current?.rag === r ? 'selected' : ''}>${r}</option>`).join('')}</select>
        <p class="error" role="alert"></p><button type="submit">Save a new version</button></form></details></article>`).join('')}`;
  for (const form of el.querySelectorAll('form[data-line]')) {
    form.onsubmit = (e) => {
      e.preventDefault();
      api('POST', `${base}/${form.dataset.line}`, Object.fromEntries(new FormData(form)))
        .then(() => { toast('Self-assessment saved.'); selfAssessmentTab(el, full); }, (err) => { form.querySelector('.error').textContent = err.message; });
    };
  }
}
