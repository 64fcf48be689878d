// What the page says of the check-ins made offline (offline.js queues and sends them, and
// loads this file after the queue, offline_queue.js): #offline-status (offline, or a saved
// copy; how many changes wait; the ones the server refused or kept failing on, set aside:
// offline_stuck.js), the days drawn pending as the changes will make them, and the note under
// a form sent offline. The words come from the server, translated, in #offline-status's data
// attributes (partials/offline_status.html).
(function () {
  "use strict";

  const Queue = window.HabitoryQueue;
  // offline.js's: who is logged in, the page's kind of habit, the replay and Today's count.
  const { currentUser, pageKind, hasQueue, replay, progress, remember, countQueued } =
    window.HabitoryOffline;
  // offline_words.js's: a day's state in words. Should it fail to load, a day drawn pending
  // says only that it waits: "(not sent yet)".
  const { relabel, shownState, stateWords } = window.HabitoryStateWords || {
    relabel: (button) => button.setAttribute("aria-label", `${button.getAttribute("aria-label") || ""} ${words("pendingLabel")}`.trim()),
    shownState: () => null,
    stateWords: () => ({}),
  };

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

  // --- the days drawn pending ---------------------------------------------------------------

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
    const before = stateWords()[shownState(button, kind)];
    if (button.classList.contains("heat")) {
      button.dataset.status = CELL_LOOKS[state] || "unknown";
    } else if (looks) {
      const [pressed, shown] = button.id.startsWith("toggle-") ? looks.slice(0, 2) : looks.slice(2);
      button.setAttribute("aria-pressed", pressed);
      if (shown) button.dataset.status = shown; else delete button.dataset.status;
    }
    button.dataset.pending = "true";
    relabel(button, before, stateWords()[shownState(button, kind)]);
  }

  // A plain form queued offline (offline.js) says so under its button, where the user is
  // looking (the banner is a screen away on a phone).
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

  window.HabitoryOfflineStatus = { show: showStatus, showPending, nextState, sayQueued, showQueued };
})();
