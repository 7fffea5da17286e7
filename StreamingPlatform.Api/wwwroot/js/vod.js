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
