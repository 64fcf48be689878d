// Keyboard shortcuts, what hx-trigger cannot express (the "?" dialog lists them): j/k or the
// arrows move between habits, x or Space toggles today, n goes to "Add a habit", ? opens the
// help, Escape cancels an inline edit or closes a menu. Each has a mouse or Tab equivalent.
(function () {
  "use strict";

  const MOVE_KEYS = { j: 1, ArrowDown: 1, k: -1, ArrowUp: -1 };

  function typing(el) {
    if (!el) return false;
    const tag = el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
  }

  // A row's main control: today's toggle, or a measurable habit's amount field.
  function rowControls() {
    return Array.from(document.querySelectorAll("[data-habit-row] button.toggle, [data-amount-input]"));
  }

  function currentRow() {
    const el = document.activeElement;
    return el ? el.closest("[data-habit-row]") : null;
  }

  function moveFocus(step) {
    const all = rowControls();
    if (!all.length) return;
    const row = currentRow();
    let index = row ? all.findIndex((el) => row.contains(el)) : -1;
    index = index < 0 ? (step > 0 ? 0 : all.length - 1) : Math.min(all.length - 1, Math.max(0, index + step));
    all[index].focus();
  }

  function toggleToday(event) {
    const row = currentRow();
    const button = row && row.querySelector("button.toggle");
    if (!button) return;
    // Space on a focused button already clicks it natively.
    if (event.key === " " && event.target.tagName === "BUTTON") return;
    event.preventDefault();
    button.focus();
    button.click();
  }

  function openShortcuts() {
    const dialog = document.getElementById("shortcuts");
    if (dialog && !dialog.open) dialog.showModal();
  }

  // Escape: out of "Add a habit"; cancels an inline rename or delete confirmation (its Cancel
  // link brings the row back, focus on its menu); else closes open menus, focus on their button.
  function cancelOrClose(event) {
    const target = event.target;
    if (target.id === "new-habit-name") { target.blur(); return; }
    const edit = target.closest && target.closest("[data-inline-edit], [data-habit-row]");
    const cancel = edit && edit.querySelector("[data-cancel-edit]");
    if (cancel) {
      event.preventDefault();
      cancel.click();  // app.js wires it first if htmx has not yet (a row swapped in just now)
      return;
    }
    document.querySelectorAll("details[data-menu][open]").forEach((menu) => {
      menu.open = false;
      menu.querySelector("summary").focus();
    });
  }

  function onKeydown(event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (event.key === "Escape") { cancelOrClose(event); return; }
    const dialogOpen = !!document.querySelector("dialog[open]");
    // A measurable row's amount field is numeric: j/k and the up/down arrows mean nothing
    // there, so they keep moving between habits (digits, comma, Enter, x, Space still type).
    if (target.matches && target.matches("[data-amount-input]") && !event.shiftKey &&
        MOVE_KEYS[event.key] && !dialogOpen) {
      event.preventDefault();
      moveFocus(MOVE_KEYS[event.key]);
      return;
    }
    if (typing(target) || dialogOpen) return;
    switch (event.key) {
      case "j": case "k": case "ArrowDown": case "ArrowUp":
        // The arrows keep scrolling the page unless a habit has the focus.
        if (event.key.startsWith("Arrow") && !currentRow()) return;
        event.preventDefault();
        moveFocus(MOVE_KEYS[event.key]);
        break;
      case "x": case " ":
        toggleToday(event);
        break;
      case "n": {
        const input = document.getElementById("new-habit-name");
        if (input) { event.preventDefault(); input.focus(); }
        break;
      }
      case "?":
        event.preventDefault();
        openShortcuts();
        break;
    }
  }

  document.addEventListener("keydown", onKeydown);
  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-open-shortcuts]")) openShortcuts();
  });
})();
