// Finishes the folder Trunk built, so that it works offline and under a strict
// Content-Security-Policy:
//   node scripts/finish-site.mjs <dist>
// 1. copies the web app manifest, its icon and the service worker's registration;
// 2. writes into index.html the CSP (with the hash of Trunk's inline module script, which
//    changes with every build), the manifest and the registration;
// 3. writes sw.js from www/sw.js with the list of every file and a version made of their
//    hashes: Trunk hashes only some names (the engine worker's are fixed), so the list
//    is taken from the folder, never written by hand.
// No dependencies: run by scripts/build-site.sh after Trunk.
import { createHash } from 'node:crypto';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const WWW = join(dirname(fileURLToPath(import.meta.url)), '..', 'www');
/** Copied as they are. */
const ASSETS = ['manifest.webmanifest', 'icon.svg', 'register-sw.js'];
const SW = 'sw.js';

/** The SRI hash a fetch checks a response against (a CSP hash source, quoted). */
export function integrity(bytes) {
  return `sha256-${createHash('sha256').update(bytes).digest('base64')}`;
}

/** The CSP source of each inline script (one without `src`), as the browser hashes it. */
export function inlineScriptHashes(html) {
  const hashes = [];
  for (const [, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    if (/\bsrc\s*=/i.test(attributes)) continue;
    // The HTML parser turns CRLF and CR into LF before the script sees its text.
    const text = body.replace(/\r\n?/g, '\n');
    hashes.push(`'${integrity(text)}'`);
  }
  return hashes;
}

/**
 * The policy the site runs under. Scripts, styles, workers, fetches and the manifest come
 * from the site itself; wasm may be compiled ('wasm-unsafe-eval', not 'unsafe-eval');
 * the only inline scripts are the ones hashed. No inline styles: the UI sets none.
 */
export function contentSecurityPolicy(scriptHashes) {
  return [
    "default-src 'self'",
    ["script-src 'self' 'wasm-unsafe-eval'", ...scriptHashes].join(' '),
    "style-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** index.html with the CSP first in its head, and the manifest and registration last. */
export function finishIndex(html) {
  if (/http-equiv="Content-Security-Policy"/i.test(html)) throw new Error('index.html is already finished');
  const charset = /<meta charset="?utf-8"?\s*\/?>/i;
  if (!charset.test(html) || !html.includes('</head>')) throw new Error('index.html has no <meta charset> or </head>');
  // Before any script: a policy applies only to what follows it.
  const csp = `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(inlineScriptHashes(html))}" />`;
  const tail = [
    '<link rel="manifest" href="./manifest.webmanifest" />',
    '<link rel="icon" href="./icon.svg" type="image/svg+xml" />',
    '<script src="./register-sw.js" defer></script>',
  ].join('\n  ');
  return html.replace(charset, (m) => `${m}\n  ${csp}`).replace('</head>', `\n  ${tail}\n</head>`);
}

/**
 * [path, integrity] of every file, sorted by path, and the build's version: a hash of
 * that list, so it changes whenever any file does. `files` maps './path' to its bytes.
 */
export function precache(files) {
  const list = [...files].map(([path, bytes]) => [path, integrity(bytes)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const version = createHash('sha256').update(list.map((entry) => entry.join(' ')).join('\n')).digest('hex').slice(0, 16);
  return { list, version };
}

/** The service worker's text: the template with the version and the list put in. */
export function serviceWorker(template, { list, version }) {
  if (!template.includes("'__VERSION__'") || !template.includes('__FILES__')) throw new Error('sw.js template has no placeholders');
  const files = `[\n${list.map((entry) => `  ${JSON.stringify(entry)},\n`).join('')}]`;
  return template.replace("'__VERSION__'", JSON.stringify(version)).replace('__FILES__', files);
}

/** Every file under `root` but sw.js and dot files (Trunk's staging folder), as './path' → bytes. */
function readSite(root, sub = '', files = new Map()) {
  for (const entry of readdirSync(join(root, sub), { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = sub ? `${sub}/${entry.name}` : entry.name;
    if (entry.isDirectory()) readSite(root, path, files);
    else if (path !== SW) files.set(`./${path}`, readFileSync(join(root, path)));
  }
  return files;
}

/** Writes `dir`/sw.js for the files `dir` holds now; returns the version. */
export function writeServiceWorker(dir) {
  const site = precache(readSite(dir));
  writeFileSync(join(dir, SW), serviceWorker(readFileSync(join(WWW, SW), 'utf8'), site));
  return site;
}

export function finishSite(dir) {
  for (const name of ASSETS) copyFileSync(join(WWW, name), join(dir, name));
  const index = join(dir, 'index.html');
  writeFileSync(index, finishIndex(readFileSync(index, 'utf8')));
  return writeServiceWorker(dir);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [dir] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: node scripts/finish-site.mjs <dist>');
    process.exit(2);
  }
  const { list, version } = finishSite(dir);
  console.log(`[finish-site] ${dir}: CSP, manifest and a service worker precaching ${list.length} files (version ${version})`);
}
