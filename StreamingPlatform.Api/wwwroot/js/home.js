import { duration, element } from "./format.js";

const live = document.getElementById("live");
const vods = document.getElementById("vods");

// The worker replaces a live channel's thumbnail every few seconds; the address changes as often, so the refreshes
// in between reuse the browser's copy instead of flickering.
function liveThumbnail(stream) {
  const image = element("img", { src: `${stream.thumbnailUrl}?t=${Math.floor(Date.now() / 10000)}`, alt: `${stream.name} live` });
  image.addEventListener("error", () => image.replaceWith(element("div", { class: "thumb" })), { once: true });
  return image;
}

async function refresh() {
  try {
    const [streams, page] = await Promise.all([
      fetch("/api/streams").then(r => r.json()),
      fetch("/api/vods?pageSize=12").then(r => r.json()),
    ]);
    live.replaceChildren(...streams.map(s => element("a", { class: "card", href: `/watch/${s.name}`, "data-channel": s.name },
      liveThumbnail(s),
      element("div", { class: "meta" },
        element("strong", { text: s.name }),
        element("span", {}, element("span", { class: "badge", text: "LIVE" }), " ",
          element("span", { class: "muted", text: duration((Date.now() - Date.parse(s.startedAt)) / 1000) }), " ",
          element("span", { class: "muted viewers", text: `${s.viewers} watching` }))))));
    document.getElementById("live-empty").hidden = streams.length > 0;

    const ready = page.items.filter(v => v.videoUrl);
    vods.replaceChildren(...ready.map(v => element("a", { class: "card", href: `/vod/${v.id}`, "data-vod": v.id },
      v.posterUrl ? element("img", { src: v.posterUrl, alt: `${v.channel} poster`, loading: "lazy" }) : element("div", { class: "thumb" }),
      element("div", { class: "meta" },
        element("strong", { text: v.channel }),
        element("span", { class: "muted", text: `${new Date(v.startedAt).toLocaleString()} · ${duration(v.durationSeconds)}` })))));
    document.getElementById("vods-empty").hidden = ready.length > 0;
  } catch (error) {
    console.warn("refresh failed", error);
  }
}

// The RTMP address is the Api's setting (Streaming:RtmpBaseUrl): nginx may listen on another host or port than this page.
async function showRtmpAddress() {
  try {
    const config = await fetch("/api/config").then(r => r.json());
    document.getElementById("rtmp-address").textContent = `${config.rtmpBaseUrl}/<channel>?key=<key>`;
  } catch (error) {
    console.warn("config failed", error);
  }
}

refresh();
setInterval(refresh, 3000);
showRtmpAddress();
