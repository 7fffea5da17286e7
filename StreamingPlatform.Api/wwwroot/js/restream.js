import { element } from "./format.js";
import { api, showError } from "./admin.js";

// The restream section of /admin: one channel's targets, their state, and a form to add one.
const channelSelect = document.getElementById("restream-channel");
const admin = document.getElementById("admin");

function stateText(target) {
  if (target.state === "retrying") return `retrying: ${target.lastError ?? "unknown error"}`;
  if (target.state === "live") return `live, ${(target.bytesSent / 1e6).toFixed(1)} MB sent`;
  if (target.state === "connecting" && target.lastError) return `connecting (last error: ${target.lastError})`;
  return target.state;
}

async function loadChannelNames() {
  const channels = await api("GET", "/api/admin/channels");
  const chosen = channelSelect.value;
  channelSelect.replaceChildren(...channels.map(c => element("option", { value: c.name, text: c.name })));
  if (channels.some(c => c.name === chosen)) channelSelect.value = chosen;
}

async function loadTargets() {
  const channel = channelSelect.value;
  const body = document.querySelector("#restream-targets tbody");
  if (!channel) {
    body.replaceChildren();
    return;
  }
  const targets = await api("GET", `/api/admin/channels/${channel}/restream-targets`);
  body.replaceChildren(...targets.map(t => {
    const enabled = element("input", { type: "checkbox", title: "Send this channel's broadcasts to the target" });
    enabled.checked = t.enabled;
    enabled.onchange = async () => {
      await api("PUT", `/api/admin/channels/${channel}/restream-targets/${t.id}/enabled`, { enabled: enabled.checked });
      await loadTargets();
    };
    const remove = element("button", { type: "button", text: "Remove" });
    remove.onclick = async () => {
      if (confirm(`Remove restream target ${t.name}? Its stream key is deleted.`)) {
        await api("DELETE", `/api/admin/channels/${channel}/restream-targets/${t.id}`);
        await loadTargets();
      }
    };
    return element("tr", { "data-target": t.id },
      element("td", { text: t.name }),
      element("td", {}, element("code", { text: t.url })),
      element("td", {}, enabled),
      element("td", { class: `restream-state ${t.state}`, text: stateText(t) }),
      element("td", {}, remove));
  }));
}

async function refresh() {
  if (admin.hidden) return;
  await loadChannelNames();
  await loadTargets();
}

channelSelect.onchange = () => loadTargets().catch(() => {});

document.getElementById("restream-add").onsubmit = async event => {
  event.preventDefault();
  const key = document.getElementById("restream-key");
  try {
    await api("POST", `/api/admin/channels/${channelSelect.value}/restream-targets`, {
      name: document.getElementById("restream-name").value,
      url: document.getElementById("restream-url").value,
      streamKey: key.value,
    });
    key.value = "";
    showError("restream-error", null);
    await loadTargets();
  } catch (error) {
    showError("restream-error", error);
  }
};

new MutationObserver(() => refresh().catch(() => {})).observe(admin, { attributes: true, attributeFilter: ["hidden"] });
setInterval(() => refresh().catch(() => {}), 5000);
