// The queue of check-ins made offline, in IndexedDB, shared by the page (offline.js) and the
// service worker (sw.js). Each change is a form post with an explicit state and day, so
// sending it twice sets the same thing twice: a replay is idempotent, never "cycle again".
(function (scope) {
  "use strict";

  const DB_NAME = "habitory-offline";
  const CHANGES = "changes";   // waiting to be sent
  const REFUSED = "refused";   // the server said no: shown to the user until dismissed
  const SYNC_TAG = "habitory-replay";

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
    if (response.status >= 500 || response.status === 429) return { outcome: "offline" };
    return { outcome: "refused", status: response.status };  // 404 gone, 409 archived, 422
  }

  // Replay the queue in order. `user`: only that user's changes (a page knows who is logged
  // in; the worker does not and sends each with the token saved with it). `token`: the
  // current page's token. `onSaved(change, html)`: the page redraws the row.
  async function replayNow({ user, token, onSaved }) {
    const summary = { saved: 0, refused: [], login: false, waiting: 0 };
    const changes = (await all(CHANGES)).filter((c) => user === undefined || c.user === user);
    for (let i = 0; i < changes.length; i++) {
      const change = changes[i];
      const result = await send(change, token || change.token);
      if (result.outcome === "offline" || result.outcome === "login") {
        summary.login = result.outcome === "login";
        summary.waiting = changes.length - i;
        break;
      }
      await remove(CHANGES, change.id);
      if (result.outcome === "saved") {
        summary.saved += 1;
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

  // One replay at a time across the page and the worker (a change sent twice is harmless,
  // a refusal reported twice is noise).
  function replay(options) {
    if (scope.navigator && scope.navigator.locks) {
      return scope.navigator.locks.request(SYNC_TAG, () => replayNow(options));
    }
    return replayNow(options);
  }

  scope.HabitoryQueue = {
    SYNC_TAG, CHANGES, REFUSED, add, all, remove, replay,
    queue: (change) => add(CHANGES, change),
  };
})(self);
