// scripts/bootstrap.sh on a fresh machine: its checks and the wasm32 route choice
// (`--check`: nothing installed, nothing built) against an empty cache folder, and what
// it leaves in route.env, which every later script reads.
// BOOTSTRAP=<path> runs these tests against another copy of the script.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const script = resolve(process.env.BOOTSTRAP ?? join(root, 'scripts', 'bootstrap.sh'));
const envScript = join(dirname(script), 'env.sh');
const ROUTE_LINE = /^PLAYGROUND_WASM_ROUTE=(rustup|debian)$/;

function freshCache() {
  return mkdtempSync(join(tmpdir(), 'bootstrap-cache-'));
}

/** Runs the script; resolves with its exit code, stdout, stderr and wall time. */
function bootstrap(cache, { args = ['--check'], env = {}, uid } = {}) {
  return new Promise((done) => {
    const started = Date.now();
    const child = spawn('bash', [script, ...args], {
      env: { ...process.env, PLAYGROUND_CACHE: cache, PLAYGROUND_RUSTUP_TIMEOUT: '5', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      uid,
      gid: uid,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (code) => done({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

/** The route an independent look at rustup says this machine must take. */
function expectedRoute() {
  const r = spawnSync('rustup', ['target', 'list', '--installed'], { encoding: 'utf8' });
  if (r.error) return 'debian';
  return r.stdout.split('\n').includes('wasm32-unknown-unknown') ? 'rustup' : 'debian';
}

function routeFile(cache) {
  return join(cache, 'route.env');
}

/** Checks route.env is comments plus one route line, and returns the route. */
function readRoute(cache) {
  const lines = readFileSync(routeFile(cache), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  assert.equal(lines.length, 1, `route.env holds one setting: ${JSON.stringify(lines)}`);
  assert.match(lines[0], ROUTE_LINE);
  return lines[0].split('=')[1];
}

/** What scripts/env.sh, which every other script sources, makes of the cache. */
function routeSeenByEnv(cache) {
  const r = spawnSync('bash', ['-c', `source "${envScript}"; printf '%s' "\${PLAYGROUND_WASM_ROUTE:-}"`], {
    env: { ...process.env, PLAYGROUND_CACHE: cache },
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  return { route: r.stdout, stderr: r.stderr };
}

/** A PATH holding every command of this one but `hidden`, plus `extra` scripts first. */
function pathWithout(hidden, extra = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'bootstrap-path-'));
  chmodSync(dir, 0o755);
  for (const [name, body] of Object.entries(extra)) {
    writeFileSync(join(dir, name), body, { mode: 0o755 });
  }
  for (const from of process.env.PATH.split(delimiter)) {
    let names;
    try { names = readdirSync(from); } catch { continue; }
    for (const name of names) {
      if (hidden.includes(name) || existsSync(join(dir, name))) continue;
      try { if (!statSync(join(from, name)).isFile()) continue; } catch { continue; }
      symlinkSync(join(from, name), join(dir, name));
    }
  }
  return dir;
}

test('an empty cache: checks pass, the route is chosen and written, stdout stays empty', async () => {
  const cache = freshCache();
  const r = await bootstrap(cache);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '', 'logs go to stderr');
  assert.match(r.stderr, /wasm32 route: (rustup|debian)/);
  const route = readRoute(cache);
  assert.equal(route, expectedRoute());
  assert.deepEqual(routeSeenByEnv(cache), { route, stderr: '' });
  assert.deepEqual(readdirSync(cache).filter((f) => f.startsWith('route.env')), ['route.env'], 'no temporary file left');
});

test('a route.env spoiled by log lines (the old bug) is replaced, with a message, and never run', async () => {
  const cache = freshCache();
  const marker = join(cache, 'was-run');
  writeFileSync(routeFile(cache), [
    '# written by scripts/bootstrap.sh: how this machine builds wasm32',
    'export PLAYGROUND_WASM_ROUTE=[bootstrap] trying rustup target add wasm32-unknown-unknown (60 s at most)',
    `touch ${marker}`,
    'debian',
  ].join('\n'));
  const seen = routeSeenByEnv(cache);
  assert.equal(seen.route, '');
  assert.match(seen.stderr, /route\.env is malformed/);
  const r = await bootstrap(cache);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /replacing malformed/);
  assert.equal(readRoute(cache), expectedRoute());
  assert.ok(!existsSync(marker), 'the damaged file was executed as shell');
});

test('a good route.env is kept as it is, without asking rustup again', async () => {
  const cache = freshCache();
  const text = '# chosen earlier\nPLAYGROUND_WASM_ROUTE=debian\n';
  writeFileSync(routeFile(cache), text);
  const r = await bootstrap(cache);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /trying rustup/);
  assert.match(r.stderr, /wasm32 route: debian/);
  assert.equal(readFileSync(routeFile(cache), 'utf8'), text);
});

test('two bootstraps started at once on one empty cache both succeed and agree', async () => {
  const cache = freshCache();
  const [a, b] = await Promise.all([bootstrap(cache), bootstrap(cache)]);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  assert.equal(readRoute(cache), expectedRoute());
  // The route was chosen once: the second waited for the first and read its file.
  assert.equal((a.stderr + b.stderr).match(/wasm32 route:/g).length, 2);
  const tries = (a.stderr + b.stderr).match(/trying rustup/g)?.length ?? 0;
  assert.ok(tries <= 1, `rustup asked ${tries} times`);
  assert.deepEqual(readdirSync(cache).filter((f) => f.startsWith('route.env')), ['route.env']);
});

test('a Node.js older than 20.10 stops it within seconds, naming the version and the fix', async () => {
  const cache = freshCache();
  const path = pathWithout(['node'], { node: '#!/bin/sh\necho v18.19.0\n' });
  const r = await bootstrap(cache, { env: { PATH: path } });
  assert.notEqual(r.code, 0);
  assert.ok(r.ms < 10_000, `took ${r.ms} ms`);
  assert.match(r.stderr, /Node\.js v18\.19\.0 .* too old: the tests need 20\.10 or newer/);
  assert.match(r.stderr, /nothing was installed/);
  assert.ok(!existsSync(routeFile(cache)), 'no route chosen after a failed check');
  assert.equal(r.stdout, '');
});

test('a newer Node.js (22) passes the check', async () => {
  const cache = freshCache();
  const path = pathWithout(['node'], { node: '#!/bin/sh\necho v22.11.0\n' });
  const r = await bootstrap(cache, { env: { PATH: path } });
  assert.equal(r.code, 0, r.stderr);
});

test('too little disk stops it before any work, saying how much is free and wanted', async () => {
  const cache = freshCache();
  const r = await bootstrap(cache, { env: { PLAYGROUND_MIN_FREE_GB: '1000000' } });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /only \d+ GB free in .* needs about 1000000 GB/);
  assert.ok(!existsSync(routeFile(cache)));
});

test('without root, a missing apt package stops it with the command to run', async (t) => {
  if (process.getuid?.() !== 0) {
    t.skip('needs root, to run the script as the unprivileged user nobody');
    return;
  }
  const cache = freshCache();
  const home = mkdtempSync(join(tmpdir(), 'bootstrap-home-'));
  const nobody = 65534;
  spawnSync('chown', ['-R', `${nobody}:${nobody}`, cache, home]);
  const path = pathWithout(['shellcheck', 'sudo']);
  const r = await bootstrap(cache, { env: { PATH: path, HOME: home }, uid: nobody });
  assert.notEqual(r.code, 0, r.stderr);
  assert.match(r.stderr, /installing .*shellcheck.* needs root: run {2}sudo apt-get install --no-install-recommends .*shellcheck/);
  assert.equal(r.stdout, '');
});

test('--check writes nothing into the cache but route.env and its lock', async () => {
  const cache = freshCache();
  mkdirSync(join(cache, 'sub'));
  const r = await bootstrap(cache);
  assert.equal(r.code, 0, r.stderr);
  const written = readdirSync(cache).filter((f) => f !== 'sub' && f !== 'bootstrap.lock');
  assert.deepEqual(written, ['route.env']);
});
