// The service worker: keeps one build of the site in a cache so that, after one visit,
// the playground works with the network off. This is a template: scripts/finish-site.mjs
// writes the built folder's sw.js from it, with VERSION (a hash of every file's
// contents) and FILES (each file and its SRI hash) filled in.
//
// One cache per build, served only by the worker of that build: a page never gets the
// JS of one build and the wasm of another. A new build's worker installs (downloads and
// checks every file) while the old pages carry on with the old cache, and takes over
// when none is left, or when the only one is reloaded (see handOver).
const VERSION = '__VERSION__';
/** [path relative to this script, 'sha256-…'] for every file of the build but this one. */
const FILES = __FILES__;

// Sites under other paths of the same origin have caches of their own: only ours go.
const PREFIX = `playground ${new URL('./', self.location).href} `;
const CACHE = PREFIX + VERSION;
const URLS = new Set(FILES.map(([path]) => new URL(path, self.location).href));
const INDEX = new URL('./index.html', self.location).href;
const PAGES = new Set([new URL('./', self.location).href, INDEX]);

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    try {
      await Promise.all(FILES.map(async ([path, integrity]) => {
        const url = new URL(path, self.location);
        // Revalidated, and checked against the hash: a file from another build (a deploy
        // half done, a stale HTTP cache) fails the install, and the old build stays.
        const response = await fetch(url, { integrity, cache: 'no-cache' });
        if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
        await cache.put(url, response);
      }));
    } catch (e) {
      await caches.delete(CACHE);
      throw e;
    }
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    // Only pages of this build are left (see handOver): the older caches can go.
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    // The first visit's page (and its engine workers) is served from here from now on,
    // so a worker restarted after the network went away still starts.
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  // The old build's worker hands over (see handOver). skipWaiting's promise settles only
  // once this worker is active, which waits for the old one's fetch to end: say at once
  // that it is asked.
  if (event.data === 'skip-waiting') {
    event.waitUntil(self.skipWaiting());
    event.ports[0].postMessage('asked');
  }
});

/** Set once this worker has asked a newer one to take over: it serves no page again. */
let handingOver = false;

/**
 * A reload of the only page open on this build is the moment to switch to a newer one
 * that is waiting: the page is going away, so no page is left to mix the two builds.
 * Answers with an empty page that reloads itself (once the newer worker is in charge),
 * or null to serve the page from this build. Any other open page keeps this build until
 * it is closed; then the browser activates the newer one by itself.
 */
async function handOver(event) {
  if (handingOver) return refresh();
  const waiting = self.registration.waiting;
  // The page a reload replaces: Chromium gives it as the navigation's client (a browser
  // that gives neither waits for the tabs to close). A reload is fetched 'no-cache'; a
  // new tab or a link, 'default', and the page it came from stays open.
  const leaving = event.replacesClientId || event.clientId;
  if (!waiting || !leaving || event.request.cache === 'default') return null;
  const pages = await self.clients.matchAll({ type: 'window' });
  if (pages.length !== 1 || pages[0].id !== leaving) return null;
  handingOver = true;
  const channel = new MessageChannel();
  const answered = new Promise((ok) => { channel.port1.onmessage = ok; });
  waiting.postMessage('skip-waiting', [channel.port2]);
  await answered;
  return refresh();
}

function refresh() {
  return new Response('', { headers: { 'content-type': 'text/html', refresh: '0' } });
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  const page = request.mode === 'navigate' && PAGES.has(url.origin + url.pathname);
  // Anything else (another path, another origin) goes to the network as usual.
  if (!page && !URLS.has(request.url)) return;
  event.respondWith((async () => {
    const handover = page ? await handOver(event) : null;
    if (handover) return handover;
    // A file missing from the cache (storage cleared under us) comes from the network.
    return (await caches.match(page ? INDEX : request.url, { cacheName: CACHE })) ?? fetch(request);
  })());
});
