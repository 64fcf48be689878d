// Habitory's small enhancements: keyboard shortcuts, theme switch, timezone guess, menus.
// Everything here is optional: without JavaScript every action is a plain form.
(function () {
  "use strict";

  function typing(el) {
    if (!el) return false;
    const tag = el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
  }

  function toggles() {
    return Array.from(document.querySelectorAll("[data-habit-toggle]"));
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
      if (cancel) { event.preventDefault(); cancel.click(); return; }
      document.querySelectorAll("details[data-menu][open]").forEach((d) => { d.open = false; d.querySelector("summary").focus(); });
      return;
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
        const button = row && row.querySelector("[data-habit-toggle]");
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

  // Keep focus near where it was when a row leaves the list (archive, delete).
  let focusIndex = -1;
  document.addEventListener("htmx:beforeRequest", function (event) {
    const row = event.target.closest && event.target.closest("[data-habit-row]");
    focusIndex = row ? toggles().findIndex((b) => row.contains(b)) : -1;
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (focusIndex < 0 || (document.activeElement && document.activeElement !== document.body)) return;
    const all = toggles();
    if (all.length) all[Math.min(focusIndex, all.length - 1)].focus();
    else { const input = document.getElementById("new-habit-name"); if (input) input.focus(); }
    focusIndex = -1;
  });
  document.addEventListener("htmx:sendError", function () {
    const box = document.getElementById("messages");
    if (box) box.innerHTML = '<p class="flash flash-error" role="alert">Could not reach the server. Check your connection and try again.</p>';
  });

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
    setInterval(pollBadge, POLL_MS);
  });
})();
