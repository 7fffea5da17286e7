import { element } from "./format.js";

// The admin key stays in this tab's sessionStorage and travels only in the X-Api-Key header.
const keyInput = document.getElementById("admin-key");
keyInput.value = sessionStorage.getItem("adminKey") ?? "";

export async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: { "X-Api-Key": keyInput.value, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = response.status === 204 ? null : await response.json();
  if (!response.ok) throw new Error(data?.detail ?? data?.title ?? response.statusText);
  return data;
}

export function showError(id, error) {
  const node = document.getElementById(id);
  node.textContent = error ? error.message : "";
  node.hidden = !error;
}

function showCredentials(credentials) {
  document.getElementById("cred-name").textContent = credentials.name;
  document.getElementById("server-url").textContent = credentials.serverUrl;
  document.getElementById("stream-path").textContent = credentials.streamPath;
  document.getElementById("publish-url").textContent = credentials.publishUrl;
  document.getElementById("qr").src = credentials.publishQrCode;
  document.getElementById("credentials").hidden = false;
}

// The development channel (when the AppHost configured one): its set-up while its key is still this machine's.
async function loadDevelopmentChannel() {
  const response = await fetch("/api/admin/development-channel", { headers: { "X-Api-Key": keyInput.value } });
  const section = document.getElementById("development");
  section.hidden = response.status === 404;
  if (section.hidden) return;
  const data = await response.json();
  const problem = document.getElementById("dev-problem");
  problem.hidden = response.ok;
  problem.textContent = response.ok ? "" : data.detail ?? data.title;
  document.getElementById("dev-setup").hidden = !response.ok;
  document.getElementById("dev-name").textContent = response.ok ? data.name : "";
  if (!response.ok) return;
  document.getElementById("dev-server-url").textContent = data.serverUrl;
  document.getElementById("dev-stream-path").textContent = data.streamPath;
  document.getElementById("dev-publish-url").textContent = data.publishUrl;
  document.getElementById("dev-qr").src = data.publishQrCode;
}

async function loadChannels() {
  const channels = await api("GET", "/api/admin/channels");
  document.querySelector("#channels tbody").replaceChildren(...channels.map(c => {
    const rotate = element("button", { type: "button", text: "Rotate key" });
    rotate.onclick = async () => showCredentials(await api("POST", `/api/admin/channels/${c.name}/key`));
    const remove = element("button", { type: "button", text: "Delete" });
    remove.onclick = async () => {
      if (confirm(`Delete channel ${c.name}? Its key stops working at once.`)) {
        await api("DELETE", `/api/admin/channels/${c.name}`);
        await loadChannels();
      }
    };
    // The quality ladder: renditions below the source for viewers on weak connections, from the channel's next publish.
    const ladder = element("input", { type: "checkbox", title: "Quality ladder (480p, 240p) from the next publish" });
    ladder.checked = c.ladder;
    ladder.onchange = async () => {
      await api("PUT", `/api/admin/channels/${c.name}/ladder`, { enabled: ladder.checked });
      await loadChannels();
    };
    return element("tr", { "data-channel": c.name },
      element("td", {}, element("a", { href: `/watch/${c.name}`, text: c.name })),
      element("td", {}, c.live ? element("span", { class: "badge", text: "LIVE" }) : element("span", { class: "muted", text: "offline" })),
      element("td", { text: new Date(c.createdAt).toLocaleString() }),
      element("td", {}, ladder),
      element("td", {}, rotate, " ", remove));
  }));
}

document.getElementById("login").onsubmit = async event => {
  event.preventDefault();
  try {
    await loadChannels();
    await loadDevelopmentChannel();
    sessionStorage.setItem("adminKey", keyInput.value);
    document.getElementById("admin").hidden = false;
    showError("login-error", null);
  } catch (error) {
    showError("login-error", error);
  }
};

document.getElementById("create").onsubmit = async event => {
  event.preventDefault();
  try {
    showCredentials(await api("POST", "/api/admin/channels", { name: document.getElementById("channel-name").value }));
    showError("create-error", null);
    await loadChannels();
  } catch (error) {
    showError("create-error", error);
  }
};

setInterval(() => { if (!document.getElementById("admin").hidden) loadChannels().catch(() => {}); }, 5000);
