// The test server serves its folder and nothing beside it, however the path is spelled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../e2e/static-server.mjs';

// fetch() normalises `..` away; a raw request sends the path as written.
const get = (base, path) => new Promise((resolve, reject) => {
  const { hostname, port } = new URL(base);
  request({ hostname, port, path }, (res) => {
    let body = '';
    res.on('data', (c) => { body += c; });
    res.on('end', () => resolve({ status: res.statusCode, body }));
  }).on('error', reject).end();
});

test('paths that climb out of the served folder are refused, also into a sibling sharing its name', async () => {
  const top = mkdtempSync(join(tmpdir(), 'static-server-'));
  mkdirSync(join(top, 'dist'));
  mkdirSync(join(top, 'dist-x'));
  writeFileSync(join(top, 'dist', 'index.html'), 'inside');
  writeFileSync(join(top, 'dist-x', 'secret.txt'), 'outside');
  writeFileSync(join(top, 'secret.txt'), 'outside');
  const { server, url } = await startServer(join(top, 'dist'));
  try {
    assert.equal((await get(url, '/')).body, 'inside');
    for (const path of ['/..%2fdist-x/secret.txt', '/..%2f..%2fsecret.txt', '/%2e%2e/secret.txt', '/../secret.txt',
      '/..%5csecret.txt', '/%2e%2e%2fdist-x%2fsecret.txt']) {
      const { status, body } = await get(url, path);
      assert.notEqual(body, 'outside', `${path} read a file outside the folder`);
      assert.ok(status === 403 || status === 404, `${path}: ${status}`);
    }
    assert.equal((await get(url, '/%ZZ')).status, 400, 'a path that does not decode is a bad request');
  } finally {
    server.close();
  }
});
