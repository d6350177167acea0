// VRP lead screens: the interventions list and one intervention's page (filled in below).
export async function interventionsView(main) {
  main.innerHTML = '<div class="page"><h1>Interventions</h1><p class="muted">Loading…</p></div>';
}
export async function interventionView(main, id) {
  main.innerHTML = `<div class="page"><h1>Intervention ${id}</h1></div>`;
}
