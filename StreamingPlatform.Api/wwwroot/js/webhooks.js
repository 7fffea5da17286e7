import { element } from "./format.js";
import { api, showError } from "./admin.js";

// The admin page's webhooks: register, switch on/off, remove, and each one's delivery state. The secret is shown once.
const when = value => value ? new Date(value).toLocaleString() : "never";

async function loadWebhooks() {
  const webhooks = await api("GET", "/api/admin/webhooks");
  document.querySelector("#webhooks tbody").replaceChildren(...webhooks.map(w => {
    const enabled = element("input", { type: "checkbox", title: "Off: no new events are queued for it; waiting ones are held" });
    enabled.checked = w.enabled;
    enabled.onchange = async () => {
      await api("PUT", `/api/admin/webhooks/${w.id}/enabled`, { enabled: enabled.checked });
      await loadWebhooks();
    };
    const remove = element("button", { type: "button", text: "Remove" });
    remove.onclick = async () => {
      if (confirm(`Remove the webhook to ${w.url}? Events still waiting for it are dropped.`)) {
        await api("DELETE", `/api/admin/webhooks/${w.id}`);
        await loadWebhooks();
      }
    };
    const state = w.failing
      ? element("span", { class: "badge", text: `FAILING (${w.consecutiveFailures} in a row)` })
      : element("span", { class: "muted", text: w.waitingBroadcasts ? `${w.waitingBroadcasts} broadcast(s) waiting` : "ok" });
    return element("tr", { "data-webhook": w.id },
      element("td", {}, element("code", { text: w.url })),
      element("td", { text: w.events.join(", ") }),
      element("td", {}, enabled),
      element("td", {}, state),
      element("td", { text: when(w.lastSuccessAt) }),
      element("td", { text: w.lastFailureAt ? `${when(w.lastFailureAt)}: ${w.lastFailure}` : "never" }),
      element("td", {}, remove));
  }));
}

document.getElementById("webhook-create").onsubmit = async event => {
  event.preventDefault();
  try {
    const events = [...document.querySelectorAll("#webhook-events input:checked")].map(box => box.value);
    const created = await api("POST", "/api/admin/webhooks", { url: document.getElementById("webhook-url").value, events });
    document.getElementById("webhook-secret-url").textContent = created.url;
    document.getElementById("webhook-secret-value").textContent = created.secret;
    document.getElementById("webhook-secret").hidden = false;
    showError("webhook-error", null);
    await loadWebhooks();
  } catch (error) {
    showError("webhook-error", error);
  }
};

// Loaded once the admin key opened the page (admin.js shows #admin), then kept fresh.
const panel = document.getElementById("admin");
new MutationObserver(() => { if (!panel.hidden) loadWebhooks().catch(() => {}); }).observe(panel, { attributes: true, attributeFilter: ["hidden"] });
setInterval(() => { if (!panel.hidden) loadWebhooks().catch(() => {}); }, 5000);
