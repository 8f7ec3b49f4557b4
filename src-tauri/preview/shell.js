// The preview shell. It lives at the article page's own address, so the page it holds (in a
// sandboxed frame, without scripts) resolves its relative links and images exactly as the
// exported file does on the portal. The editor window sends each new render as a message.
const frame = document.getElementById('page');
window.addEventListener('message', (event) => {
  if (event.source !== window.parent || typeof event.data?.html !== 'string') return;
  frame.srcdoc = event.data.html;
});
window.parent.postMessage({ newsdeskShellReady: true }, '*');
