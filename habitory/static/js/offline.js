// Offline check-ins, the page's part: registers the service worker, queues check-ins made
// without a connection (shown at once as pending), replays them when the connection returns
// (keeping the ones the server refused or kept failing on to be shown) and, back online,
// trades a saved copy for the current page. It loads its companions itself: the queue in
// IndexedDB (offline_queue.js, shared with the worker) and what the page shows of it
// (offline_status.js: the banner, the days drawn pending); Today's count: offline_progress.js.
(function () {
  "use strict";
  if (typeof document === "undefined") return;  // an older release's worker imported this file

  const CHANGE_PATH = /^\/habits\/(\d+)\/(toggle|day)$/;
  const SECTIONS_PATH = /^\/habits\/\d+\/summary$/;

  // Loaded by this file rather than by <script> tags of their own: Today's byte budget has no
  // room for them, and a page saved before they were split off (shown offline from the
  // worker's cache) names offline.js alone. In the order added: the status reads the queue
  // as it runs. Until both ran, Queue and Status are null; what runs earlier waits for
  // `loaded` (false: one could not be loaded, and the page goes on without a queue).
  let Queue = null, Status = null;
  // Beside this file, wherever the app is mounted.
  const HERE = document.currentScript ? new URL(".", document.currentScript.src).href : "/static/js/";
  function load(name) {
    return new Promise((resolve) => {
      const script = document.createElement("script");
      script.src = HERE + name;
      script.async = false;
      script.onload = script.onerror = resolve;
      document.head.append(script);
    });
  }
  const loaded = Promise.all([load("offline_queue.js"), load("offline_words.js"), load("offline_status.js")]).then(() => {
    if (window.HabitoryQueue && window.HabitoryOfflineStatus) {
      Queue = window.HabitoryQueue;
      Status = window.HabitoryOfflineStatus;
    }
    return Boolean(Queue);
  });
  async function showStatus() { if (Queue || (await loaded)) return Status.show(); }
  async function showQueued() { if (Queue || (await loaded)) return Status.showQueued(); }

  function status() { return document.getElementById("offline-status"); }
  function pageKind() {
    const meta = document.querySelector("meta[name=habitory-kind]");
    return (meta && meta.content) || "yes_no";
  }
  function currentUser() { const box = status(); return box ? box.dataset.user : undefined; }
  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; }
    catch (error) { return ""; }
  }

  // --- queueing -----------------------------------------------------------------------------

  // Queue a change htmx could not send: its form fields, with the explicit state.
  async function queueChange(elt, path, parameters) {
    if (!Queue && !(await loaded)) return;
    const match = CHANGE_PATH.exec(path);
    const fields = {};
    for (const [key, value] of (parameters.entries ? parameters.entries() : Object.entries(parameters))) {
      if (key !== "csrf_token" && typeof value === "string") fields[key] = value;
    }
    const form = elt.closest("form") || elt;
    const row = elt.closest("[data-habit-row]");
    remember(row);
    const kind = row ? row.dataset.kind || "yes_no" : pageKind();
    const day = fields.day || "";
    if (match[2] === "toggle" && !fields.state) {
      const button = Array.from(form.querySelectorAll("button[name=day]")).find((b) => b.value === day);
      fields.state = button ? Status.nextState(button, kind) : "done";
    }
    if (match[2] === "toggle") {
      form.querySelectorAll("button[name=day]").forEach((button) => {
        if (button.value === day) Status.showPending(button, fields.state, kind);
      });
    }
    if (row) row.dataset.pending = "true";
    await Queue.queue({
      user: currentUser(), token: csrfToken(), url: path, habit: Number(match[1]), day,
      name: habitName(row, match[1]), fields, at: new Date().toISOString(),
    });
    // Background Sync is asked for before the page says the change waits: a tab closed the
    // moment it says so still has the change sent by the worker.
    await askForSync();
    showStatus();
    countQueued();
  }

  // The name a refusal will quote: the row's link on Today, the title on the habit's page.
  function habitName(row, id) {
    const link = row && row.querySelector(".habit-main a");
    if (link) return link.textContent.trim();
    const title = window.location.pathname === `/habits/${id}` && document.querySelector("main h1");
    return title ? title.textContent.trim() : "";
  }

  // A plain form that changes a day (the habit page's "Log a day": a note, an amount, a state)
  // sent without a connection: queued like a tick instead of ending on the offline page, and
  // said under its button, where the user is looking (the banner is a screen away on a phone).
  function queueFormIfOffline(event) {
    const form = event.target;
    if (navigator.onLine || !Queue || !currentUser() || !(form instanceof HTMLFormElement)) return;
    if (form.matches("[hx-post], [data-hx-post]") || form.method.toLowerCase() !== "post") return;
    const path = new URL(form.action, window.location.href).pathname;
    if (!CHANGE_PATH.test(path)) return;
    event.preventDefault();
    queueChange(form, path, new FormData(form, event.submitter)).then(() => Status.sayQueued(form));
  }

  // Background Sync where the browser has it; `online` and the next page load everywhere.
  // getRegistration, not `ready`: a worker not installed yet (or failing to install offline)
  // would leave `ready` unsettled, and the page would never say the change waits.
  async function askForSync() {
    if (!navigator.serviceWorker) return;
    try {
      const registration = await navigator.serviceWorker.getRegistration();
      if (registration && registration.active && registration.sync) {
        await registration.sync.register(Queue.SYNC_TAG);
      }
    } catch (error) { /* no sync this time: the other two ways remain */ }
  }

  function isChange(detail) {
    return detail && detail.verb === "post" && CHANGE_PATH.test(detail.path || "");
  }

  // Offline before sending: queue instead of trying.
  function queueIfOffline(event) {
    if (navigator.onLine || !isChange(event.detail)) return;
    event.preventDefault();
    queueChange(event.detail.elt, event.detail.path, event.detail.parameters);
  }

  // "Online" but the request failed all the same (a dead connection): queue it too, and tell
  // app.js not to report a network error (event.detail.queuedOffline). The habit page's
  // sections fetched after a tick that went through (detail.html) lose nothing either: they
  // are fetched again when the connection is back (refetch), or by the next tick.
  let refetch = false;
  function queueAfterFailure(event) {
    const config = event.detail && event.detail.requestConfig;
    if (config && config.verb === "get" && SECTIONS_PATH.test(config.path || "")) {
      event.detail.queuedOffline = refetch = true;
    }
    if (!isChange(config)) return;
    event.detail.queuedOffline = true;
    queueChange(config.elt, config.path, config.parameters);
  }

  // A browser that never queued anything has no database: don't create one to look.
  async function hasQueue() {
    return !indexedDB.databases || (await indexedDB.databases()).some((db) => db.name === Queue.DB_NAME);
  }

  // --- today's progress: offline_progress.js (Today only) counts the changes shown waiting --
  const progress = () => window.HabitoryOfflineProgress;
  function countQueued() { if (progress()) progress().count(); }
  function remember(row) { if (progress() && row) progress().remember(row); }

  // --- signed out --------------------------------------------------------------------------

  // A live page rendered for nobody (the login page after logging out, or after the account
  // was deleted): nothing that names a habit stays in this browser for whoever uses it next.
  // Refusals go (they were for the signed-out user to read); a change still waiting keeps
  // what sending it needs (habit id, day, state), not the habit's name, and is sent when its
  // user logs in again. Saved copies and offline pages are left alone: they may be shown to
  // a user who is still logged in.
  async function forgetNames() {
    if (!Queue && !(await loaded)) return;
    if (status() || !navigator.onLine || document.documentElement.dataset.offlineSavedAt) return;
    if (!(await hasQueue())) return;
    for (const change of await Queue.all(Queue.REFUSED)) await Queue.remove(Queue.REFUSED, change.id);
    for (const change of await Queue.all(Queue.CHANGES)) {
      if (change.name) await Queue.put(Queue.CHANGES, Object.assign({}, change, { name: "" }));
    }
  }

  // --- replaying ----------------------------------------------------------------------------

  // The tabs that found the queue already sent hear what another one saved (replayed()), or
  // they keep their ticks marked "not sent yet". A server that could not take the changes
  // (a deploy's 503, a dead connection that says it is online) is tried again, less and less
  // often, without waiting for a reload.
  const tabs = window.BroadcastChannel ? new BroadcastChannel("habitory-replayed") : null;
  let replaying = false;
  let retryIn = 0, retry = 0;
  // The first wait: 4 s, or what a test sets in <html data-offline-retry-ms>.
  const firstRetry = () => Number(document.documentElement.dataset.offlineRetryMs) || 4000;
  let again = false;  // asked for while one ran (Try again): that pass may have missed it
  async function replay() {
    if (!Queue && !(await loaded)) return;
    if (replaying) { again = true; return; }
    if (!navigator.onLine || !currentUser()) return;
    replaying = true;
    again = false;
    const saved = [];
    try {
      const summary = await Queue.replay({ user: currentUser(), token: csrfToken(),
        onSaved: (change, html) => { redraw(change, html); saved.push({ habit: change.habit, html }); } });
      if (saved.length && tabs) tabs.postMessage({ saved });
      clearTimeout(retry);
      const wait = retryIn || firstRetry();
      if (summary.waiting && !summary.login) retry = setTimeout(replay, wait);
      retryIn = summary.waiting ? Math.min(wait * 2, 300000) : 0;
      // A habit deleted or archived meanwhile: its stale row goes (the banner says why).
      summary.refused.filter((c) => c.status === 404 || c.status === 409).forEach((change) => {
        const row = document.getElementById(`habit-${change.habit}`);
        if (row) row.remove();
      });
      status().dataset.needsLogin = summary.login ? "true" : "false";
    } finally {
      replaying = false;
      showStatus();
      countQueued();
      redrawIfSent();
      if (again) replay();
    }
  }

  function redrawIfSent() {
    if (redrawPage) window.location.reload();
    redrawPage = false;
  }

  // The server's answer to a replayed change is the row as it now is (the later change wins:
  // the row shows the final state), with the progress and streak out of band.
  // The habit's own page has no row to swap: its calendar, numbers and history all change,
  // so the page is drawn again once the replay is over (else a day says "not sent yet").
  let redrawPage = false;
  function redraw(change, html) {
    const row = document.getElementById(`habit-${change.habit}`);
    if (!row && window.location.pathname === `/habits/${change.habit}`) redrawPage = true;
    if (!row || !window.htmx || !html.includes(`id="habit-${change.habit}"`)) return;
    window.htmx.swap(row, html, { swapStyle: "outerHTML" });
  }

  function registerWorker() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
    navigator.serviceWorker.addEventListener("message", (event) => {
      if (event.data && event.data.type === "replay") replay();
      if (event.data && event.data.type === "replayed") replayed(event);  // by the worker (sw.js)
    });
  }

  function replayed(event) {
    event.data.saved.forEach((change) => redraw(change, change.html));
    showStatus();
    countQueued();
    redrawIfSent();
  }
  if (tabs) tabs.onmessage = replayed;

  document.addEventListener("htmx:configRequest", queueIfOffline, true);
  document.addEventListener("htmx:sendError", queueAfterFailure, true);
  // A change made online reaches the server at once: a set-aside one for the same habit, day
  // and form is older, and Try again would undo it.
  document.addEventListener("htmx:afterRequest", async (event) => {
    const config = event.detail && event.detail.requestConfig;
    if (!Queue && !(await loaded)) return;
    if (!event.detail.successful || !isChange(config) || !currentUser()) return;
    if (!(await hasQueue())) return;
    const params = config.parameters || {};
    const day = (params.get ? params.get("day") : params.day) || "";
    await Queue.supersede({ id: Infinity, user: currentUser(), url: config.path, day });
    showStatus();
    countQueued();
  });
  document.addEventListener("submit", queueFormIfOffline, true);
  // Back online: send what waits, then trade a saved copy (or the offline page standing in
  // for a page never saved) for the current page. Not a form's "not done": that would send it.
  window.addEventListener("online", async () => {
    await replay();
    if (refetch && window.htmx) window.htmx.trigger(document.body, "habitory:habit-changed");
    refetch = false;
    const shown = document.documentElement.dataset;
    if ((shown.offlineSavedAt || shown.offlineAction === "unsaved") && navigator.onLine) {
      window.location.reload();
    }
  });
  window.addEventListener("offline", showStatus);
  // The worker and the queue wait until the page is idle: first paint and first input first.
  const whenIdle = (work) => (window.requestIdleCallback ? window.requestIdleCallback(work, { timeout: 2000 }) : setTimeout(work, 200));
  window.addEventListener("load", () => whenIdle(registerWorker));
  // A saved copy shows its banner at once; the queue's count and the replay can wait a moment.
  document.addEventListener("DOMContentLoaded", () => {
    // The offline page answering a form sent without a connection (sw.js): say it was not done.
    if (document.documentElement.dataset.offlineAction === "undone") {
      document.querySelectorAll("[data-offline-unsaved]").forEach((p) => { p.hidden = true; });
      document.querySelectorAll("[data-offline-undone]").forEach((p) => { p.hidden = false; });
    }
    if (document.documentElement.dataset.offlineSavedAt || !navigator.onLine) {
      showStatus();
      showQueued();
    }
    whenIdle(() => { showStatus(); replay(); forgetNames(); });
  });

  // What offline_status.js takes from this file when it runs (after it, loaded above).
  window.HabitoryOffline = { currentUser, pageKind, hasQueue, replay, progress, remember, countQueued };
})();
