// The service worker: the page, its files, the sites and the last circuit stay available offline.
// Page and data: network first, the last answer kept for offline use. Files whose address carries
// their content hash (?v=…): cache first. The chat (Rasa, another origin) is never cached.
const CACHE = "memhisto-v1";
const OFFLINE_DATA = ["/api/config", "/api/sites", "/api/themes", "/api/basemap", "/api/circuit", "/api/nearby"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.add("/")).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

// The page tells which files it loaded before this worker took control: they are kept too.
self.addEventListener("message", (event) => {
  const urls = (event.data?.keep || []).filter((url) => new URL(url).origin === location.origin);
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.all(urls.map((url) => cache.add(url).catch(() => null)))));
});

async function networkFirst(request, fallback = request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = (await cache.match(request)) || (await cache.match(fallback));
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== location.origin) return;
  if (request.mode === "navigate") return event.respondWith(networkFirst(request, "/"));
  if (url.searchParams.has("v")) return event.respondWith(cacheFirst(request));
  if (url.pathname.startsWith("/api/") && !OFFLINE_DATA.some((path) => url.pathname.startsWith(path))) return;
  event.respondWith(networkFirst(request));
});
