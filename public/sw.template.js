// The service worker: keeps the app, the hosts this deployment serves and their postcodes on the
// device, so the service opens and answers with no network after the first visit.
// scripts/trunk-post-build writes sw.js from this file with the build's own file list, so each build
// installs afresh and drops the old copy. Of /api/ it keeps only the hosts document and the hosts'
// postcode file, which hold no personal data: submissions and case data are never kept by it.
const VERSION = '__VERSION__';
const PRECACHE = __PRECACHE__;
const CACHE = `ola-${VERSION}`;

const HOSTS = '/api/hosts';
const HOSTS_POSTCODES = '/api/hosts/postcodes-';

// The hosts and their postcodes, kept at install so the first visit with no network still knows
// them. A failure here leaves the app installed; the app fetches them again when online.
async function keepHosts(cache) {
  const response = await fetch(HOSTS);
  if (!response.ok) return;
  await cache.put(HOSTS, response.clone());
  const { postcodes } = await response.json();
  const table = await fetch(postcodes);
  if (table.ok) await cache.put(postcodes, table);
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(PRECACHE).then(() => keepHosts(cache).catch(() => {})))
      .then(() => self.skipWaiting()),
  );
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
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) {
    return;
  }
  if (url.pathname === HOSTS) {
    // The network first (the configuration may have changed), the last copy when offline.
    event.respondWith(
      fetch(event.request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put(HOSTS, copy));
          }
          return response;
        })
        .catch(() => caches.match(HOSTS)),
    );
    return;
  }
  if (url.pathname.startsWith(HOSTS_POSTCODES)) {
    // Named by its content's hash: a copy is never stale.
    event.respondWith(
      caches.match(url.pathname).then((hit) => hit || fetch(event.request).then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(url.pathname, copy));
        }
        return response;
      })),
    );
    return;
  }
  if (url.pathname.startsWith('/api/')) {
    return;
  }
  if (event.request.mode === 'navigate') {
    // The network first, so a new version reaches people as soon as they are online.
    event.respondWith(fetch(event.request).catch(() => caches.match('/index.html')));
    return;
  }
  event.respondWith(caches.match(url.pathname).then((hit) => hit || fetch(event.request)));
});

// Background Sync: a submission saved in the device's outbox while offline is sent when the
// network returns, even if the app's tab has been closed. The app (src/outbox.rs) owns the full
// handling of the relay's answers; this only does the happy path, uploading files kept on the
// device first, and leaves anything else waiting for the app, which says what to do about it.
self.addEventListener('sync', (event) => {
  // One sender at a time: the app takes the same lock (app/js/device_store.js).
  if (event.tag === 'ola-outbox') event.waitUntil(self.navigator.locks ? self.navigator.locks.request('ola-outbox', sendOutbox) : sendOutbox());
});

function openDevice() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open('ola-device', 1);
    req.onupgradeneeded = () => { for (const s of ['outbox', 'files']) if (!req.result.objectStoreNames.contains(s)) req.result.createObjectStore(s); };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function request(db, store, mode, act) {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(store, mode);
    const r = act(tx.objectStore(store));
    tx.oncomplete = () => resolve(r.result);
    tx.onerror = () => reject(tx.error);
  });
}

async function sendOutbox() {
  const db = await openDevice();
  const records = (await request(db, 'outbox', 'readonly', (s) => s.getAll())).map((t) => JSON.parse(t));
  for (const record of records.filter((r) => r.state === 'waiting' && r.endpoint)) {
    for (const doc of record.envelope.data.documents ?? []) {
      if (!String(doc.attachment_id).startsWith('local-')) continue;
      const blob = await request(db, 'files', 'readonly', (s) => s.get(doc.attachment_id));
      if (!blob) return; // the app will ask for the file again
      // A network failure throws, and the browser tries the sync again later.
      const r = await fetch('/api/attachments', { method: 'POST', headers: { 'X-File-Name': encodeURIComponent(doc.file_name) }, body: blob });
      if (r.status !== 201 && r.status !== 200) return;
      const local = doc.attachment_id;
      doc.attachment_id = (await r.json()).id;
      await request(db, 'outbox', 'readwrite', (s) => s.put(JSON.stringify(record), record.id));
      await request(db, 'files', 'readwrite', (s) => s.delete(local));
    }
    const headers = { 'content-type': 'application/json' };
    if (record.token) headers.authorization = `Bearer ${record.token}`;
    const r = await fetch(record.endpoint, { method: 'POST', headers, body: JSON.stringify(record.envelope) });
    if (r.status === 200 || r.status === 201) {
      record.state = 'sent';
      record.receipt = await r.json();
      await request(db, 'outbox', 'readwrite', (s) => s.put(JSON.stringify(record), record.id));
      for (const client of await self.clients.matchAll()) client.postMessage({ outbox: 'changed' });
    } else if (r.status >= 500 || r.status === 408 || r.status === 429) {
      throw new Error(`relay busy (${r.status}): try again later`);
    }
  }
}
