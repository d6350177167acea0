// JTAI lead screens (filled in below).
export async function inspectionView(main) {
  main.innerHTML = '<div class="page"><h1>Inspection</h1></div>';
}
