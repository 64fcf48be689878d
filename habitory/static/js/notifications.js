// The unread badge and desktop notifications. The badge polls for itself with htmx
// (hx-trigger="every 60s, habitory:visible from:body"); here only what the markup cannot say
// under a CSP without eval (htmx's [filter] expressions need it): no poll from a hidden tab, a
// catch-up poll when it shows again, and "after", the newest notification the page knows of
// (kept on the bell, which the badge's swaps leave alone).
(function () {
  "use strict";

  const DESKTOP_KEY = "habitory.desktopNotifications";

  function bell() {
    return document.getElementById("notification-bell");
  }

  function isPoll(elt) {
    return elt && elt.id === "notification-badge";
  }

  function skipHiddenPoll(event) {
    if (isPoll(event.target) && document.visibilityState !== "visible") event.preventDefault();
  }

  function pollWhenShownAgain() {
    if (document.visibilityState === "visible") document.body.dispatchEvent(new Event("habitory:visible"));
  }

  function askOnlyForNewer(event) {
    const known = bell();
    if (isPoll(event.detail.elt) && known) event.detail.parameters.after = known.dataset.latestNotification || "0";
  }

  function desktopAllowed() {
    return "Notification" in window && Notification.permission === "granted" &&
      localStorage.getItem(DESKTOP_KEY) === "on";
  }

  // The badge's answer names the cards that arrived since "after" (an HX-Trigger event).
  function announceNew(event) {
    const items = (event.detail && event.detail.value) || event.detail || [];
    const known = bell();
    let newest = known ? Number(known.dataset.latestNotification || 0) : 0;
    (Array.isArray(items) ? items : []).forEach((item) => {
      newest = Math.max(newest, item.id);
      if (desktopAllowed()) new Notification(item.title, { body: item.body, tag: "habitory-" + item.id });
    });
    if (known) known.dataset.latestNotification = String(newest);
  }

  // Settings: the switch for desktop notifications, shown only where the browser has them.
  function setupDesktopSwitch() {
    const box = document.querySelector("[data-desktop-notifications]");
    if (!box || !("Notification" in window)) return;
    box.hidden = false;
    const status = box.querySelector("[data-desktop-status]");
    const button = box.querySelector("[data-enable-desktop-notifications]");
    // The words come from the page (data-text-*), in the reader's language.
    const text = box.dataset;
    function show() {
      const on = desktopAllowed();
      button.textContent = on ? text.textStop : text.textShow;
      button.setAttribute("aria-pressed", on ? "true" : "false");
      status.textContent = Notification.permission === "denied"
        ? text.textBlocked : (on ? text.textOn : text.textOff);
    }
    button.addEventListener("click", () => {
      if (desktopAllowed()) { localStorage.setItem(DESKTOP_KEY, "off"); show(); return; }
      Notification.requestPermission().then((permission) => {
        localStorage.setItem(DESKTOP_KEY, permission === "granted" ? "on" : "off");
        show();
      });
    });
    show();
  }

  document.addEventListener("htmx:confirm", skipHiddenPoll);
  document.addEventListener("htmx:configRequest", askOnlyForNewer);
  document.addEventListener("visibilitychange", pollWhenShownAgain);
  document.addEventListener("habitory:new-notifications", announceNew);
  document.addEventListener("DOMContentLoaded", setupDesktopSwitch);
})();
