// A browser with JavaScript but without WebAssembly cannot run the app: say how else to reach
// Kent's Front Door instead of showing an empty page. (Without JavaScript, <noscript> says it.)
if (typeof WebAssembly !== 'object') {
  document.addEventListener('DOMContentLoaded', () => { document.getElementById('no-app').hidden = false; });
}
