// Habitory's service worker (served at /sw.js, scope /): keeps the app shell and the last pages
// the user opened for reading offline, replays check-ins queued offline (offline.js) when
// Background Sync says the connection is back, and shows reminders that arrive as Web Push.
// Pages stay server-rendered: this file only caches, queues and forwards.
"use strict";

importScripts("/static/js/offline_queue.js");  // the queue (HabitoryQueue)

// Bump when SHELL changes: the old shell cache is dropped on activation.
const SHELL_CACHE = "habitory-shell-v7";
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
  "/static/js/offline_queue.js",
  "/static/js/offline_words.js",
  "/static/js/offline_status.js",
  "/static/js/offline_progress.js",
  "/static/js/offline_stuck.js",
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
    // The offline page for nobody in particular (the worker installs on the sign-up page, or
    // after a deploy under whoever is logged in): the user's own copy, with their menu and
    // their waiting changes, is kept with their pages (keepOfflinePage). Without cookies, so
    // that this copy never names the person logged in now. A failure is harmless.
    try {
      await cache.add(new Request(OFFLINE_URL, { credentials: "omit" }));
    } catch (error) { /* fetched again next install */ }
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

// Each forgetting starts a new generation: a page (or offline page) fetched for the previous
// user but saved after the logout would otherwise come back into the fresh cache.
let generation = 0;
function forgetPages() {
  generation += 1;
  return caches.delete(PAGES_CACHE);
}

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "forget-pages") event.waitUntil(forgetPages());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && SESSION_PAGES.test(url.pathname)) {
    event.respondWith(session(event));
  } else if (request.mode === "navigate" && request.method !== "GET") {
    event.respondWith(action(event));
  } else if (request.method !== "GET") {
    return;
  } else if (request.mode === "navigate") {
    event.respondWith(page(event, url));
  } else if (url.pathname.startsWith("/static/") || url.pathname === "/manifest.webmanifest") {
    event.respondWith(asset(event));
  }
  // Anything else (htmx fragments, polls, downloads) goes to the network untouched: offline,
  // htmx reports the failure, and offline.js queues the check-ins among them.
});

// Logging in or out: the pages are forgotten once the server answered. A logout tapped in a
// tunnel changed nothing (the user is still logged in and still needs the saved pages), and
// gets the offline page saying so, not the browser's error page.
async function session(event) {
  const response = await action(event);
  if (!response.headers.has("X-Habitory-Offline")) await forgetPages();
  return response;
}

// A plain form sent as a page (no htmx): offline, the offline page says it was not done.
async function action(event) {
  try {
    return await fetch(event.request);
  } catch (error) {
    return offlinePage(event.request.method !== "GET");
  }
}

// Pages: the network first, so what the user sees is current; a saved copy when it fails.
async function page(event, url) {
  const request = event.request;
  const saving = generation;
  try {
    const response = await fetch(request);
    const html = (response.headers.get("Content-Type") || "").startsWith("text/html");
    if (response.status === 200 && html && SAVED_PAGES.test(url.pathname)) {
      event.waitUntil(savePage(request.url, response.clone(), saving));
    }
    return response;
  } catch (error) {
    const cache = await caches.open(PAGES_CACHE);
    const saved = await cache.match(request.url, { ignoreVary: true });
    if (saved) return marked(saved, `data-offline-saved-at="${savedAt(saved)}"`);
    return offlinePage(false);
  }
}

// The offline page: the logged-in user's (saved with their pages), else the one for nobody.
// `undone`: it answers a form that could not be sent (offline.js says so on the page, and
// does not send it again when the connection returns); else a page not saved, which
// offline.js loads once the connection is back.
async function offlinePage(undone) {
  const own = await (await caches.open(PAGES_CACHE)).match(OFFLINE_URL, { ignoreVary: true });
  const page = own || await (await caches.open(SHELL_CACHE)).match(OFFLINE_URL, { ignoreVary: true });
  if (!page) return new Response("Offline", { status: 503, headers: { "Content-Type": "text/plain" } });
  return marked(page, `data-offline-action="${undone ? "undone" : "unsaved"}"`, true);
}

async function savePage(url, response, saving) {
  const headers = new Headers(response.headers);
  headers.set("X-Habitory-Saved-At", new Date().toISOString());
  const text = await response.text();
  if (saving !== generation) return;  // logged out meanwhile: not the next user's to read
  const cache = await caches.open(PAGES_CACHE);
  await cache.put(url, new Response(text, { status: 200, headers }));
  const keys = (await cache.keys()).filter((key) => new URL(key.url).pathname !== OFFLINE_URL);
  await Promise.all(keys.slice(0, Math.max(0, keys.length - PAGES_KEPT)).map((key) => cache.delete(key)));
  await keepOfflinePage(cache, looks(text), saving);
}

// The user's own offline page, fetched with their session once their first page is saved
// (the pages are forgotten at every login and logout), and again when their language or
// theme changed.
async function keepOfflinePage(cache, look, saving) {
  const kept = await cache.match(OFFLINE_URL, { ignoreVary: true });
  if (kept && kept.headers.get("X-Habitory-Look") === look) return;
  try {
    const response = await fetch(OFFLINE_URL, { credentials: "same-origin" });
    if (!response.ok || saving !== generation) return;
    const headers = new Headers(response.headers);
    headers.set("X-Habitory-Look", look);
    await cache.put(OFFLINE_URL, new Response(await response.text(), { status: 200, headers }));
  } catch (error) { /* the next saved page tries again */ }
}

// A page's language and theme, as its <html> says them.
function looks(html) {
  const tag = (/<html[^>]*>/.exec(html) || [""])[0];
  return ["lang", "data-theme"].map((name) => (new RegExp(`\\s${name}="([^"]*)"`).exec(tag) || [])[1] || "").join(" ");
}

function savedAt(saved) {
  return (saved.headers.get("X-Habitory-Saved-At") || "").replace(/[^0-9TZ:.-]/g, "");
}

// A copy from the caches, with what offline.js and offline_status.js need to know on <html>:
// a saved page says when it was saved ("Offline — showing what you saw at 08:14").
// `offline`: the answer is the offline page (X-Habitory-Offline tells session() that nothing
// reached the server).
async function marked(saved, attributes, offline) {
  const text = (await saved.text()).replace("<html ", `<html ${attributes} `);
  const headers = new Headers(saved.headers);
  if (offline) headers.set("X-Habitory-Offline", "1");
  return new Response(text, { status: 200, headers });
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
