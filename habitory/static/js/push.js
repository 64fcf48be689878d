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

  async function show() {
    const subscription = await current();
    button.hidden = false;
    button.textContent = subscription ? box.dataset.turnOff : box.dataset.turnOn;
    button.setAttribute("aria-pressed", subscription ? "true" : "false");
    if (subscription) say("on");
    else say(Notification.permission === "denied" ? "denied" : "off");
  }

  async function toggle() {
    button.disabled = true;
    try {
      const subscription = await current();
      if (subscription) {
        await post(box.dataset.unsubscribeUrl, { endpoint: subscription.endpoint });
        await subscription.unsubscribe();
      } else {
        if (await Notification.requestPermission() !== "granted") { say("denied"); return; }
        const registration = await navigator.serviceWorker.ready;
        const fresh = await registration.pushManager.subscribe({
          userVisibleOnly: true, applicationServerKey: keyBytes(box.dataset.key),
        });
        const json = fresh.toJSON();
        await post(box.dataset.subscribeUrl,
          { endpoint: json.endpoint, p256dh: json.keys.p256dh, auth: json.keys.auth });
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
