// Bundles the page into a static folder: `node build.mjs <pkg-dir> <out-dir>`.
//
// <pkg-dir> holds wasm-bindgen's `--target web` output (faultline.js + faultline_bg.wasm);
// .ci/build-web finds it and calls this script. Everything the page needs ends up in
// <out-dir>: index.html, app.js, worker.js, styles.css, sw.js, faultline_bg.wasm and the
// licence notice. Nothing is loaded from anywhere else at run time.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const [pkgArg, outArg] = process.argv.slice(2);
if (!pkgArg || !outArg) {
  console.error('usage: node build.mjs <wasm-bindgen web output dir> <out dir>');
  process.exit(2);
}
const pkgDir = resolve(pkgArg);
const outDir = resolve(outArg);
const glue = join(pkgDir, 'faultline.js');
const wasm = join(pkgDir, 'faultline_bg.wasm');
for (const f of [glue, wasm]) {
  if (!existsSync(f)) {
    console.error(`build.mjs: ${f} is missing (wasm-bindgen --target web output expected in ${pkgDir})`);
    process.exit(1);
  }
}

// The example picker lists every examples/*.yaml, embedded in the bundle (no fetch needed).
const exampleDir = join(root, 'examples');
const examples = readdirSync(exampleDir)
  .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml') || f.endsWith('.json'))
  .sort()
  .map((file) => {
    const text = readFileSync(join(exampleDir, file), 'utf8');
    const description = /^description:\s*(.+)$/m.exec(text)?.[1]?.trim() ?? '';
    return { file, description, text };
  });
if (examples.length === 0) {
  console.error(`build.mjs: no examples in ${exampleDir}`);
  process.exit(1);
}

const virtualModules = {
  name: 'faultline-virtual',
  setup(b) {
    b.onResolve({ filter: /^virtual:examples$/ }, () => ({ path: 'examples', namespace: 'virtual' }));
    b.onResolve({ filter: /^virtual:faultline$/ }, () => ({ path: glue }));
    b.onLoad({ filter: /^examples$/, namespace: 'virtual' }, () => ({
      contents: `export default ${JSON.stringify(examples)};`,
      loader: 'js',
    }));
  },
};

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

const result = await build({
  entryPoints: { app: join(here, 'src/main.js'), worker: join(here, 'src/worker.js') },
  bundle: true,
  format: 'esm',
  target: ['es2022'],
  minify: true,
  sourcemap: false,
  legalComments: 'external',
  outdir: outDir,
  plugins: [virtualModules],
  logLevel: 'warning',
  metafile: true,
});
if (result.errors.length > 0) process.exit(1);

// Licences of the npm packages bundled into app.js / worker.js (MIT and the like require the
// notice to travel with the code).
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (!m || packages.has(m[1])) continue;
  const dir = join(here, 'node_modules', m[1]);
  const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const licenceFile = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  packages.set(m[1], { version: meta.version, license: meta.license, text: licenceFile ? readFileSync(join(dir, licenceFile), 'utf8').trim() : '' });
}
const notices = [...packages].sort(([a], [b]) => a.localeCompare(b)).map(([name, p]) => `${name} ${p.version} (${p.license})\n\n${p.text || '(no licence file in the package)'}\n`);
writeFileSync(join(outDir, 'third-party-licenses.txt'), `Packages bundled into this page's app.js and worker.js:\n\n${notices.join('\n' + '-'.repeat(72) + '\n\n')}`);
rmSync(join(outDir, 'app.js.LEGAL.txt'), { force: true });
rmSync(join(outDir, 'worker.js.LEGAL.txt'), { force: true });

copyFileSync(wasm, join(outDir, 'faultline_bg.wasm'));
copyFileSync(join(here, 'index.html'), join(outDir, 'index.html'));
copyFileSync(join(here, 'styles.css'), join(outDir, 'styles.css'));
copyFileSync(join(here, 'editor.css'), join(outDir, 'editor.css'));
copyFileSync(join(here, 'icon.svg'), join(outDir, 'icon.svg'));

// The service worker caches exactly the files above, under a name derived from their bytes,
// so a new deploy replaces the old cache.
const files = readdirSync(outDir).filter((f) => statSync(join(outDir, f)).isFile()).sort();
const hash = createHash('sha256');
for (const f of files) hash.update(f).update(readFileSync(join(outDir, f)));
const cacheName = `faultline-${hash.digest('hex').slice(0, 16)}`;
const precache = ['./', ...files.filter((f) => !f.endsWith('.txt'))];
const sw = readFileSync(join(here, 'src/sw.js'), 'utf8')
  .replace('__CACHE_NAME__', cacheName)
  .replace('__PRECACHE__', JSON.stringify(precache));
writeFileSync(join(outDir, 'sw.js'), sw);

// First-load size: everything index.html pulls in before the page is usable.
const firstLoad = ['index.html', 'styles.css', 'editor.css', 'app.js', 'worker.js', 'faultline_bg.wasm', 'icon.svg'];
let raw = 0;
let gz = 0;
const rows = [];
for (const f of firstLoad) {
  const bytes = readFileSync(join(outDir, f));
  const g = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gz += g;
  rows.push(`  ${f.padEnd(20)} ${String(bytes.length).padStart(9)} B  gzip ${String(g).padStart(8)} B`);
}
console.log(`built ${outDir} (${examples.length} examples, cache ${cacheName})`);
console.log(rows.join('\n'));
console.log(`  ${'first load'.padEnd(20)} ${String(raw).padStart(9)} B  gzip ${String(gz).padStart(8)} B`);
writeFileSync(
  join(outDir, 'sizes.txt'),
  `${rows.join('\n')}\n  ${'first load'.padEnd(20)} ${String(raw).padStart(9)} B  gzip ${String(gz).padStart(8)} B\n`,
);

// The size table in docs/web.md is regenerated from this build (between its markers), so the
// documented sizes are always the measured ones.
const docs = join(root, 'docs', 'web.md');
if (existsSync(docs)) {
  const fmt = (n) => n.toLocaleString('en');
  const what = {
    'index.html': 'index.html',
    'styles.css': 'styles.css',
    'editor.css': 'editor.css',
    'app.js': `app.js (page + CodeMirror 6 + ${examples.length} examples)`,
    'worker.js': 'worker.js (engine glue, view model, graph layout)',
    'faultline_bg.wasm': 'faultline_bg.wasm',
    'icon.svg': 'icon.svg',
  };
  let totalRaw = 0;
  let totalGz = 0;
  const table = ['| file | bytes | gzip -9 |', '|---|---:|---:|'];
  for (const f of firstLoad) {
    const bytes = readFileSync(join(outDir, f));
    const g = gzipSync(bytes, { level: 9 }).length;
    totalRaw += bytes.length;
    totalGz += g;
    table.push(`| ${what[f] ?? f} | ${fmt(bytes.length)} | ${fmt(g)} |`);
  }
  table.push(`| **first load** | **${fmt(totalRaw)}** | **${fmt(totalGz)}** |`);
  const text = readFileSync(docs, 'utf8');
  const next = text.replace(/(<!-- sizes:begin[^>]*-->\n)[\s\S]*?(<!-- sizes:end -->)/, `$1${table.join('\n')}\n$2`);
  if (next !== text) {
    writeFileSync(docs, next);
    console.log(`updated the size table in ${docs}`);
  }
}
