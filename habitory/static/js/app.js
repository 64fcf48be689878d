// Habitory's small enhancements: keyboard shortcuts, theme switch, timezone guess, menus.
// Everything here is optional: without JavaScript every action is a plain form.
(function () {
  "use strict";

  function typing(el) {
    if (!el) return false;
    const tag = el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
  }

  // A row's main control: today's toggle, or a measurable habit's amount field.
  function toggles() {
    return Array.from(document.querySelectorAll("[data-habit-row] button.toggle, [data-amount-input]"));
  }

  function currentRow() {
    const el = document.activeElement;
    return el ? el.closest("[data-habit-row]") : null;
  }

  function moveFocus(step) {
    const all = toggles();
    if (!all.length) return;
    const row = currentRow();
    let index = row ? all.findIndex((b) => row.contains(b)) : -1;
    index = index < 0 ? (step > 0 ? 0 : all.length - 1) : Math.min(all.length - 1, Math.max(0, index + step));
    all[index].focus();
  }

  const MOVE_KEYS = { j: 1, ArrowDown: 1, k: -1, ArrowUp: -1 };

  function openShortcuts() {
    const dialog = document.getElementById("shortcuts");
    if (dialog && !dialog.open) dialog.showModal();
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (event.key === "Escape") {
      if (target.id === "new-habit-name") { target.blur(); return; }
      const edit = target.closest && target.closest("[data-inline-edit], [data-habit-row]");
      const cancel = edit && edit.querySelector("[data-cancel-edit]");
      if (cancel) {
        event.preventDefault();
        // A row swapped in a moment ago is wired up by htmx only when it settles (~20 ms
        // later, while its autofocus is already on): wire the link now, or the click would
        // follow its plain href and reload the page.
        if (window.htmx) window.htmx.process(cancel);
        cancel.click(); return;
      }
      document.querySelectorAll("details[data-menu][open]").forEach((d) => { d.open = false; d.querySelector("summary").focus(); });
      return;
    }
    // A measurable row's amount field is numeric: j/k and the up/down arrows mean nothing
    // there, so they keep moving between habits (digits, comma, Enter, x, Space still type).
    if (target.matches && target.matches("[data-amount-input]") && !event.shiftKey &&
        MOVE_KEYS[event.key] && !document.querySelector("dialog[open]")) {
      event.preventDefault(); moveFocus(MOVE_KEYS[event.key]); return;
    }
    if (typing(target) || document.querySelector("dialog[open]")) return;
    switch (event.key) {
      case "j": case "ArrowDown":
        if (event.key === "ArrowDown" && !currentRow()) return;
        event.preventDefault(); moveFocus(1); break;
      case "k": case "ArrowUp":
        if (event.key === "ArrowUp" && !currentRow()) return;
        event.preventDefault(); moveFocus(-1); break;
      case "x": case " ": {
        const row = currentRow();
        const button = row && row.querySelector("button.toggle");
        if (!button) return;
        // Space on a focused button already clicks it natively.
        if (event.key === " " && target.tagName === "BUTTON") return;
        event.preventDefault(); button.focus(); button.click(); break;
      }
      case "n": {
        const input = document.getElementById("new-habit-name");
        if (input) { event.preventDefault(); input.focus(); }
        break;
      }
      case "?":
        event.preventDefault(); openShortcuts(); break;
    }
  });

  document.addEventListener("click", function (event) {
    const opener = event.target.closest("[data-open-shortcuts]");
    if (opener) { openShortcuts(); return; }
    const toggle = event.target.closest("[data-theme-toggle]");
    if (toggle) { event.preventDefault(); cycleTheme(toggle); return; }
    // A click outside an open menu closes it.
    document.querySelectorAll("details[data-menu][open]").forEach((d) => {
      if (!d.contains(event.target)) d.open = false;
    });
  });

  const NEXT_THEME = { system: "dark", dark: "light", light: "system" };
  function cycleTheme(button) {
    const root = document.documentElement;
    const theme = NEXT_THEME[root.dataset.theme] || "dark";
    root.dataset.theme = theme;
    document.cookie = "theme=" + theme + "; path=/; max-age=31536000; samesite=lax";
    const label = button.querySelector("[data-theme-label]");
    if (label) label.textContent = theme.charAt(0).toUpperCase() + theme.slice(1);
    button.title = "Theme: " + theme;
    const next = button.form && button.form.querySelector("input[name=theme]");
    if (next) next.value = NEXT_THEME[theme];
  }

  function guessTimezone() {
    const select = document.querySelector("select[data-detect-timezone]");
    if (!select || select.dataset.touched) return;
    let zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return; }
    if (zone && (select.value === "" || select.value === "UTC") &&
        Array.from(select.options).some((o) => o.value === zone)) {
      select.value = zone;
    }
  }

  // A success clears error banners a failed attempt left behind (the badge poll aside: it
  // says nothing about what the user did). Before the swap, so a message the answer brings
  // along stays.
  document.addEventListener("htmx:beforeSwap", function (event) {
    const detail = event.detail || {};
    const status = detail.xhr ? detail.xhr.status : 0;
    if (status < 200 || status > 299) return;
    if (detail.target && detail.target.id === "notification-badge") return;
    document.querySelectorAll("#messages .flash-error").forEach((el) => el.remove());
  });
  document.addEventListener("htmx:sendError", function () {
    const box = document.getElementById("messages");
    if (box) box.innerHTML = '<p class="flash flash-error" role="alert">Could not reach the server. Check your connection and try again.</p>';
  });

  // A heatmap wider than the screen opens on today's week (when it shows this year); a
  // redrawn one (a toggle that recomputes the year) keeps where the user had scrolled it.
  let keptScroll = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    const target = event.detail && event.detail.target;
    const box = target && target.querySelector && target.querySelector("[data-heatmap-scroll]");
    if (box && box.id) {
      keptScroll = { id: box.id, year: box.dataset.year, left: box.scrollLeft };
    }
  });
  function revealToday() {
    document.querySelectorAll("[data-heatmap-scroll]:not([data-scrolled])").forEach(function (box) {
      box.dataset.scrolled = "true";
      const kept = keptScroll;
      if (kept && kept.id && kept.id === box.id && kept.year === box.dataset.year) {
        keptScroll = null; box.scrollLeft = kept.left; return;
      }
      if (box.scrollWidth <= box.clientWidth) return;
      const thisYear = box.dataset.year === String(new Date().getFullYear()) ||
        box.querySelector(".heat[data-future]");
      if (!thisYear) return;
      let last = null, column = -1;
      box.querySelectorAll("td > .heat:not([data-future]):not([data-out])").forEach(function (heat) {
        const index = heat.parentElement.cellIndex;
        if (index >= column) { column = index; last = heat; }
      });
      if (!last) return;
      const right = last.getBoundingClientRect().right - box.getBoundingClientRect().left + box.scrollLeft;
      box.scrollLeft = Math.max(0, right + 24 - box.clientWidth);
    });
  }
  document.addEventListener("htmx:afterSettle", revealToday);

  // The unread badge: polled every minute while the tab is visible (never in a hidden tab).
  const POLL_MS = 60000;
  function pollBadge() {
    const bell = document.getElementById("notification-bell");
    if (!bell || document.visibilityState !== "visible" || !window.htmx) return;
    const after = bell.dataset.latestNotification || "0";
    window.htmx.ajax("GET", "/notifications/badge?after=" + encodeURIComponent(after),
      { target: "#notification-badge", swap: "outerHTML" });
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") pollBadge();
  });

  // Desktop notifications: only after the user asked for them in Settings.
  const DESKTOP_KEY = "habitory.desktopNotifications";
  function desktopAllowed() {
    return "Notification" in window && Notification.permission === "granted" &&
      localStorage.getItem(DESKTOP_KEY) === "on";
  }
  document.addEventListener("habitory:new-notifications", function (event) {
    const items = (event.detail && event.detail.value) || event.detail || [];
    const bell = document.getElementById("notification-bell");
    let newest = bell ? Number(bell.dataset.latestNotification || 0) : 0;
    (Array.isArray(items) ? items : []).forEach(function (item) {
      newest = Math.max(newest, item.id);
      if (desktopAllowed()) new Notification(item.title, { body: item.body, tag: "habitory-" + item.id });
    });
    if (bell) bell.dataset.latestNotification = String(newest);
  });
  function setupDesktopButton() {
    const box = document.querySelector("[data-desktop-notifications]");
    if (!box || !("Notification" in window)) return;
    box.hidden = false;
    const status = box.querySelector("[data-desktop-status]");
    const button = box.querySelector("[data-enable-desktop-notifications]");
    function show() {
      const on = desktopAllowed();
      button.textContent = on ? "Stop desktop notifications" : "Show desktop notifications";
      button.setAttribute("aria-pressed", on ? "true" : "false");
      status.textContent = Notification.permission === "denied"
        ? "Your browser blocks notifications for this site; allow them in its site settings."
        : (on ? "On: new reminders pop up while a Habitory tab is open." : "Off.");
    }
    button.addEventListener("click", function () {
      if (desktopAllowed()) { localStorage.setItem(DESKTOP_KEY, "off"); show(); return; }
      Notification.requestPermission().then(function (permission) {
        localStorage.setItem(DESKTOP_KEY, permission === "granted" ? "on" : "off");
        show();
      });
    });
    show();
  }

  document.addEventListener("DOMContentLoaded", function () {
    guessTimezone();
    setupDesktopButton();
    revealToday();
    setInterval(pollBadge, POLL_MS);
  });
})();
