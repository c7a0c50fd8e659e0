// The device's own store for what must survive a closed tab and a lost network: submissions waiting
// to send ("outbox", JSON text) and the files that go with them ("files", Blobs). IndexedDB, not
// localStorage, because it holds files and because the service worker can read it too.
const DB = 'ola-device';
const STORES = ['outbox', 'files'];

let opening;
function db() {
  opening ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => { for (const s of STORES) if (!req.result.objectStoreNames.contains(s)) req.result.createObjectStore(s); };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => { opening = undefined; reject(req.error); };
  });
  return opening;
}

function run(store, mode, act) {
  return db().then((d) => new Promise((resolve, reject) => {
    const tx = d.transaction(store, mode);
    const req = act(tx.objectStore(store));
    tx.oncomplete = () => resolve(req.result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  }));
}

export function storePut(store, key, value) {
  return run(store, 'readwrite', (s) => s.put(value, key)).then(() => undefined);
}

export function storeGet(store, key) {
  return run(store, 'readonly', (s) => s.get(key));
}

export function storeDelete(store, key) {
  return run(store, 'readwrite', (s) => s.delete(key)).then(() => undefined);
}

/** Every value in the store (outbox records are JSON text). */
export function storeValues(store) {
  return run(store, 'readonly', (s) => s.getAll());
}

/** Asks the service worker to send the outbox when the network returns, even if this tab is closed
 * by then (Background Sync: Chromium-based browsers such as Edge and Chrome; elsewhere the app sends
 * the outbox the next time it is open). */
export function requestSync() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.ready.then((r) => r.sync && r.sync.register('ola-outbox')).catch(() => {});
}

/** Takes the outbox for one sender at a time: the app and the service worker may both try to send
 * when the network returns, and two senders could upload the same file twice. Resolves to the
 * function that lets go. (Web Locks; where a browser has none, there is no service-worker sender.) */
export function acquireOutbox() {
  if (!navigator.locks) return Promise.resolve(() => {});
  return new Promise((acquired) => {
    navigator.locks.request('ola-outbox', () => new Promise((release) => acquired(release)));
  });
}
