// Habitory's small enhancements, one function per job. Everything here is optional: without
// JavaScript every action is a plain form or link. Keyboard shortcuts: keys.js; the unread
// badge and desktop notifications: notifications.js.
(function () {
  "use strict";

  // htmx's settings, set before it starts (at DOMContentLoaded; deferred scripts run first):
  // no injected <style> (the CSP forbids it), no eval, no script tags from answers, no
  // history snapshots (a page may hold another user's names after logging out), and 4xx
  // bodies swapped, so validation messages reach the page. Here rather than in a <meta> of
  // every page: Today's HTML has a byte budget, this file is cached.
  // No style among the attributes a swap carries over from the old element of the same id: no
  // answer has one, but a field can (a screenshot tool or an extension leaves style="" behind),
  // and htmx's setAttribute("style") is inline style the CSP blocks and reports.
  if (window.htmx) {
    Object.assign(window.htmx.config, {
      includeIndicatorStyles: false, allowEval: false, allowScriptTags: false, historyCacheSize: 0,
      attributesToSettle: ["class", "width", "height"],
      responseHandling: [
        { code: "204", swap: false }, { code: "[23]..", swap: true },
        { code: "4..", swap: true, error: false }, { code: "5..", swap: true, error: true },
        { code: "...", swap: false },
      ],
    });
  }

  // Menus (<details data-menu>): a click outside an open one closes it.
  function closeMenusOutside(event) {
    document.querySelectorAll("details[data-menu][open]").forEach((menu) => {
      if (!menu.contains(event.target)) menu.open = false;
    });
  }

  // The theme toggle posts the chosen theme (the server sets the cookie). The page takes it at
  // once, and the button moves on to the next theme of the cycle the server wrote into it
  // (data-theme-cycle: each theme's label and the theme after it; habitory/templating.py).
  function showChosenTheme(event) {
    const form = event.detail.elt;
    if (!form.matches || !form.matches("[data-theme-cycle]")) return;
    const theme = event.detail.parameters.theme;
    const cycle = JSON.parse(form.dataset.themeCycle);
    if (!cycle[theme]) return;
    const [label, next] = cycle[theme];
    document.documentElement.dataset.theme = theme;
    form.querySelector("[data-theme-label]").textContent = label;
    form.elements.theme.value = next;
  }

  // A form that asks for a timezone starts on the browser's own, when it offers it.
  function guessTimezone() {
    const select = document.querySelector("select[data-detect-timezone]");
    if (!select || select.dataset.touched) return;
    let zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return; }
    if (zone && (select.value === "" || select.value === "UTC") &&
        Array.from(select.options).some((option) => option.value === zone)) {
      select.value = zone;
    }
  }

  // A success clears the error banners an earlier failure left (the badge poll aside: it says
  // nothing about what the user did). Before the swap, so a message the answer brings stays.
  function clearStaleErrors(event) {
    const detail = event.detail || {};
    const status = detail.xhr ? detail.xhr.status : 0;
    if (status < 200 || status > 299) return;
    if (detail.target && detail.target.id === "notification-badge") return;
    document.querySelectorAll("#messages .flash-error").forEach((el) => el.remove());
  }

  // #messages holds two live regions that stay in the page from its load (base.html): a screen
  // reader announces a change inside a region it knows, and often misses one inserted along
  // with its text. An answer that would replace #messages or its content (an error errors.py
  // retargets there, an out-of-band copy) fills them instead: errors the assertive one, the
  // rest the polite one, each message without a role of its own (a live region inside another
  // is read twice).
  function messageRegions() {
    const box = document.getElementById("messages");
    const said = box && box.querySelector(":scope > [role=status]");
    const alarm = box && box.querySelector(":scope > [role=alert]");
    return said && alarm ? { said, alarm } : null;
  }

  function pourMessages(from) {
    const regions = messageRegions();
    if (!regions) return false;
    const lines = Array.from(from.querySelectorAll(".flash"));
    lines.forEach((line) => line.removeAttribute("role"));
    regions.said.replaceChildren(...lines.filter((line) => !line.classList.contains("flash-error")));
    regions.alarm.replaceChildren(...lines.filter((line) => line.classList.contains("flash-error")));
    return true;
  }

  // The answer's own swap, retargeted: it goes on (its out-of-band parts with it), into a region.
  function fillMessages(event) {
    const detail = event.detail || {};
    const regions = messageRegions();
    if (!detail.target || detail.target.id !== "messages" || !detail.shouldSwap || !regions) return;
    const failed = !!detail.xhr && detail.xhr.status >= 400;
    const parsed = document.createElement("template");
    parsed.innerHTML = detail.serverResponse || "";
    Array.from(parsed.content.children).forEach((el) => {
      if (el.classList.contains("flash")) el.removeAttribute("role");
    });
    detail.serverResponse = parsed.innerHTML;
    detail.target = failed ? regions.alarm : regions.said;
    (failed ? regions.said : regions.alarm).replaceChildren();
  }

  function fillMessagesOutOfBand(event) {
    const detail = event.detail || {};
    if (detail.target && detail.target.id === "messages" && pourMessages(detail.fragment)) {
      detail.shouldSwap = false;
    }
  }

  function reportNetworkError(event) {
    // A check-in that offline.js queued is not lost: its banner says it is waiting.
    if (event.detail && event.detail.queuedOffline) return;
    // The words come with the page, in the reader's language (base.html).
    const line = document.createElement("p");
    line.className = "flash flash-error";
    line.textContent = document.body.dataset.unreachable
      || "Could not reach the server. Check your connection and try again.";
    const from = document.createDocumentFragment();
    from.appendChild(line);
    pourMessages(from);
  }

  // A heatmap wider than the screen opens on today's week (when it shows this year); a
  // redrawn one (a toggle that recomputes the year) keeps where the user had scrolled it.
  let keptScroll = null;
  function keepHeatmapScroll(event) {
    const target = event.detail && event.detail.target;
    const box = target && target.querySelector && target.querySelector("[data-heatmap-scroll]");
    if (box && box.id) keptScroll = { id: box.id, year: box.dataset.year, left: box.scrollLeft };
  }

  function revealToday() {
    document.querySelectorAll("[data-heatmap-scroll]:not([data-scrolled])").forEach((box) => {
      box.dataset.scrolled = "true";
      const kept = keptScroll;
      if (kept && kept.id && kept.id === box.id && kept.year === box.dataset.year) {
        keptScroll = null;
        box.scrollLeft = kept.left;
        return;
      }
      if (box.scrollWidth <= box.clientWidth) return;
      const thisYear = box.dataset.year === String(new Date().getFullYear()) ||
        box.querySelector(".heat[data-future]");
      if (!thisYear) return;
      let last = null, column = -1;
      box.querySelectorAll("td > .heat:not([data-future]):not([data-out])").forEach((heat) => {
        const index = heat.parentElement.cellIndex;
        if (index >= column) { column = index; last = heat; }
      });
      if (!last) return;
      const right = last.getBoundingClientRect().right - box.getBoundingClientRect().left + box.scrollLeft;
      box.scrollLeft = Math.max(0, right + 24 - box.clientWidth);
    });
  }

  // A row or card removed while it held the focus (Archive, Delete, Dismiss) hands the focus
  // to its neighbour: a keyboard or screen-reader user stays where they were in the list,
  // instead of being sent to the top of the page. One redrawn without the focused control
  // ("Mark all read" goes once all is read) hands it to the first control of its new copy.
  // A swap that keeps the control (a toggle) is left to htmx, which keeps the focus on the
  // element of the same id.
  const CONTROL = "button, a[href], summary, input:not([type=hidden]), select, textarea";
  let leaving = null;
  function noteLeaving(event) {
    const target = event.detail && event.detail.target;
    const active = document.activeElement;
    // Another swap meanwhile (the badge's poll) leaves a noted one alone.
    if (!target || !active || active === document.body || !target.contains(active)) return;
    const item = target.closest("li, article") || target;
    leaving = { item, id: item.id, heir: item.nextElementSibling || item.previousElementSibling };
    // A removed element's own events never reach the document: look once the swap is done.
    setTimeout(passFocus, 100);
  }

  // A key or a tap since the swap is the reader's own move (Escape out of "Add a habit" leaves
  // the focus on <body> on purpose; j then goes to the first habit): the focus is theirs.
  function readerMoved() {
    leaving = null;
  }

  function passFocus() {
    const left = leaving;
    leaving = null;
    if (!left || (document.activeElement && document.activeElement !== document.body)) return;
    const again = left.id ? document.getElementById(left.id) : left.item.isConnected && left.item;
    const heir = again || (left.heir && left.heir.isConnected ? left.heir : null);
    const next = heir && Array.from(heir.querySelectorAll(CONTROL)).find((el) => el.offsetParent);
    (next || document.getElementById("main")).focus();
  }

  // htmx wires what it swapped in only as the swap settles (~20 ms later). A click, an Enter or
  // a shortcut in between met a plain link or form and reloaded the whole page: wire the
  // element first (this runs before htmx's own listeners: capture phase).
  function wireBeforeUse(event) {
    const target = event.target;
    const element = target && target.closest && target.closest("[hx-get], [hx-post]");
    if (element && window.htmx) window.htmx.process(element);  // a no-op once wired
  }

  // Logging out forgets this device's push subscription (unsubscribed here, its endpoint sent
  // along for the server to delete): a shared phone must not keep receiving reminders that name
  // the habits. At most a second's wait; without a subscription the form goes as it is.
  function forgetPushAtLogout(event) {
    const form = event.target;
    if (event.defaultPrevented || !form.matches || !form.matches('form[action$="/logout"]') ||
        form.dataset.pushForgotten || !("serviceWorker" in navigator)) return;
    event.preventDefault();
    form.dataset.pushForgotten = "1";
    const forget = navigator.serviceWorker.getRegistration()
      .then((registration) => registration && registration.pushManager &&
        registration.pushManager.getSubscription())
      .then((subscription) => {
        if (!subscription) return undefined;
        const field = document.createElement("input");
        Object.assign(field, { type: "hidden", name: "push_endpoint", value: subscription.endpoint });
        form.appendChild(field);
        return subscription.unsubscribe();
      })
      .catch(() => undefined);
    const giveUp = new Promise((resolve) => { setTimeout(resolve, 1000); });
    Promise.race([forget, giveUp]).then(() => form.submit());
  }

  // A section redrawn out of band (the habit page after a tick) keeps the panels the user
  // opened or closed: the fresh copy would reset every <details> to its server default.
  function keepOpenPanels(event) {
    const { target, fragment } = event.detail;
    if (!target.querySelectorAll || !fragment.querySelectorAll) return;
    const before = target.querySelectorAll("details");
    const after = fragment.querySelectorAll("details");
    if (before.length !== after.length) return;
    after.forEach((panel, i) => { panel.open = before[i].open; });
  }

  document.addEventListener("submit", forgetPushAtLogout);
  document.addEventListener("htmx:oobBeforeSwap", keepOpenPanels);
  document.addEventListener("click", wireBeforeUse, true);
  document.addEventListener("click", closeMenusOutside);
  document.addEventListener("htmx:configRequest", showChosenTheme);
  document.addEventListener("htmx:beforeSwap", clearStaleErrors);
  document.addEventListener("htmx:beforeSwap", fillMessages);
  document.addEventListener("htmx:oobBeforeSwap", fillMessagesOutOfBand);
  document.addEventListener("htmx:beforeSwap", keepHeatmapScroll);
  document.addEventListener("htmx:sendError", reportNetworkError);
  document.addEventListener("htmx:beforeSwap", noteLeaving);
  document.addEventListener("keydown", readerMoved, true);
  document.addEventListener("pointerdown", readerMoved, true);
  document.addEventListener("htmx:afterSettle", revealToday);
  document.addEventListener("DOMContentLoaded", () => {
    guessTimezone();
    revealToday();
  });
})();
