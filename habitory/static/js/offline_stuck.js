// A change queued offline that the server failed on again and again (a 500: a bug with that
// one change, not a deploy) is set aside by the queue (offline_queue.js), still stored, so
// that the changes after it are sent. offline_status.js loads this file when there is one,
// and shows it in #offline-status with two buttons: Try again puts it back in its place in
// the queue (before every change made after it) and sends it; Discard drops it and shows the
// page as the server has it, as a refused change's row is.
(function () {
  "use strict";
  const Queue = window.HabitoryQueue;

  // Its name says which change it acts on ("Try again “Read” on Mon 7 Dec could not be
  // saved…"): two set aside are two pairs of buttons a screen reader's list tells apart. Its
  // id is stable, so that the status drawn again keeps the focus on it (offline_status.js).
  function button(label, action, id, sentence) {
    const element = document.createElement("button");
    element.type = "button";
    element.className = "btn";
    element.id = id;
    element.textContent = label;
    element.setAttribute("aria-labelledby", `${id} ${sentence.id}`);
    element.addEventListener("click", action);
    return element;
  }

  // Where the focus goes before the item leaves the page (it would fall to <body>, the page's
  // start): the change's day in its row on Today, where the outcome shows, as app.js hands a
  // removed row's focus to its neighbour; else the page's main region.
  function handFocus(change) {
    const toggle = document.getElementById(`toggle-${change.habit}`);
    const cell = window.location.pathname === `/habits/${change.habit}` && document.getElementById(`cell-${change.day}`);
    const heir = (toggle && toggle.value === change.day ? toggle : null) ||
      document.getElementById(`day-${change.habit}-${change.day}`) || cell || document.getElementById("main");
    if (heir) heir.focus();
  }

  function words(name) {
    const box = document.getElementById("offline-status");
    return window.HabitoryWords ? window.HabitoryWords(name) : "";
  }

  // The page drew the change as made (pending): on Today, its row as the server has it; a page
  // that shows it elsewhere (a habit's calendar, a saved copy) is drawn again.
  // The row route puts the focus on the row's ⋯ (it ends an inline edit): here it goes back to
  // the control handFocus gave it, in the new row, once htmx has settled it.
  function undo(change) {
    const row = document.getElementById(`habit-${change.habit}`);
    if (row && window.htmx && navigator.onLine) {
      const kept = row.contains(document.activeElement) && document.activeElement.id;
      const back = (event) => {
        if (event.target.id !== row.id) return;
        document.removeEventListener("htmx:load", back);
        const again = kept && document.getElementById(kept);
        if (again) again.focus();
      };
      document.addEventListener("htmx:load", back);
      const done = () => setTimeout(() => document.removeEventListener("htmx:load", back), 500);
      window.htmx.ajax("GET", `/habits/${change.habit}/row`, { target: row, swap: "outerHTML" }).then(done, done);
    } else if (document.querySelector("[data-pending='true']")) {
      window.location.reload();
    }
  }

  // `page`: offline_status.js's notice (the item's words) and showStatus, offline.js's replay.
  function item(change, page) {
    const element = page.notice("stuck", change);
    const sentence = element.querySelector("span");
    sentence.id = `stuck-${change.id}`;
    const again = button(words("retry"), async () => {
      await Queue.put(Queue.CHANGES, Object.assign({}, change, { stuck: false, failures: 0 }));
      handFocus(change);
      await page.showStatus();
      page.replay();
    }, `stuck-${change.id}-retry`, sentence);
    const discard = button(words("discard"), async () => {
      await Queue.remove(Queue.CHANGES, change.id);
      handFocus(change);
      await page.showStatus();
      undo(change);
    }, `stuck-${change.id}-discard`, sentence);
    element.append(again, discard);
    return element;
  }

  window.HabitoryStuck = { item };
})();
