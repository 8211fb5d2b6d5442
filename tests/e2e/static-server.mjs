// A minimal static file server for the built site, bound to 127.0.0.1 only.
// CLI: node static-server.mjs <dir> [port]   (prints the URL)
// From code, `startServer(dir)` serves one folder and `startServer({ '/': a, '/x/': b })`
// serves each folder under its URL prefix (the longest prefix wins).
// `{ cspHeader: true, onCspReport }` also sends the policy of a folder's index.html as a
// Content-Security-Policy header, as a host that sets headers can: a <meta> policy binds
// the page only, a header binds its workers too. It goes with index.html and every file
// that is not HTML (the workers' scripts among them); another page (blog.html, standing
// for someone else's post) has its own. Violations, wherever they happen, are posted
// back and handed to `onCspReport`.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { basename, extname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
  '.parquet': 'application/octet-stream',
  '.arrows': 'application/vnd.apache.arrow.stream',
};

const REPORTS = '/__csp-report';

/** The policy in a built index.html's <meta http-equiv="Content-Security-Policy">, if any. */
function metaPolicy(html) {
  return /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/i.exec(html)?.[1];
}

export function startServer(dirOrMounts, port = 0, { cspHeader = false, onCspReport } = {}) {
  const mounts = Object.entries(typeof dirOrMounts === 'string' ? { '/': dirOrMounts } : dirOrMounts)
    .map(([prefix, dir]) => [prefix, resolve(dir)])
    .sort((a, b) => b[0].length - a[0].length);
  const server = createServer(async (req, res) => {
    let url;
    try {
      url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    try {
      if (req.method === 'POST' && url === REPORTS) {
        const chunks = [];
        for await (const chunk of req) chunks.push(chunk);
        const report = JSON.parse(Buffer.concat(chunks).toString());
        onCspReport?.(report['csp-report'] ?? report);
        res.writeHead(204).end();
        return;
      }
      const [prefix, root] = mounts.find(([p]) => url.startsWith(p)) ?? [];
      if (!root) { res.writeHead(404).end(); return; }
      // Decoded first, then resolved, then compared by whole folder names: `..%2f` cannot
      // climb out, nor can `/../dist-x/` reach a sibling whose name starts with the root's.
      let file = resolve(join(root, url.slice(prefix.length - 1)));
      if (file !== root && !file.startsWith(root + sep)) { res.writeHead(403).end(); return; }
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' };
      const ownPage = extname(file) !== '.html' || basename(file) === 'index.html';
      const policy = cspHeader && ownPage && metaPolicy(await readFile(join(root, 'index.html'), 'utf8').catch(() => ''));
      if (policy) headers['content-security-policy'] = `${policy}; report-uri ${REPORTS}`;
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok({ server, url: `http://127.0.0.1:${server.address().port}/` }));
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [dir = 'dist', port = '8080'] = process.argv.slice(2);
  const { url } = await startServer(dir, Number(port));
  console.log(`serving ${url}`);
}
