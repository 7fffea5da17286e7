import { duration } from "./format.js";

// A past broadcast: the MP4 is served with range requests, so the browser seeks without downloading it all.
const id = decodeURIComponent(location.pathname.split("/").pop());
const video = document.getElementById("video");

const response = await fetch(`/api/vods/${encodeURIComponent(id)}`);
if (!response.ok) {
  document.getElementById("missing").hidden = false;
  video.hidden = true;
  document.getElementById("download").hidden = true;
} else {
  const vod = await response.json();
  window.vod = vod;
  document.getElementById("title").textContent = vod.channel;
  document.getElementById("meta").textContent =
    `${new Date(vod.startedAt).toLocaleString()} · ${duration(vod.durationSeconds)}${vod.status === "salvaged" ? " · partly recovered" : ""}`
    + (vod.peakViewers > 0 ? ` · ${vod.peakViewers} watching at the peak` : "");
  if (vod.posterUrl) video.poster = vod.posterUrl;
  if (vod.videoUrl) video.src = vod.videoUrl;
  document.getElementById("download").href = vod.downloadUrl ?? "#";
}

// A VOD deleted while it plays would leave a still frame at the next range request: the page checks now and then while
// it plays, and whenever the video fails or waits for data, and says so.
const CHECK_EVERY_MS = 10_000;
async function checkStillThere() {
  if (!window.vod || !document.getElementById("deleted").hidden) return;
  const answer = await fetch(`/api/vods/${encodeURIComponent(id)}`, { cache: "no-store" }).catch(() => null);
  if (answer?.status !== 404) return;
  video.pause();
  document.getElementById("deleted").hidden = false;
  document.getElementById("download").hidden = true;
}
video.addEventListener("error", checkStillThere);
video.addEventListener("waiting", checkStillThere);
setInterval(() => { if (!video.paused) checkStillThere(); }, CHECK_EVERY_MS);
