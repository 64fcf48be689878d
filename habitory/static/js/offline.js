// Offline check-ins, in two parts in one file (Today's count of them: offline_progress.js) (one request for the page; the service worker
// imports it too): the queue in IndexedDB, shared by the page and the worker, and the page's
// part, which registers the worker, says when the page is a saved copy, queues check-ins made
// without a connection (shown at once as pending), replays them when the connection returns
// and reports the ones the server refused or kept failing on (set aside: offline_stuck.js).
// The words come from the server, translated, in
// #offline-status's data attributes (partials/offline_status.html).

// The queue of check-ins made offline, in IndexedDB, shared by the page and the service worker
// (sw.js). Each change is a form post with an explicit state and day, so
// sending it twice sets the same thing twice: a replay is idempotent, never "cycle again".
(function (scope) {
  "use strict";

  const DB_NAME = "habitory-offline";
  const CHANGES = "changes";   // waiting to be sent
  const REFUSED = "refused";   // the server said no: shown to the user until dismissed
  const SYNC_TAG = "habitory-replay";
  const GIVE_UP_AFTER = 3;  // failures in a row (a 500) before a change stops holding the rest

  // One connection per page or worker, opened on first use.
  let opened = null;
  function open() {
    if (!opened) {
      opened = new Promise((resolve, reject) => {
        const request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = () => {
          const db = request.result;
          db.createObjectStore(CHANGES, { keyPath: "id", autoIncrement: true });
          db.createObjectStore(REFUSED, { keyPath: "id", autoIncrement: true });
        };
        request.onsuccess = () => {
          const db = request.result;
          db.onversionchange = () => { db.close(); opened = null; };
          resolve(db);
        };
        request.onerror = () => { opened = null; reject(request.error); };
      });
    }
    return opened;
  }

  // One transaction on one store; resolves with what `work` asked for once it committed.
  async function withStore(name, mode, work) {
    const db = await open();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(name, mode);
      const request = work(tx.objectStore(name));
      tx.oncomplete = () => resolve(request ? request.result : undefined);
      tx.onerror = tx.onabort = () => reject(tx.error);
    });
  }

  const add = (name, item) => withStore(name, "readwrite", (store) => store.add(item));
  const put = (name, item) => withStore(name, "readwrite", (store) => store.put(item));
  const all = (name) => withStore(name, "readonly", (store) => store.getAll());
  const remove = (name, id) => withStore(name, "readwrite", (store) => store.delete(id));

  // Send one change with the session's CSRF token; what came of it.
  async function send(change, token) {
    const body = new URLSearchParams(change.fields);
    body.set("csrf_token", token);
    let response;
    try {
      response = await fetch(change.url, {
        method: "POST", body, credentials: "same-origin", redirect: "manual",
        headers: { "HX-Request": "true", "X-CSRFToken": token },
      });
    } catch (error) {
      return { outcome: "offline" };
    }
    if (response.ok) return { outcome: "saved", html: await response.text() };
    // Logged out (401 with HX-Redirect, a redirect to the login page) or a token of an older
    // session (400): the change can still be sent after logging in again, so it stays queued.
    if (response.type === "opaqueredirect" || response.status === 401 || response.status === 400) {
      return { outcome: "login" };
    }
    // A deploy or a busy server: the change waits its turn. Another 5xx is the server failing
    // on this change (a bug): after a few in a row it is set aside (replayNow).
    if ([429, 502, 503, 504].includes(response.status)) return { outcome: "offline" };
    if (response.status >= 500) return { outcome: "failed" };
    return { outcome: "refused", status: response.status };  // 404 gone, 409 archived, 422
  }

  // Replay the queue in order. `user`: only that user's changes (a page knows who is logged
  // in; the worker does not and sends each with the token saved with it). `token`: the
  // current page's token. `onSaved(change, html)`: the page redraws the row.
  async function replayNow({ user, token, onSaved }) {
    const summary = { saved: 0, refused: [], login: false, waiting: 0 };
    const changes = (await all(CHANGES)).filter((c) => !c.stuck && (user === undefined || mine(c, user)));
    const loggedOut = new Set();  // accounts whose changes wait for their next login
    for (let i = 0; i < changes.length; i++) {
      const change = changes[i];
      if (loggedOut.has(String(change.user))) { summary.waiting += 1; continue; }
      const result = await send(change, token || change.token);
      if (result.outcome === "failed") {
        const failures = (change.failures || 0) + 1;
        const stuck = failures >= GIVE_UP_AFTER;
        // Written back only if still there: another replay (a browser without Web Locks)
        // may have saved and removed it meanwhile, and a logout may have dropped its name.
        const now = (await all(CHANGES)).find((c) => c.id === change.id);
        if (!now) continue;
        await put(CHANGES, Object.assign({}, now, { failures, stuck }));
        if (stuck) { await supersede(change); continue; }  // the rest need not wait behind it
      }
      if (result.outcome === "offline" || result.outcome === "failed") {
        summary.waiting += changes.length - i;
        break;
      }
      // In order per account: the rest of this one's wait too, but not another account's
      // (the worker sends every account's, each with its own token).
      if (result.outcome === "login") {
        summary.login = true;
        summary.waiting += 1;
        loggedOut.add(String(change.user));
        continue;
      }
      await remove(CHANGES, change.id);
      if (result.outcome === "saved") {
        summary.saved += 1;
        await supersede(change);
        if (onSaved) onSaved(change, result.html);
      } else {
        const refused = Object.assign({}, change, { status: result.status });
        delete refused.id;
        delete refused.token;
        await add(REFUSED, refused);
        summary.refused.push(refused);
      }
    }
    return summary;
  }

  // A change set aside ("could not be saved", still in CHANGES: nothing is lost) is superseded
  // by a later one for the same habit, day and form, saved or set aside: sending the older one
  // again would undo it.
  async function supersede(later) {
    const older = (await all(CHANGES)).filter((c) => c.stuck && c.id < later.id &&
      String(c.user) === String(later.user) && c.url === later.url && c.day === later.day);
    for (const change of older) await remove(CHANGES, change.id);
  }

  // Whether a queued change or refusal is the account's (#offline-status's data-user: its id
  // and a mark of when it was created, as a new account can be given a deleted one's id).
  // One queued before the mark existed names the id alone.
  function mine(change, user) {
    const key = String(change.user);
    return key === user || (!key.includes(".") && key === String(user).split(".")[0]);
  }

  // One replay at a time across the page and the worker (a change sent twice is harmless,
  // a refusal reported twice is noise).
  function replay(options) {
    if (scope.navigator && scope.navigator.locks) {
      return scope.navigator.locks.request(SYNC_TAG, () => replayNow(options));
    }
    return replayNow(options);
  }

  scope.HabitoryQueue = {
    DB_NAME, SYNC_TAG, CHANGES, REFUSED, add, put, all, remove, replay, mine, supersede,
    queue: (change) => add(CHANGES, change),
  };
})(self);

