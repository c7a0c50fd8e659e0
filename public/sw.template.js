// The service worker: keeps the app and Kent's postcode table on the device, so the service opens
// and answers with no network after the first visit. scripts/trunk-post-build writes sw.js from
// this file with the build's own file list, so each build installs afresh and drops the old copy.
// It never caches /api/: submissions and case data (personal data) are never kept by it.
const VERSION = '__VERSION__';
const PRECACHE = __PRECACHE__;
const CACHE = `ola-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('ola-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) {
    return;
  }
  if (event.request.mode === 'navigate') {
    // The network first, so a new version reaches people as soon as they are online.
    event.respondWith(fetch(event.request).catch(() => caches.match('/index.html')));
    return;
  }
  event.respondWith(caches.match(url.pathname).then((hit) => hit || fetch(event.request)));
});
