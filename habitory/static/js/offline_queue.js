// The queue of check-ins made offline, in IndexedDB, shared by the page (offline.js loads
// this file) and the service worker (sw.js imports it). Each change is a form post with an
// explicit state and day, so sending it twice sets the same thing twice: a replay is
// idempotent, never "cycle again".
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
