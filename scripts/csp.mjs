// Trunk post-build hook: puts the SHA-256 of the one inline start-up script Trunk writes into the
// Content-Security-Policy meta tag of index.html (placeholder CSP_SCRIPT_HASH), so the policy can forbid
// every other inline script while the app starts.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
const file = path.join(dir, 'index.html');
let html = fs.readFileSync(file, 'utf8');
const scripts = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(m => m[1]);
if (scripts.length === 0) throw new Error('csp: no inline script found in index.html');
const hashes = scripts.map(s => `'sha256-${crypto.createHash('sha256').update(s, 'utf8').digest('base64')}'`);
if (!html.includes('CSP_SCRIPT_HASH')) throw new Error('csp: no CSP_SCRIPT_HASH placeholder in index.html');
html = html.replace('CSP_SCRIPT_HASH', hashes.join(' '));
fs.writeFileSync(file, html);
console.log(`csp: ${hashes.length} inline script hash(es) written`);
