// The service worker of one Lüzhi app (the deputy's workspace under /me/, the staff console
// under /staff/): after one online visit the app starts with no network. Each app copies
// this file to its own directory as sw.js and registers it there, so its scope, and the
// cache it names after that scope, are its own.
//
// - On install it caches the app shell: the app's index.html and every asset it references
//   (Trunk's hashed JS, wasm and CSS, the manifest, icons).
// - Hashed assets are served from the cache first (their names change with their content);
//   pages are fetched from the network first and fall back to the cached shell offline.
// - The cache is named after the app and the build (Trunk's post-build hook writes the build
//   id below), so a new build installs a new cache and deletes only its own app's old one on
//   activation. Local data lives in IndexedDB, which this never touches.
// - API calls (/api/…) are never cached; nothing outside the scope is handled.
const BUILD = '__LVZHI_BUILD__';
// Registered with the scope '/me' (no trailing slash), so the app's own address for its home
// page ('/me', as its router writes it) is served offline too.
const BASE = new URL(self.registration.scope).pathname.replace(/\/$/, ''); // e.g. '/me'
const SHELL = `${BASE}/`;
const PREFIX = `lvzhi-shell${BASE.replace(/\//g, '-')}-`; // e.g. 'lvzhi-shell-me-'
const CACHE = `${PREFIX}${BUILD}`;

async function precache() {
  const cache = await caches.open(CACHE);
  const page = await fetch(SHELL, { cache: 'no-store' });
  if (!page.ok) throw new Error(`cannot fetch the app shell: ${page.status}`);
  const html = await page.clone().text();
  await cache.put(SHELL, page);
  const assets = [...html.matchAll(/(?:href|src)="(\/[^"]+)"/g)].map((match) => match[1]).filter((path) => path.startsWith(SHELL));
  assets.push(`${SHELL}icons/icon-192.png`, `${SHELL}icons/icon-512.png`, `${SHELL}icons/icon.svg`);
  await cache.addAll([...new Set(assets)]);
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith(PREFIX) && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

const HASHED = /-[0-9a-f]{12,16}(?:_bg)?\.(?:js|wasm|css)$/;

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || !(url.pathname === BASE || url.pathname.startsWith(SHELL))) return;
  if (HASHED.test(url.pathname)) {
    event.respondWith(
      caches.match(request).then(
        (hit) =>
          hit ||
          fetch(request).then((response) => {
            if (response.ok) {
              const copy = response.clone();
              caches.open(CACHE).then((cache) => cache.put(request, copy));
            }
            return response;
          }),
      ),
    );
    return;
  }
  const key = request.mode === 'navigate' ? SHELL : request;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(key, copy));
        }
        return response;
      })
      .catch(() => caches.match(key).then((hit) => hit || caches.match(SHELL)).then((hit) => hit || Response.error())),
  );
});
