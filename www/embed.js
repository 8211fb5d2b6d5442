// Sizes every embedded playground on a page to its content. Add this script once, and
// give each playground iframe the `data-playground-embed` attribute:
//
//   <iframe data-playground-embed title="…" loading="lazy"
//     src="https://example.org/playground/?embed=scenario&scenario=retention"
//     style="width: 100%; border: 0"></iframe>
//   <script src="https://example.org/playground/embed.js" defer></script>
//
// Each embed posts { source: 'datestamp-playground', type: 'size', height } to its parent
// whenever its content changes size; only a frame that is one of ours is resized.
(() => {
  addEventListener('message', (event) => {
    const data = event.data;
    if (!data || data.source !== 'datestamp-playground' || data.type !== 'size') return;
    const height = Number(data.height);
    if (!Number.isFinite(height) || height <= 0) return;
    for (const frame of document.querySelectorAll('iframe[data-playground-embed]')) {
      if (frame.contentWindow === event.source) frame.style.height = `${Math.ceil(height)}px`;
    }
  });
})();
