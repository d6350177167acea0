// Copies the browser files of the npm packages the dashboard uses into static/vendor/, so that
// the Go binary embeds them (no CDN, works offline) and a plain `go build` needs no npm.
// Run after changing package.json: `npm ci && npm run vendor`, then commit static/vendor.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'node_modules/maplibre-gl/package.json'), 'utf8'));
const from = join(root, 'node_modules/maplibre-gl');
const to = join(root, 'static/vendor/maplibre-gl');
mkdirSync(to, { recursive: true });
for (const f of ['dist/maplibre-gl.mjs', 'dist/maplibre-gl-worker.mjs', 'dist/maplibre-gl.css', 'LICENSE.txt']) {
  copyFileSync(join(from, f), join(to, f.replace('dist/', '')));
}
writeFileSync(join(to, 'VERSION'), pkg.version + '\n');
console.log(`vendored maplibre-gl ${pkg.version} into static/vendor/maplibre-gl`);
