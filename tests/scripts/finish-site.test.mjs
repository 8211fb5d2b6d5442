// scripts/finish-site.mjs, the step after Trunk: the CSP hashes of inline scripts, the
// finished index.html, the precache list and version, and the service worker written
// from its template. The browser tests (tests/e2e/static.test.mjs, offline.test.mjs)
// show the result running in Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import {
  contentSecurityPolicy, finishIndex, finishSite, inlineScriptHashes, precache, serviceWorker, writeServiceWorker,
} from '../../scripts/finish-site.mjs';

// Shaped like Trunk's output: an inline module script between the head's links.
const TRUNK_INDEX = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>t</title>
  <link rel="stylesheet" href="./style-1.css" integrity="sha384-x"/>
<script type="module">
import init from './ui-1.js';
await init({ module_or_path: './ui-1_bg.wasm' });
</script>
<link rel="modulepreload" href="./ui-1.js"></head>
<body></body>
</html>
`;

test('an inline script is hashed as the browser hashes it; a script with src is not', () => {
  // The example of the CSP specification.
  assert.deepEqual(inlineScriptHashes("<script>alert('Hello, world.');</script>"),
    ["'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"]);
  assert.deepEqual(inlineScriptHashes('<script src="./a.js"></script><script defer src=b.js></script>'), []);
  // The parser reads CRLF as LF.
  assert.deepEqual(inlineScriptHashes('<script>\r\nx()\r\n</script>'), inlineScriptHashes('<script>\nx()\n</script>'));
  assert.equal(inlineScriptHashes(TRUNK_INDEX).length, 1);
});

test('the policy allows wasm and the hashed scripts, and nothing inline or evaluated', () => {
  const policy = contentSecurityPolicy(["'sha256-abc='"]);
  assert.match(policy, /(^|; )script-src 'self' 'wasm-unsafe-eval' 'sha256-abc='(;|$)/);
  assert.match(policy, /(^|; )style-src 'self'(;|$)/);
  assert.match(policy, /(^|; )worker-src 'self'(;|$)/);
  assert.doesNotMatch(policy, /unsafe-inline|'unsafe-eval'|\*/);
});

test('index.html gets the policy before any script, then the manifest and the registration, once', () => {
  const html = finishIndex(TRUNK_INDEX);
  const csp = html.indexOf('http-equiv="Content-Security-Policy"');
  assert.ok(csp > 0 && csp < html.indexOf('<script'), 'the policy comes before the first script');
  assert.ok(html.includes(inlineScriptHashes(TRUNK_INDEX)[0]), 'with the hash of Trunk\'s script');
  assert.deepEqual(inlineScriptHashes(html), inlineScriptHashes(TRUNK_INDEX), 'no inline script added');
  for (const tag of ['<link rel="manifest" href="./manifest.webmanifest" />', '<script src="./register-sw.js" defer></script>']) {
    assert.ok(html.indexOf(tag) > html.indexOf('<script type="module">') && html.indexOf(tag) < html.indexOf('</head>'), tag);
  }
  assert.throws(() => finishIndex(html), /already finished/);
  assert.throws(() => finishIndex('<html><head></head></html>'), /no <meta charset>/);
});

test('the precache list is sorted by path, and the version changes with any byte of any file', () => {
  const files = new Map([['./b.wasm', Buffer.from('wasm')], ['./a.js', Buffer.from('js')]]);
  const { list, version } = precache(files);
  assert.deepEqual(list.map(([path]) => path), ['./a.js', './b.wasm']);
  assert.match(list[0][1], /^sha256-[A-Za-z0-9+/]{43}=$/);
  assert.match(version, /^[0-9a-f]{16}$/);
  assert.equal(precache(new Map([...files].reverse())).version, version, 'the order files are read in does not matter');
  assert.notEqual(precache(new Map([...files, ['./b.wasm', Buffer.from('wasn')]])).version, version);
  assert.notEqual(precache(new Map([...files, ['./c.css', Buffer.from('')]])).version, version);
});

test('the service worker is the template with the version and the list put in, and parses', () => {
  const template = readFileSync(new URL('../../www/sw.js', import.meta.url), 'utf8');
  const site = precache(new Map([['./a.js', Buffer.from('js')]]));
  const sw = serviceWorker(template, site);
  assert.ok(sw.includes(`const VERSION = "${site.version}";`));
  assert.ok(sw.includes(JSON.stringify(site.list[0])));
  assert.doesNotMatch(sw, /'__VERSION__'|= __FILES__;/);
  new Script(sw);
  assert.throws(() => serviceWorker('const VERSION = 1;', site), /no placeholders/);
});

test('a finished folder precaches every file it holds, big ones and sub-folders included, never sw.js', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'finish-site-'));
  t.after(() => rmSync(dir, { recursive: true }));
  writeFileSync(join(dir, 'index.html'), TRUNK_INDEX);
  writeFileSync(join(dir, 'engine-worker_bg.wasm'), Buffer.alloc(3 * 1024 * 1024, 1));
  mkdirSync(join(dir, 'snippets'));
  writeFileSync(join(dir, 'snippets', 'x.js'), 'x');
  mkdirSync(join(dir, '.stage'));
  writeFileSync(join(dir, '.stage', 'left-over.js'), 'y');
  const { list, version } = finishSite(dir);
  assert.deepEqual(list.map(([path]) => path), [
    './engine-worker_bg.wasm', './icon.svg', './index.html', './manifest.webmanifest', './register-sw.js', './snippets/x.js',
  ]);
  assert.match(readFileSync(join(dir, 'index.html'), 'utf8'), /Content-Security-Policy/);
  assert.ok(readFileSync(join(dir, 'sw.js'), 'utf8').includes(version));
  JSON.parse(readFileSync(join(dir, 'manifest.webmanifest'), 'utf8'));
  // Written again after a change (as the offline test makes a second build).
  writeFileSync(join(dir, 'snippets', 'x.js'), 'z');
  assert.notEqual(writeServiceWorker(dir).version, version);
});