// The page's part (not in the worker, which has no document).
(function () {
  "use strict";
  if (typeof document === "undefined") return;

  const CHANGE_PATH = /^\/habits\/(\d+)\/(toggle|day)$/;
  const SECTIONS_PATH = /^\/habits\/\d+\/summary$/;
  const Queue = window.HabitoryQueue;

  function status() { return document.getElementById("offline-status"); }
  // A page saved before a release that added words has none of them in #offline-status:
  // English then, rather than an empty notice and nameless buttons.
  const BEFORE_WORDS = {
    stuck: "“{habit}” on {day} could not be saved: the server failed.",
    retry: "Try again",
    discard: "Discard",
  };
  window.HabitoryWords = (name) => words(name);
  function words(name, values) {
    const box = status();
    let text = (box && box.dataset[name]) || BEFORE_WORDS[name] || "";
    Object.entries(values || {}).forEach(([key, value]) => { text = text.split(`{${key}}`).join(value); });
    return text;
  }
  function pageKind() {
    const meta = document.querySelector("meta[name=habitory-kind]");
    return (meta && meta.content) || "yes_no";
  }
  function currentUser() { const box = status(); return box ? box.dataset.user : undefined; }
  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; }
    catch (error) { return ""; }
  }

  // --- the banner -------------------------------------------------------------------------

  async function showStatus() {
    const box = status();
    if (!box || !Queue) return;
    const user = currentUser();
    const queued = (await Queue.all(Queue.CHANGES)).filter((c) => Queue.mine(c, user));
    const waiting = queued.filter((c) => !c.stuck), stuck = queued.filter((c) => c.stuck);
    const refused = (await Queue.all(Queue.REFUSED)).filter((c) => Queue.mine(c, user));
    const savedAt = document.documentElement.dataset.offlineSavedAt;
    let line = "";
    if (savedAt) {
      const time = new Date(savedAt).toLocaleTimeString(pageLanguages(), { hour: "2-digit", minute: "2-digit" });
      line = words("savedAt", { time });
    } else if (!navigator.onLine) {
      line = words("offline");
    }
    box.querySelector("[data-offline-line]").textContent = line;
    const count = waiting.length;
    const waitingWords = count === 0 ? "" : words(count === 1 ? "waitingOne" : "waitingMany", { count });
    box.querySelector("[data-waiting-line]").textContent = waitingWords;
    document.querySelectorAll("[data-queued-note]").forEach((note) => { note.textContent = waitingWords; });
    const list = box.querySelector("[data-refused-list]");
    const setAside = stuck.length ? await stuckCode().catch(() => null) : null;
    // A button of the list that had the focus gets it back in the new list (same id): drawn
    // again while a replay runs, the focus would otherwise fall to the page's start.
    const focused = list.contains(document.activeElement) && document.activeElement.id;
    keepUnchanged(list, [...refused.map(refusedItem), ...stuck.map((change) => (setAside
      ? setAside.item(change, { notice, showStatus, replay }) : notice("stuck", change)))]);
    const kept = focused && document.getElementById(focused);
    if (kept) kept.focus();
    const login = box.dataset.needsLogin === "true" && count > 0;
    box.querySelector("[data-login-line]").hidden = !login;
    box.hidden = !line && !count && !refused.length && !stuck.length;
  }

  // The list drawn anew: an item whose change and words are the same stays the element it
  // was, or a screen reader would say every refusal again at each replay (role=status).
  function keepUnchanged(list, items) {
    const shown = new Map(Array.from(list.children, (old) => [old.dataset.changeId, old]));
    const wanted = items.map((item) => {
      const old = shown.get(item.dataset.changeId);
      return old && old.textContent === item.textContent ? old : item;
    });
    Array.from(list.children).forEach((old) => { if (!wanted.includes(old)) old.remove(); });
    wanted.forEach((item, i) => { if (list.children[i] !== item) list.insertBefore(item, list.children[i] || null); });
  }

  // A change set aside (the server failed on it again and again) is rare: the code of its
  // Try again and Discard buttons (offline_stuck.js) loads when there is one, so that pages
  // and Today's byte budget carry no second script tag for it.
  let stuckScript = null;
  function stuckCode() {
    stuckScript = stuckScript || new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = "/static/js/offline_stuck.js";
      script.onload = () => resolve(window.HabitoryStuck);
      script.onerror = () => { stuckScript = null; reject(new Error(script.src)); };
      document.head.append(script);
    });
    return stuckScript;
  }

  // Dates and times in the page's language (<html lang>, the user's choice), not the
  // browser's; the browser's only when the page's is one Intl does not know.
  function pageLanguages(tag) {
    const lang = tag || document.documentElement.lang;
    try {
      return lang && Intl.DateTimeFormat.supportedLocalesOf([lang]).length ? [lang] : [];
    } catch (error) { return []; }
  }

  // A day as the pages write a short one (locale_formats.short_date): in the locale whose
  // order the server follows (#offline-status's data-days: English's "Mon 7 Dec" is en-GB's,
  // not the "Mon, Dec 7" of Intl's en).
  function dayName(iso) {
    const day = new Date(`${iso}T12:00:00`);
    const box = status();
    return isNaN(day) ? iso || "" : day.toLocaleDateString(pageLanguages(box && box.dataset.days), { weekday: "short", day: "numeric", month: "short" });
  }

  // An item of the list of changes not saved: the words `name` say, with its habit and day.
  function notice(name, change, values) {
    const item = document.createElement("li");
    item.className = "flash flash-error";
    item.dataset.changeId = `${name === "stuck" ? "stuck" : "refused"}-${change.id}`;  // two stores, two series of ids
    const named = change.name ? { habit: change.name } : {};
    let text = words(name, Object.assign({ day: dayName(change.day) }, values, named));
    // Its name was dropped at a logout (forgetNames): "a habit", without the name's quotes.
    if (!change.name) text = text.replace(/(«\s?)?[„“"]?\{habit\}[“”"]?(\s?»)?/, words("aHabit"));
    const sentence = document.createElement("span");
    sentence.textContent = text;
    item.append(sentence);
    return item;
  }

  function refusedItem(change) {
    const gone = change.status === 404 || change.status === 409;
    const item = notice(gone ? "refusedGone" : "refusedOther", change, { status: change.status });
    const dismiss = document.createElement("button");
    dismiss.type = "button";
    dismiss.className = "btn";
    dismiss.textContent = words("dismiss");
    // Named with its sentence ("Dismiss Not saved: “Read”…"): two refusals, two names. Its
    // focus goes to the next item's button (stable ids), else to the page's main region.
    item.firstChild.id = `refused-${change.id}`;
    dismiss.id = `refused-${change.id}-dismiss`;
    dismiss.setAttribute("aria-labelledby", `${dismiss.id} ${item.firstChild.id}`);
    dismiss.addEventListener("click", async () => {
      const next = item.nextElementSibling || item.previousElementSibling;
      const heir = next && next.querySelector("button");
      await Queue.remove(Queue.REFUSED, change.id);
      await showStatus();
      (document.getElementById(heir && heir.id) || document.getElementById("main")).focus();
    });
    item.append(dismiss);
    return item;
  }

  // --- queueing -----------------------------------------------------------------------------

  // The state a toggle moves the button to, from what it shows (habitory/domain/days.py's
  // cycles): done → skipped → clear; a quit habit: slip → skipped → clear.
  function nextState(button, kind) {
    if (button.classList.contains("heat")) return nextOfCell(button.dataset.status, kind);
    const pressed = button.getAttribute("aria-pressed");
    if (pressed === "mixed") return "clear";
    if (kind === "quit") {
      const slip = button.id.startsWith("toggle-") ? pressed === "true" : button.dataset.status === "missed";
      return slip ? "skipped" : "not_done";
    }
    return pressed === "true" ? "skipped" : "done";
  }

  // What the button shows for the state it will have, as the server would draw it
  // (partials/habit_row.html): [aria-pressed, data-status] for today's toggle and the week.
  const LOOKS = {
    yes_no: { done: ["true", "done", "true", ""], skipped: ["mixed", "skipped", "mixed", ""],
              clear: ["false", "", "false", ""] },
    quit: { not_done: ["true", "missed", "false", "missed"], skipped: ["mixed", "skipped", "mixed", ""],
            clear: ["false", "", "true", ""] },
  };

  // A day of the habit page's calendar says its state in data-status only (no aria-pressed),
  // as partials/calendar_cell.html draws it: a slip or a day not done is "missed".
  function nextOfCell(status, kind) {
    if (status === "skipped") return "clear";
    if (kind === "quit") return status === "missed" ? "skipped" : "not_done";
    return status === "done" ? "skipped" : "done";
  }
  const CELL_LOOKS = { done: "done", skipped: "skipped", not_done: "missed", clear: "unknown" };

  function showPending(button, state, kind) {
    remember(button.closest("[data-habit-row]"));  // what the server drew, before it changes
    const looks = (LOOKS[kind] || LOOKS.yes_no)[state];
    if (button.classList.contains("heat")) {
      button.dataset.status = CELL_LOOKS[state] || "unknown";
    } else if (looks) {
      const [pressed, shown] = button.id.startsWith("toggle-") ? looks.slice(0, 2) : looks.slice(2);
      button.setAttribute("aria-pressed", pressed);
      if (shown) button.dataset.status = shown; else delete button.dataset.status;
    }
    button.dataset.pending = "true";
    const label = button.getAttribute("aria-label") || "";
    const suffix = words("pendingLabel");
    if (suffix && !label.endsWith(suffix)) button.setAttribute("aria-label", `${label} ${suffix}`);
  }

  // Queue a change htmx could not send: its form fields, with the explicit state.
  async function queueChange(elt, path, parameters) {
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
      fields.state = button ? nextState(button, kind) : "done";
    }
    if (match[2] === "toggle") {
      form.querySelectorAll("button[name=day]").forEach((button) => {
        if (button.value === day) showPending(button, fields.state, kind);
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
    queueChange(form, path, new FormData(form, event.submitter)).then(() => sayQueued(form));
  }

  async function sayQueued(form) {
    let note = form.querySelector("[data-queued-note]");
    if (!note) {
      note = document.createElement("p");
      note.className = "hint";
      note.setAttribute("role", "status");
      note.dataset.queuedNote = "";
      form.append(note);
    }
    const count = (await Queue.all(Queue.CHANGES)).filter((c) => !c.stuck && Queue.mine(c, currentUser())).length;
    note.textContent = count ? words(count === 1 ? "waitingOne" : "waitingMany", { count }) : "";
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

  // A saved copy of the page was drawn before the changes waiting now: show each row as they
  // will make it, marked pending, or a tick made offline seems lost after a reload.
  async function showQueued() {
    if (!Queue || !currentUser()) return;
    if (!(await hasQueue())) return;
    for (const change of await Queue.all(Queue.CHANGES)) {  // in the order made: the last wins
      const row = document.getElementById(`habit-${change.habit}`);
      if (!Queue.mine(change, currentUser())) continue;
      if (!row) {  // the habit's own page: its calendar's day
        const cell = window.location.pathname === `/habits/${change.habit}` &&
          /\/toggle$/.test(change.url) && document.getElementById(`cell-${change.day}`);
        if (cell && cell.classList.contains("heat")) showPending(cell, change.fields.state, pageKind());
        continue;
      }
      const amount = row.querySelector("[data-amount-input]");
      if (/\/toggle$/.test(change.url)) {
        row.querySelectorAll("button[name=day]").forEach((button) => {
          if (button.value === change.day) showPending(button, change.fields.state, row.dataset.kind || "yes_no");
        });
      } else if (amount && "amount" in change.fields && progress() && change.day === progress().dayOf(row)) {
        remember(row);  // what the server drew, before the queued amount covers it
        amount.value = change.fields.amount;  // a measurable row's amount, typed offline
      } else {
        continue;
      }
      row.dataset.pending = "true";
    }
    countQueued();
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
    if (!Queue || status() || !navigator.onLine || document.documentElement.dataset.offlineSavedAt) return;
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
    if (replaying) { again = true; return; }
    if (!Queue || !navigator.onLine || !currentUser()) return;
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
    if (!Queue || !event.detail.successful || !isChange(config) || !currentUser()) return;
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
})();
