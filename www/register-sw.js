// Registers the service worker that keeps the site for offline use (sw.js). The URL is
// relative, so its scope is the folder the site is served from, under any sub-path.
// After the page has loaded: the first visit's own downloads come first.
if ('serviceWorker' in navigator) {
  addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js').catch((e) => console.warn(`no offline copy: ${e}`));
  });
}
