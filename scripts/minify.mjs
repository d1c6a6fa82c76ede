// Trunk post-build hook: minifies the JS glue wasm-bindgen writes beside each wasm (the page's, the embeds', the
// workers' and the panels'), with terser from tests/e2e's npm packages. Trunk's own minifier is off: its
// minify-js drops wasm-bindgen's getters (trunk-rs/trunk#761). A glue is the `.js` with a `_bg.wasm` of the same
// stem; an ES module (the page's, `--target web`) keeps its exports, a classic script (`no-modules`) its globals.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const { minify } = createRequire(path.join(root, 'tests/e2e/package.json'))('terser');
const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
const glues = fs.readdirSync(dir).filter(f => f.endsWith('.js') && fs.existsSync(path.join(dir, f.replace(/\.js$/, '_bg.wasm'))));
if (glues.length === 0) throw new Error(`minify: no wasm-bindgen glue in ${dir}`);
const gz = text => zlib.gzipSync(text, { level: 9 }).length;
for (const name of glues) {
  const file = path.join(dir, name);
  const code = fs.readFileSync(file, 'utf8');
  const module = /^export\s|\bimport\.meta\b/m.test(code);
  const out = await minify(code, { module, compress: true, mangle: true, format: { comments: false } });
  if (!out.code) throw new Error(`minify: terser returned nothing for ${name}`);
  fs.writeFileSync(file, out.code);
  console.log(`minify: ${name} ${gz(code)} -> ${gz(out.code)} bytes gzip${module ? ' (module)' : ''}`);
}
