// Keyboard shortcuts, what hx-trigger cannot express (the "?" dialog lists them): j/k or the
// arrows move between habits, x or Space toggles today, n goes to "Add a habit", ? opens the
// help, Escape cancels an inline edit or closes a menu; the arrows walk a year (a habit's, the
// Calendar's) and Today's weeks, each one Tab stop, and an open ⋯ menu's items. Each has a
// mouse or Tab equivalent.
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

  // An open menu (<details data-menu>: a row's ⋯ once htmx has loaded its actions, the
  // account's) takes the arrows while the focus is in it, its button included: down and up
  // move between its items, wrapping at the ends, Home and End to the first and last (WAI-ARIA
  // menu button). Without this they went on to the next habits' toggles under the open menu,
  // and Enter ticked one of them. j and k do nothing there, nor do x and Space (Space on an
  // item is the item's own), and Escape closes it (cancelOrClose).
  const MENU_KEYS = { ArrowDown: 1, ArrowUp: -1, Home: -Infinity, End: Infinity };
  const NOT_IN_MENU = new Set(["j", "k", "x", " "]);

  function openMenuOf(el) {
    const menu = el && el.closest && el.closest("details[data-menu]");
    return menu && menu.open ? menu : null;
  }

  function menuItems(menu) {
    return Array.from(menu.querySelectorAll(".menu a[href], .menu button:not([disabled])"))
      .filter((item) => item.getClientRects().length);  // drawn: not a hidden field's button
  }

  function moveInMenu(event, menu) {
    event.preventDefault();  // the page does not scroll instead
    const items = menuItems(menu);
    if (!items.length) return;
    const step = MENU_KEYS[event.key];
    const index = items.indexOf(event.target);
    let next;
    if (Math.abs(step) === Infinity) next = step < 0 ? 0 : items.length - 1;
    else if (index < 0) next = step > 0 ? 0 : items.length - 1;  // from its button
    else next = (index + step + items.length) % items.length;
    items[next].focus();
  }

  function inMenu(event, menu) {
    if (MENU_KEYS[event.key]) moveInMenu(event, menu);
    // Anything else is the item's own (Enter, Space) or a shortcut that leaves the row (n, ?).
    return !!MENU_KEYS[event.key] || NOT_IN_MENU.has(event.key);
  }

  // The focus gone elsewhere (Tab, a click on another control): the menu closes, so it does
  // not cover the rows below it. Not when the window itself loses the focus (no new target).
  function closeMenuLeft(event) {
    const menu = openMenuOf(event.target);
    const to = event.relatedTarget;
    if (menu && to && !menu.contains(to)) menu.open = false;
  }

  // A year is one Tab stop, not 300: the arrows move by day (up and down, the weekday rows)
  // and by week (left and right), Home and End to its first and last day. A habit's days are
  // buttons (Enter or Space still toggles one); the Calendar's (table[data-day-cells]) are
  // cells, named by their words, whose tooltip shows on focus. Without JavaScript a habit's
  // every day is its own Tab stop, and the Calendar's scrolling box is the one stop.
  const GRID_STEPS = { ArrowDown: 1, ArrowUp: -1, ArrowRight: 7, ArrowLeft: -7 };

  // What takes the focus for a day's td: its button, else a Calendar day's cell itself (not
  // a day out of the year or to come: those have no data-level).
  function dayOf(td, cells) {
    const button = td.querySelector(":scope > button.heat");
    if (button) return button;
    return cells && td.querySelector(":scope > span.heat[data-level]") ? td : null;
  }

  // Every position of the year in day order (a column is a week), null where nothing
  // takes the focus: a step of 1 is a day, of 7 a week, whatever the days' markup.
  function positions(table) {
    const cells = table.hasAttribute("data-day-cells");
    const rows = Array.from(table.tBodies[0] ? table.tBodies[0].rows : []).map((row) =>
      Array.from(row.querySelectorAll(":scope > td")));
    const order = [];
    const weeks = rows.length ? rows[0].length : 0;
    for (let week = 0; week < weeks; week++) {
      rows.forEach((row) => { order.push(row[week] ? dayOf(row[week], cells) : null); });
    }
    return order;
  }

  function days(table) { return positions(table).filter(Boolean); }

  function gridOf(el) {
    const table = el && el.closest && el.closest("table.heatmap");
    return table && days(table).includes(el) ? table : null;
  }

  function rove(table, current) {
    const cells = days(table);
    if (!cells.length) return;
    if (!current || !cells.includes(current)) {
      // Today's day (the Calendar marks it), else a habit's latest day or the Calendar's first.
      current = cells.find((cell) => cell.getAttribute("aria-current") === "date") ||
        (table.hasAttribute("data-day-cells") ? cells[0] : cells[cells.length - 1]);
    }
    cells.forEach((cell) => { cell.tabIndex = cell === current ? 0 : -1; });
    // The days are the stop now: the box they scroll in would be a second one before them.
    const box = table.closest("[data-heatmap-scroll][tabindex]");
    if (box) box.removeAttribute("tabindex");
  }

  function roveAll() {
    document.querySelectorAll("table.heatmap").forEach((table) => {
      const active = document.activeElement;
      // The focused day, else the one that was the stop before a swap (a new cell has no
      // tabindex attribute yet), else today's or the latest.
      const kept = days(table).find((cell) => cell.getAttribute("tabindex") === "0");
      rove(table, table.contains(active) ? active : kept);
    });
  }

  function moveInGrid(event, table) {
    const order = positions(table);
    const cells = order.filter(Boolean);
    let next = null;
    if (event.key === "Home" || event.key === "End") {
      next = event.key === "Home" ? cells[0] : cells[cells.length - 1];
    } else {
      next = order[order.indexOf(event.target) + GRID_STEPS[event.key]] || null;
    }
    event.preventDefault();  // also at the year's edge: the page does not scroll instead
    if (!next) return;
    rove(table, next);
    next.focus();
  }

  // A habit's week on Today is one Tab stop too, not seven (twenty habits made 140): left and
  // right move by day, Home and End to its first and last day, up and down to the same day of
  // the habit above or below (past a measurable one, which has no week), as j and k move
  // between the habits' own controls; Enter or Space still toggles the day. The stop is the
  // day last used, kept by row across htmx's redraws (a toggle swaps the row), else today.
  const WEEK_KEYS = { ArrowLeft: -1, ArrowRight: 1, Home: -Infinity, End: Infinity };
  const WEEK_DAY = "[data-habit-row] .week > button";
  const lastDay = new Map();  // row id → the value (the day) of its week's stop

  function weekDays(row) { return row ? Array.from(row.querySelectorAll(".week > button")) : []; }

  function roveWeek(row, current) {
    const cells = weekDays(row);
    if (!cells.length) return;
    if (!cells.includes(current)) {
      const kept = lastDay.get(row.id);
      current = cells.find((cell) => cell.value === kept) || cells[cells.length - 1];  // today
    }
    lastDay.set(row.id, current.value);
    cells.forEach((cell) => { cell.tabIndex = cell === current ? 0 : -1; });
  }

  function roveWeeks() {
    const active = document.activeElement;
    document.querySelectorAll("[data-habit-row]").forEach((row) => {
      roveWeek(row, row.contains(active) ? active : null);  // a day of it focused, else as kept
    });
  }

  function moveInWeek(event) {
    const cell = event.target;
    const row = cell.closest("[data-habit-row]");
    let next = null;
    if (WEEK_KEYS[event.key]) {
      const cells = weekDays(row);
      const index = cells.indexOf(cell) + WEEK_KEYS[event.key];
      next = cells[Math.min(cells.length - 1, Math.max(0, index))] || null;
    } else {
      const rows = Array.from(document.querySelectorAll("[data-habit-row]"));
      const step = event.key === "ArrowDown" ? 1 : -1;
      for (let i = rows.indexOf(row) + step; !next && i >= 0 && i < rows.length; i += step) {
        next = weekDays(rows[i]).find((other) => other.value === cell.value) || null;
      }
    }
    event.preventDefault();  // also at an edge: the page does not scroll instead
    if (!next) return;
    roveWeek(next.closest("[data-habit-row]"), next);
    next.focus();
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
    const menu = openMenuOf(target);
    if (menu && inMenu(event, menu)) return;
    if ((GRID_STEPS[event.key] || event.key === "Home" || event.key === "End") && gridOf(target)) {
      moveInGrid(event, gridOf(target));
      return;
    }
    if (target.matches && target.matches(WEEK_DAY) &&
        (WEEK_KEYS[event.key] || event.key === "ArrowDown" || event.key === "ArrowUp")) {
      moveInWeek(event);
      return;
    }
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
  document.addEventListener("DOMContentLoaded", () => {
    roveAll();
    roveWeeks();
    // The "?" button is drawn hidden: without this file it would do nothing.
    document.querySelectorAll("[data-open-shortcuts]").forEach((button) => { button.hidden = false; });
  });
  // A toggled day, a redrawn year or row, a row added: as soon as the new cells are in, and
  // again once settled (htmx may put the focus back on a cell after the swap).
  document.addEventListener("htmx:afterSwap", roveWeeks);
  document.addEventListener("htmx:afterSettle", () => { roveAll(); roveWeeks(); });
  // A day reached by a click, or by Tab, is its week's (or its year's) stop from now on.
  document.addEventListener("focusin", (event) => {
    const cell = event.target;
    if (cell.matches && cell.matches(WEEK_DAY)) roveWeek(cell.closest("[data-habit-row]"), cell);
    const table = gridOf(cell);
    if (!table) return;
    rove(table, cell);
    // A Calendar day's words show around it: at the box's edge, the box would cut them.
    if (table.hasAttribute("data-day-cells")) cell.scrollIntoView({ block: "nearest", inline: "center" });
  });
  document.addEventListener("focusout", closeMenuLeft);
  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-open-shortcuts]")) openShortcuts();
  });
})();
