// Settings, "Notifications on this device": subscribe this browser to Web Push with the
// server's VAPID key and send the subscription to the server (or take it back). The words are
// in #push-settings's data attributes (partials/push_settings.html), translated there.
(function () {
  "use strict";

  const box = document.querySelector("[data-push]");
  if (!box) return;
  const button = box.querySelector("[data-push-toggle]");
  const status = box.querySelector("[data-push-status]");
  const say = (name) => { status.textContent = box.dataset[name] || ""; };

  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    say("unsupported");
    return;
  }

  function token() {
    const field = box.querySelector("input[name=csrf_token]");
    return field ? field.value : "";
  }

  // applicationServerKey wants bytes; the server gives base64url.
  function keyBytes(text) {
    const padded = (text + "===".slice((text.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  }

  async function post(url, fields) {
    const body = new URLSearchParams(fields);
    body.set("csrf_token", token());
    const response = await fetch(url, {
      method: "POST", body, credentials: "same-origin", headers: { "X-CSRFToken": token() },
    });
    if (!response.ok) throw new Error(`status ${response.status}`);
  }

  async function current() {
    const registration = await navigator.serviceWorker.ready;
    return registration.pushManager.getSubscription();
  }

  // The browser's subscription is whoever turned it on: on a shared phone, the previous
  // user's. Only one the server holds for this user is "on" for them.
  function mine(subscription) {
    try {
      return !!subscription && JSON.parse(box.dataset.endpoints || "[]").includes(subscription.endpoint);
    } catch (error) { return false; }
  }

  async function show() {
    const subscription = await current();
    const on = mine(subscription);
    button.hidden = false;
    button.textContent = on ? box.dataset.turnOff : box.dataset.turnOn;
    button.setAttribute("aria-pressed", on ? "true" : "false");
    if (on) say("on");
    else say(Notification.permission === "denied" ? "denied" : "off");
  }

  async function toggle() {
    button.disabled = true;
    try {
      const subscription = await current();
      if (mine(subscription)) {
        await post(box.dataset.unsubscribeUrl, { endpoint: subscription.endpoint });
        await subscription.unsubscribe();
        box.dataset.endpoints = JSON.stringify(
          JSON.parse(box.dataset.endpoints).filter((e) => e !== subscription.endpoint));
      } else {
        if (await Notification.requestPermission() !== "granted") { say("denied"); return; }
        // Someone else's (the previous user's): theirs stops here, this user's starts.
        if (subscription) await subscription.unsubscribe();
        const registration = await navigator.serviceWorker.ready;
        const fresh = await registration.pushManager.subscribe({
          userVisibleOnly: true, applicationServerKey: keyBytes(box.dataset.key),
        });
        const json = fresh.toJSON();
        try {
          await post(box.dataset.subscribeUrl,
            { endpoint: json.endpoint, p256dh: json.keys.p256dh, auth: json.keys.auth });
        } catch (error) {
          // The server never heard of it (offline, say): not "on", and turning on again
          // starts afresh.
          await fresh.unsubscribe();
          throw error;
        }
        box.dataset.endpoints = JSON.stringify([...JSON.parse(box.dataset.endpoints || "[]"), json.endpoint]);
      }
      await show();
    } catch (error) {
      say("failed");
    } finally {
      button.disabled = false;
    }
  }

  button.addEventListener("click", toggle);
  show().catch(() => say("unsupported"));
})();
