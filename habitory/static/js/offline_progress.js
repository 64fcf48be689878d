// Today's "3 of 5 done" while check-ins wait offline (offline.js queues them, offline_status.js
// shows them pending): on Today only, after offline.js. They call count() when the queue or the
// rows change, and remember(row) before they draw a queued amount over what the server drew.
(function () {
  "use strict";
  if (typeof document === "undefined") return;

  function currentUser() {
    const box = document.getElementById("offline-status");
    return box ? box.dataset.user : undefined;
  }

  // "3 of 5 done" counts the changes a row shows waiting, as the server will count them once
  // sent (habitory/habits/rows.py's progress: a habit skipped or not scheduled today is not
  // due; one done, or covered by its target, is done). Each moves its row from the status
  // the server drew to the one it will have, as far as the page tells it; the words are the
  // server's, with their numbers changed (every language says the done one first).
  const served = new WeakMap();  // a row or #day-progress → what the server drew in it
  let allDoneWords = "";  // " · all done today": drawn by the server, or in data-all-done

  function dayOf(row) {
    const today = row.querySelector("button.toggle, input[type=hidden][name=day]");
    return today ? today.value : "";
  }

  // A row's status today as drawn (today's button, or a measurable row's label, says it), and
  // the amount drawn: its value attribute, whatever is typed in the field since.
  function drawn(row) {
    if (row && !served.has(row)) {
      const shown = row.querySelector(".toggle");
      const amount = row.querySelector("[data-amount-input]");
      served.set(row, { status: (shown && shown.dataset.status) || "unknown",
                        amount: amount ? amount.defaultValue : "" });
    }
    return row ? served.get(row) : null;
  }

  // done (or auto), off (not due: skipped, not scheduled), open (due, not done yet).
  function standing(status) {
    if (status === "done" || status === "auto") return "done";
    return status === "skipped" || status === "unscheduled" ? "off" : "open";
  }

  // A typed amount as the server reads it (habitory/domain/numbers.py): "2,5" and "2.5" are
  // 2.5 in any language, "1,000" is a thousand where "," groups; blank (or not a number): null.
  function amountOf(text) {
    let s = String(text || "").replace(/[\s'\u00a0\u202f]/g, "");
    const marks = s.match(/[.,]/g) || [];
    if (new Set(marks).size === 2) {
      const point = s.lastIndexOf(".") > s.lastIndexOf(",") ? "." : ",";
      s = s.split(point === "." ? "," : ".").join("").replace(point, ".");
    } else if (marks.length) {
      let group = ",";
      try {
        const parts = new Intl.NumberFormat(document.documentElement.lang || "en").formatToParts(10000);
        group = (parts.find((part) => part.type === "group") || {}).value || ",";
      } catch (error) { /* an unknown language: English's */ }
      const grouped = new RegExp(`^\\d{1,3}(\\${marks[0]}\\d{3})+$`).test(s);
      const grouping = grouped && (marks[0] === group || marks.length > 1);
      s = grouping ? s.split(marks[0]).join("") : s.replace(",", ".");
    }
    const value = s ? Number(s) : NaN;
    return Number.isFinite(value) ? value : null;
  }

  // Whether an amount meets a measurable row's target (its meter's max), compared in
  // thousandths as the server stores it. "At most" is said in words only; what the server made
  // of the amount it drew tells it (3 drawn as done against 2 is at least), else "at least".
  function meets(amount, row, before) {
    const meter = row.querySelector("progress.meter");
    const target = meter ? Number(meter.getAttribute("max")) : 0;
    const had = amountOf(before.amount);
    const atMost = had !== null && had !== target && before.status !== "skipped" &&
      (before.status === "done") === (had < target);
    const stored = Math.round(amount * 1000) / 1000;
    return atMost ? stored <= target : stored >= target;
  }

  // Where a change leaves its row today (habitory/domain/days.py's edited, stats/schedule.py's
  // status_on): done, off or open.
  function standingAfter(change, row) {
    const before = drawn(row);
    const kind = row.dataset.kind || "yes_no";
    const fields = change.fields || {};
    let state = fields.state || "";
    if (kind === "measurable" && state !== "clear" && state !== "skipped") {
      const sent = "amount" in fields;
      if (!sent && !state) return standing(before.status);  // a note: the day as it was
      if (!state && before.status === "skipped") return "off";  // an amount keeps a skip
      const amount = amountOf(sent ? fields.amount : before.amount);
      if (sent && amount === null) state = "clear";
      else state = amount !== null && (sent || state === "done") && meets(amount, row, before)
        ? "done" : "not_done";
    }
    if (state === "done") return "done";
    if (state === "skipped") return "off";
    // Cleared, or not done: not due on a day the schedule leaves out, still covered by the
    // target's other days; else a quit habit is clean until a slip, the others wait.
    if (before.status === "unscheduled") return "off";
    if (kind === "yes_no" && before.status === "auto") return "done";
    return kind === "quit" && state === "clear" ? "done" : "open";
  }

  // The first two numbers of the server's words, replaced: "1 of 5" becomes "2 of 5". A
  // number is read with its groups, as the server writes a thousand ("1,000", "1.000", and
  // "1\u202f000" in French: wording.py's _NUMBER), or "999 von 1.200" would become
  // "1.000 von 1.200.200".
  const NUMBER = /\d{1,3}(?:[.,'\u2019\u00a0\u202f]\d{3})+|\d+/g;
  function renumber(text, done, due) {
    let n = 0;
    return text.replace(NUMBER, (number) => (n < 2 ? pageNumber([done, due][n++]) : number));
  }

  // A count in the page's language (<html lang>), as the server wrote the others; the
  // browser's when the page's is one Intl does not know.
  function pageNumber(value) {
    try {
      return new Intl.NumberFormat(document.documentElement.lang || undefined).format(value);
    } catch (error) { return String(value); }
  }

  // Where a language's words change with the count ("1 sur 3 faite", "2 sur 3 faites"), the
  // server gives each plural category's (data-count-forms): [words after the numbers, label].
  function wordsFor(box, done) {
    let forms = null, category = "other";
    try {
      forms = box.dataset.countForms ? JSON.parse(box.dataset.countForms) : null;
      category = new Intl.PluralRules(document.documentElement.lang || "en").select(done);
    } catch (error) { /* no forms, or an unknown language: the words the server drew */ }
    return forms ? forms[category] || forms.other || null : null;
  }

  async function countQueued() {
    const Queue = window.HabitoryQueue;  // loaded by offline.js, after this file ran
    const box = document.getElementById("day-progress");
    const bar = box && box.querySelector("progress");
    if (!bar || !Queue || !currentUser()) return;  // nothing due was drawn: no line to change
    const waiting = document.querySelector("[data-habit-row][data-pending='true']");
    if (!waiting && !served.has(box)) return;  // the server's count, and no queue to open
    if (!served.has(box)) {
      const strong = box.querySelector("p > strong");
      const next = strong && strong.nextSibling;
      const rest = next && next.nodeType === Node.TEXT_NODE ? next : null;  // " done · all done today"
      const done = Number(bar.getAttribute("value")), due = Number(bar.getAttribute("max"));
      let after = rest ? rest.data : "";
      const cut = after.lastIndexOf(" · ");
      if (done === due && cut >= 0) {
        allDoneWords = after.slice(cut);
        after = after.slice(0, cut);
      }
      if (box.dataset.allDone) allDoneWords = ` · ${box.dataset.allDone}`;
      served.set(box, { done, due, strong, rest, after, words: strong ? strong.textContent : "",
                        label: bar.getAttribute("aria-label") || "", text: bar.textContent });
    }
    const was = served.get(box);
    const last = new Map();  // row → its last change for today, among the rows showing theirs
    // One set aside (offline_stuck.js) is not waiting: not counted until Try again sends it.
    for (const change of await Queue.all(Queue.CHANGES)) {  // in the order made: the last wins
      const row = document.getElementById(`habit-${change.habit}`);
      if (!change.stuck && Queue.mine(change, currentUser()) && row && row.dataset.pending === "true" &&
          change.day === dayOf(row)) {
        last.set(row, change);
      }
    }
    let done = was.done, due = was.due;
    last.forEach((change, row) => {
      const before = standing(drawn(row).status), after = standingAfter(change, row);
      done += (after === "done") - (before === "done");
      due += (after !== "off") - (before !== "off");
    });
    if (!box.isConnected) return;  // redrawn meanwhile: the server's count
    bar.setAttribute("max", String(Math.max(due, 1)));
    bar.setAttribute("value", String(done));
    const words = wordsFor(box, done);
    bar.setAttribute("aria-label", renumber(words ? words[1] : was.label, done, due));
    bar.textContent = renumber(was.text, done, due);
    if (was.strong) was.strong.textContent = renumber(was.words, done, due);
    if (was.rest) {
      was.rest.data = (words ? words[0] : was.after) +
        (done === due && allDoneWords ? allDoneWords : "");
    }
    // Nothing due any more: the server draws no line (partials/progress.html).
    bar.hidden = due <= 0;
    if (was.strong) was.strong.parentElement.hidden = due <= 0;
  }

  // A row redrawn online (or the progress, out of band) while others still wait: count again.
  document.addEventListener("htmx:afterSettle", countQueued);

  window.HabitoryOfflineProgress = { count: countQueued, remember: drawn, dayOf };
})();
