// The words of a day's state, for the label of a day drawn pending offline (offline_status.js
// draws it): "Walk, today: done (not sent yet)", in the page's language. They come from, in
// turn: #offline-status's data-states when a page carries them; the labels of this page and of
// the user's earlier pages in this language (each day the server drew says one); the server's
// /state-words.json, fetched once per language while online; English last. All are kept in
// localStorage per language, for a page read offline later. offline.js loads this file before
// offline_status.js.
(function () {
  "use strict";

  const { pageKind } = window.HabitoryOffline;
  const STATES = ["done", "clean", "skipped", "notYet", "noEntry", "missed", "slipped"];
  const ENGLISH = "done|clean|skipped|not done yet|no entry|not done|slipped";
  const lang = () => document.documentElement.lang;
  const storageKey = () => `habitory-state-words:${lang()}`;
  function status() { return document.getElementById("offline-status"); }

  // The label names the state the button now shows, then says it is not sent yet: "Walk,
  // today: done (not sent yet)". The server's is "<day, or name, today>: <state>[. Note: …]":
  // the state follows a day's first colon (a day's name has none), a toggle's last (a habit's
  // name may have one). A note after the state stays when the state it followed is known.
  function relabel(button, before, now) {
    const label = button.getAttribute("aria-label") || "";
    const box = status(), suffix = (box && box.dataset.pendingLabel) || "";
    const found = labelHead(button, label);
    if (!found || !now) {  // a label of another shape: say only that it waits
      if (suffix && !label.endsWith(suffix)) button.setAttribute("aria-label", `${label} ${suffix}`);
      return;
    }
    let rest = label.slice(found[0].length);
    if (suffix && rest.endsWith(suffix)) rest = rest.slice(0, -suffix.length).trimEnd();
    const after = before && rest.startsWith(before) ? rest.slice(before.length) : "";
    button.setAttribute("aria-label", `${found[0]}${now}${after}${suffix ? ` ${suffix}` : ""}`);
  }

  const labelHead = (button, label) => (button.id.startsWith("toggle-") ? /^.*:\s*/s : /^[^:]*:\s*/).exec(label || "");
  // Which of the words the button's look says (null: a look no toggle offline draws, such as
  // a day covered by the target). Today's toggle of a quit habit is pressed for a slip.
  function shownState(button, kind) {
    const status = button.dataset.status || "", quit = kind === "quit";
    if (button.classList.contains("heat")) {
      return { done: quit ? "clean" : "done", skipped: "skipped", missed: quit ? "slipped" : "missed",
               unknown: "noEntry" }[status] || null;
    }
    const pressed = button.getAttribute("aria-pressed");
    if (pressed === "mixed") return "skipped";
    if (button.id.startsWith("toggle-")) {
      if (quit) return pressed === "true" ? "slipped" : ["", "done"].includes(status) ? "clean" : null;
      return pressed === "true" ? "done" : status ? null : "notYet";
    }
    if (pressed === "true") return quit ? "clean" : "done";
    if (status === "missed") return quit ? "slipped" : "missed";
    if (status) return null;
    return button === button.parentElement.lastElementChild ? "notYet" : "noEntry";  // the week ends today
  }

  function stateWords() {
    const box = status();
    const given = ((box && box.dataset.states) || "").split("|");
    const english = ENGLISH.split("|"), read = readWords();
    return Object.fromEntries(STATES.map((key, i) => [key, given[i] || read[key] || english[i]]));
  }

  function keep(words) {
    try { localStorage.setItem(storageKey(), JSON.stringify(words)); } catch (error) { /* private mode */ }
  }

  let learned = null;  // read once, before this page draws any day pending
  function readWords() {
    if (learned) return learned;
    let kept = {};
    try { kept = JSON.parse(localStorage.getItem(storageKey()) || "{}"); } catch (error) { /* none kept */ }
    const found = {};
    document.querySelectorAll("button[name=day][aria-label]:not([data-pending]):not([data-note])").forEach((button) => {
      const row = button.closest("[data-habit-row]");
      const state = shownState(button, row ? row.dataset.kind || "yes_no" : pageKind());
      const label = button.getAttribute("aria-label"), head = labelHead(button, label);
      if (state && head && !(state in found)) found[state] = label.slice(head[0].length);
    });
    learned = Object.assign(kept, found);
    keep(learned);
    return learned;
  }

  // The words no label has said yet, from the server; what a page's own labels say wins.
  async function fetchMissing() {
    const known = readWords();
    if (!navigator.onLine || !status() || STATES.every((key) => known[key])) return;
    try {
      const response = await fetch("/state-words.json", { credentials: "same-origin" });
      const answer = response.ok ? await response.json() : null;
      if (!answer || answer.lang !== lang()) return;  // the language changed meanwhile
      STATES.forEach((key) => {
        if (!known[key] && typeof answer.states[key] === "string") known[key] = answer.states[key];
      });
      keep(known);
    } catch (error) { /* offline after all: the labels' words and English will do */ }
  }

  // Online too: the words this page's labels say, and the server's for the rest, are kept for
  // a later page read offline.
  (window.requestIdleCallback || setTimeout)(fetchMissing);

  window.HabitoryStateWords = { relabel, shownState, stateWords };
})();
