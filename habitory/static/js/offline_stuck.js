// A change queued offline that the server failed on again and again (a 500: a bug with that
// one change, not a deploy) is set aside by offline.js's queue, still stored, so that the
// changes after it are sent. offline.js loads this file when there is one, and shows it in
// #offline-status with two buttons: Try again puts it back in its place in the queue (before
// every change made after it) and sends it; Discard drops it and shows the page as the server
// has it, as a refused change's row is.
(function () {
  "use strict";
  const Queue = window.HabitoryQueue;

  function button(label, action) {
    const element = document.createElement("button");
    element.type = "button";
    element.className = "btn";
    element.textContent = label;
    element.addEventListener("click", action);
    return element;
  }

  function words(name) {
    const box = document.getElementById("offline-status");
    return (box && box.dataset[name]) || "";
  }

  // The page drew the change as made (pending): on Today, its row as the server has it; a page
  // that shows it elsewhere (a habit's calendar, a saved copy) is drawn again.
  function undo(change) {
    const row = document.getElementById(`habit-${change.habit}`);
    if (row && window.htmx && navigator.onLine) {
      window.htmx.ajax("GET", `/habits/${change.habit}/row`, { target: row, swap: "outerHTML" });
    } else if (document.querySelector("[data-pending='true']")) {
      window.location.reload();
    }
  }

  // `page`: offline.js's notice (the item's words), showStatus and replay.
  function item(change, page) {
    const element = page.notice("stuck", change);
    const again = button(words("retry"), async () => {
      await Queue.put(Queue.CHANGES, Object.assign({}, change, { stuck: false, failures: 0 }));
      await page.showStatus();
      page.replay();
    });
    const discard = button(words("discard"), async () => {
      await Queue.remove(Queue.CHANGES, change.id);
      await page.showStatus();
      undo(change);
    });
    element.append(again, discard);
    return element;
  }

  window.HabitoryStuck = { item };
})();
