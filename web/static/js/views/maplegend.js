// The map's colours, its legends (only the classes present for this viewer, and every visible
// layer), the hover text of a cell and the words that explain a cell's classification.
import { count, esc, humanise, num, threshold } from '../format.js';

// Colour-blind-safe palettes: viridis steps for magnitudes; a blue–white–red diverging scale
// for Gi* bins (ColorBrewer RdBu, safe for the common deficiencies).
export const sequential = ['#fde725', '#7ad151', '#22a884', '#2a788e', '#414487', '#440154'];
export const bins = { '-3': '#2166ac', '-2': '#67a9cf', '-1': '#d1e5f0', '0': '#f7f7f7', '1': '#fddbc7', '2': '#ef8a62', '3': '#b2182b' };
export const binLabels = { 3: 'Hot spot, 99% confidence', 2: 'Hot spot, 95%', 1: 'Hot spot, 90%', 0: 'Not significant', '-1': 'Cold spot, 90%', '-2': 'Cold spot, 95%', '-3': 'Cold spot, 99%' };
export const emergingColours = {
  new_hot_spot: '#D55E00', consecutive_hot_spot: '#E69F00', intensifying_hot_spot: '#b2182b', persistent_hot_spot: '#7f0000',
  diminishing_hot_spot: '#f4a582', sporadic_hot_spot: '#fddbc7', oscillating_hot_spot: '#CC79A7', historical_hot_spot: '#bababa',
  new_cold_spot: '#56B4E9', consecutive_cold_spot: '#0072B2', intensifying_cold_spot: '#053061', persistent_cold_spot: '#2166ac',
  diminishing_cold_spot: '#92c5de', sporadic_cold_spot: '#d1e5f0', oscillating_cold_spot: '#009E73', historical_cold_spot: '#878787',
  no_pattern: '#f7f7f7',
};
// The difference map's scale: fewer (blue) to more (red) incidents in the second period.
export const diffColours = { '-2': '#2166ac', '-1': '#92c5de', '0': '#f7f7f7', '1': '#f4a582', '2': '#b2182b' };
export const diffLabels = { 2: 'Much more (significant)', 1: 'More', 0: 'No change', '-1': 'Fewer', '-2': 'Much fewer (significant)' };

// The emerging hot spot categories in words (the definitions of the space–time pattern mining
// method: a significant step is a Gi* hot or cold spot at 90% confidence in that time step).
const emergingWords = {
  new_hot_spot: 'a significant hot spot in the latest time step only, never before',
  consecutive_hot_spot: 'a run of significant hot spot steps ending with the latest, never significant before the run',
  intensifying_hot_spot: 'a significant hot spot in at least 90% of time steps, the latest included, with clustering getting stronger over time',
  persistent_hot_spot: 'a significant hot spot in at least 90% of time steps, with no trend in how strongly it clusters',
  diminishing_hot_spot: 'a significant hot spot in at least 90% of time steps, the latest included, with clustering getting weaker over time',
  sporadic_hot_spot: 'a hot spot on and off, in the latest step but in fewer than 90% of steps, and never a cold spot',
  oscillating_hot_spot: 'a hot spot in the latest time step that has been a significant cold spot before',
  historical_hot_spot: 'a hot spot in at least 90% of time steps, but not in the latest',
  no_pattern: 'none of the hot or cold spot patterns',
};

export function emergingExplanation(category) {
  if (emergingWords[category]) return emergingWords[category];
  const hot = category.replace('cold_spot', 'hot_spot');
  return (emergingWords[hot] || humanise(category)).replace(/hot spot/g, 'cold spot').replace('stronger', 'stronger (fewer incidents)');
}

// paint is the fill colour expression of a layer, with its breaks for counts.
export function paint(colour, features) {
  if (colour === 'gi' || colour === 'harm-gi') return { expr: ['match', ['to-string', ['get', 'gi_bin']], ...Object.entries(bins).flat(), '#f7f7f7'] };
  if (colour === 'emerging') return { expr: ['match', ['get', 'category'], ...Object.entries(emergingColours).flat(), '#f7f7f7'] };
  if (colour === 'diff') return { expr: ['match', ['to-string', ['get', 'diff_class']], ...Object.entries(diffColours).flat(), '#f7f7f7'] };
  // Ranges are coloured by their middle; "<5" cells are drawn apart.
  const prop = colour === 'value' ? 'value' : 'estimate';
  const vals = features.map((f) => f.properties[prop]).filter((v) => v > 0).sort((a, b) => a - b);
  const breaks = [1, 2, 3, 4, 5].map((q) => vals[Math.floor((q / 6) * (vals.length - 1))] ?? q).filter((v, i, a) => a.indexOf(v) === i);
  return { breaks, prop, expr: ['case', ['==', ['get', 'protection'], 'small'], '#c9c9c9', ['==', ['coalesce', ['get', prop], 0], 0], 'rgba(0,0,0,0)',
    ['step', ['get', prop], sequential[0], ...breaks.flatMap((b, i) => [b, sequential[Math.min(i + 1, 5)]])]] };
}

