// Habitory's service worker (served at /sw.js, scope /): keeps the app shell and the last pages
// the user opened for reading offline, replays check-ins queued offline (offline.js) when
// Background Sync says the connection is back, and shows reminders that arrive as Web Push.
// Pages stay server-rendered: this file only caches, queues and forwards.
"use strict";

importScripts("/static/js/offline.js");  // the queue (HabitoryQueue)

// Bump when SHELL changes: the old shell cache is dropped on activation.
const SHELL_CACHE = "habitory-shell-v3";
const PAGES_CACHE = "habitory-pages";
const PAGES_KEPT = 40;
const OFFLINE_URL = "/offline";
const SHELL = [
  "/static/css/app.css",
  "/static/vendor/htmx-2.0.11.min.js",
  "/static/js/app.js",
  "/static/js/keys.js",
  "/static/js/notifications.js",
  "/static/js/offline.js",
  "/static/js/offline_progress.js",
  "/static/favicon.svg",
  "/static/icons/icon-192.png",
  "/manifest.webmanifest",
];
// The pages worth reading offline: Today (also filtered by a tag), a habit, the calendar.
const SAVED_PAGES = /^\/(habits\/\d+|calendar)?$/;
// Signing in or out (or landing on the login page: the session is over) forgets the pages:
// they belong to whoever was logged in.
const SESSION_PAGES = /^\/(login|logout|register)$/;

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL_CACHE);
    await cache.addAll(SHELL);
    // The offline page in the user's language; a failure (not logged in yet) is harmless.
    try { await cache.add(OFFLINE_URL); } catch (error) { /* fetched again next install */ }
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name.startsWith("habitory-shell-") && name !== SHELL_CACHE)
      .map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "forget-pages") event.waitUntil(caches.delete(PAGES_CACHE));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && SESSION_PAGES.test(url.pathname)) {
    event.waitUntil(caches.delete(PAGES_CACHE));
    return;  // the network as usual
  }
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    event.respondWith(page(event, url));
  } else if (url.pathname.startsWith("/static/") || url.pathname === "/manifest.webmanifest") {
    event.respondWith(asset(event));
  }
  // Anything else (htmx fragments, polls, downloads) goes to the network untouched: offline,
  // htmx reports the failure, and offline.js queues the check-ins among them.
});

// Pages: the network first, so what the user sees is current; a saved copy when it fails.
async function page(event, url) {
  const request = event.request;
  try {
    const response = await fetch(request);
    const html = (response.headers.get("Content-Type") || "").startsWith("text/html");
    if (response.status === 200 && html && SAVED_PAGES.test(url.pathname)) {
      event.waitUntil(savePage(request.url, response.clone()));
    }
    return response;
  } catch (error) {
    const cache = await caches.open(PAGES_CACHE);
    const saved = await cache.match(request.url, { ignoreVary: true });
    if (saved) return marked(saved);
    const fallback = await caches.match(OFFLINE_URL, { ignoreVary: true });
    return fallback || new Response("Offline", { status: 503, headers: { "Content-Type": "text/plain" } });
  }
}

async function savePage(url, response) {
  const headers = new Headers(response.headers);
  headers.set("X-Habitory-Saved-At", new Date().toISOString());
  const cache = await caches.open(PAGES_CACHE);
  await cache.put(url, new Response(await response.text(), { status: 200, headers }));
  const keys = await cache.keys();  // oldest first
  await Promise.all(keys.slice(0, Math.max(0, keys.length - PAGES_KEPT)).map((key) => cache.delete(key)));
}

// A saved page says when it was saved (<html data-offline-saved-at>): offline.js shows
// "Offline — showing what you saw at 08:14" from it.
async function marked(saved) {
  const when = saved.headers.get("X-Habitory-Saved-At") || "";
  const text = (await saved.text()).replace("<html ", `<html data-offline-saved-at="${when.replace(/[^0-9TZ:.-]/g, "")}" `);
  return new Response(text, { status: 200, headers: saved.headers });
}

// Static files: the network first as well (their URLs carry no version, and a page must not
// meet the previous release's CSS or scripts), the saved copy when it fails.
async function asset(event) {
  const cache = await caches.open(SHELL_CACHE);
  try {
    const response = await fetch(event.request);
    if (response.ok) event.waitUntil(cache.put(event.request, response.clone()));
    return response;
  } catch (error) {
    const saved = await cache.match(event.request, { ignoreVary: true });
    if (saved) return saved;
    throw error;
  }
}

// Background Sync: the connection is back. A page on screen replays (it redraws its rows as
// they are saved). A hidden one may be frozen or kept in the back-forward cache, and would
// never answer: then the worker sends the changes itself, with the token saved with each,
// and tells the pages what was saved so they redraw those rows when they wake.
self.addEventListener("sync", (event) => {
  if (event.tag !== HabitoryQueue.SYNC_TAG) return;
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: "window" });
    const onScreen = windows.filter((client) => client.visibilityState === "visible");
    if (onScreen.length) {
      onScreen.forEach((client) => client.postMessage({ type: "replay" }));
      return;
    }
    const saved = [];
    const summary = await HabitoryQueue.replay({
      onSaved: (change, html) => saved.push({ habit: change.habit, html }),
    });
    windows.forEach((client) => client.postMessage({ type: "replayed", saved }));
    if (summary.waiting) throw new Error("changes still waiting");  // the browser retries later
  })());
});

// Web Push: a reminder, encrypted for this browser (habitory/pwa/delivery.py).
self.addEventListener("push", (event) => {
  let message = {};
  try { message = event.data ? event.data.json() : {}; } catch (error) { message = {}; }
  const url = typeof message.url === "string" && message.url.startsWith("/") ? message.url : "/";
  event.waitUntil(self.registration.showNotification(message.title || "Habitory", {
    body: message.body || "",
    tag: message.tag || undefined,
    icon: "/static/icons/icon-192.png",
    data: { url },
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = (event.notification.data && event.notification.data.url) || "/";
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    const open = windows.find((client) => new URL(client.url).pathname === url);
    if (open) return open.focus();
    return self.clients.openWindow(url);
  })());
});
