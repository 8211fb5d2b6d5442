// Registers the service worker that keeps the site for offline use (sw.js). The URL is
// relative, so its scope is the folder the site is served from, under any sub-path.
// After the page has loaded: the first visit's own downloads come first. Not from an
// embed (?embed=…) in someone's post: it fetches the engine only when the reader presses
// Run, and an offline copy would download the whole site at once.
if ('serviceWorker' in navigator && !new URLSearchParams(location.search).has('embed')) {
  addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js').catch((e) => console.warn(`no offline copy: ${e}`));
  });
}