const sw = (style, text) => `<li><span class="sw" style="${style}"></span>${text}</li>`;

// legend lists the classes that occur in this layer for this viewer, then the other visible
// layers.
export function legendHTML(colour, features, painted, layers) {
  const props = features.map((f) => f.properties);
  let title, items;
  if (colour === 'gi' || colour === 'harm-gi') {
    const present = new Set(props.map((p) => String(p.gi_bin)));
    title = colour === 'gi' ? 'Gi* hot spots (count)' : 'Gi* hot spots (harm-weighted)';
    items = [3, 2, 1, 0, -1, -2, -3].filter((b) => present.has(String(b))).map((b) => sw(`background:${bins[b]}`, binLabels[b]));
  } else if (colour === 'emerging') {
    title = 'Emerging hot spots';
    items = [...new Set(props.map((p) => p.category))].filter(Boolean).map((c) => sw(`background:${emergingColours[c]}`, esc(humanise(c))));
  } else if (colour === 'diff') {
    const present = new Set(props.map((p) => String(p.diff_class)));
    title = 'Change between the two periods';
    items = [2, 1, 0, -1, -2].filter((b) => present.has(String(b))).map((b) => sw(`background:${diffColours[b]}`, diffLabels[b]));
  } else {
    const { breaks } = painted;
    title = colour === 'value' ? 'Harm-weighted value (CCHI days)' : 'Incidents';
    items = [sw(`background:${sequential[0]}`, `below ${num(breaks[0], 0)}`),
      ...breaks.map((b, i) => sw(`background:${sequential[Math.min(i + 1, 5)]}`, `${num(b, 0)} and over`))];
    if (props.some((p) => p.protection === 'small')) items.push(sw('background:#c9c9c9', `${count(null, true)}: 1 to ${threshold - 1} incidents`));
    if (props.some((p) => p.protection === 'range' || p.protection === 'rounded')) items.push('<li class="muted">ranges (e.g. 12–40) are coloured by their middle</li>');
  }
  const extra = [];
  if (layers.showArea) extra.push(sw('border:2px solid #1d2733;background:none', 'Study area'));
  if (layers.showPlaces) extra.push(sw('border:2px dashed #0072B2;background:none', 'Places (click for a profile)'));
  if (layers.showInterventions) extra.push(sw('border:3px solid #009E73;background:none', 'Interventions'));
  if (layers.selected) extra.push(sw('border:3px solid #000;background:none', 'Selected'));
  return `<strong>${esc(title)}</strong><ul>${items.join('')}</ul>${extra.length ? `<ul>${extra.join('')}</ul>` : ''}`;
}

// hoverText is what the tooltip says of a cell or an area: its count (or that it is protected)
// and its class.
export function hoverText(colour, p) {
  const n = p.count !== undefined || p.count_label !== undefined || p.suppressed !== undefined
    ? (p.protection === 'small' || (p.suppressed && !p.count_label) ? `suppressed (${count(null, true)})` : count(p.count, p.suppressed, p.count_label))
    : null;
  const parts = [p.name ? p.name : `Cell ${p.cell}`];
  if (n !== null) parts.push(`${n} incidents`);
  if (colour === 'gi' || colour === 'harm-gi') parts.push(binLabels[p.gi_bin] ?? 'Not significant');
  if (colour === 'emerging' && p.category) parts.push(humanise(p.category));
  if (colour === 'diff') parts.push(diffLabels[p.diff_class] ?? '');
  return parts.filter(Boolean).join(' · ');
}

// explain says in words why a cell has its colour.
export function explain(colour, p, st) {
  if (!p) return '';
  if (colour === 'gi' || colour === 'harm-gi') {
    const what = colour === 'gi' ? 'incidents' : 'harm-weighted incidents';
    const around = `this cell and its ${st.k} ring${st.k === 1 ? '' : 's'} of neighbours (${humanise(st.kernel).toLowerCase()} weights)`;
    const z = p.gi_z !== undefined && p.gi_z !== null ? ` Its Gi* z-score is ${num(p.gi_z, 2)}.` : '';
    const pct = [0, 90, 95, 99][Math.abs(p.gi_bin)];
    if (p.gi_bin > 0) return `A hot spot at ${pct}% confidence: the ${what} in ${around} are higher than the study area's average by more than chance alone would give ${100 - pct} times in 100.${z}`;
    if (p.gi_bin < 0) return `A cold spot at ${pct}% confidence: the ${what} in ${around} are lower than the study area's average by more than chance alone would give ${100 - pct} times in 100.${z}`;
    return `Not significant: the ${what} in ${around} are not different enough from the study area's average to rule out chance at 90% confidence.${z}`;
  }
  if (colour === 'emerging' && p.category) return `${humanise(p.category)}: ${emergingExplanation(p.category)}.`;
  if (colour === 'diff') return p.diff_text || '';
  return '';
}
