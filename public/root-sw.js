// Served at /sw.js, where the deputy's app kept its service worker before the apps moved
// under /me/ and /staff/ and the public site took `/`. A browser that still runs the old
// worker (scope `/`, which would keep serving the deputy's cached shell at the public home
// page) fetches this file on its next update check: it installs, deletes the old shell's
// caches, unregisters itself and reloads the pages it controlled, which then come from the
// server (the public site) — or, for the deputy's app, from /me/ and its own worker.
// The deputy's data is in IndexedDB, which this never touches.
self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const keys = await caches.keys();
      // The old worker's caches: 'lvzhi-shell-<build>' (the apps' own are 'lvzhi-shell-me-…').
      await Promise.all(keys.filter((key) => /^lvzhi-shell-[^-]+$/.test(key)).map((key) => caches.delete(key)));
      await self.registration.unregister();
      const pages = await self.clients.matchAll({ type: 'window' });
      await Promise.all(pages.map((page) => page.navigate(page.url).catch(() => undefined)));
    })(),
  );
});
