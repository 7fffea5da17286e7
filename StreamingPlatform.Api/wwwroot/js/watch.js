// The live player. hls.js (bundled from npm) where MSE exists, native HLS (Safari) otherwise. Tuned with nginx's
// 1 s fragments: stay 3 fragments behind the live edge, catch up by playing up to 1.5x when further behind.
const channel = decodeURIComponent(location.pathname.split("/").pop());
const video = document.getElementById("video");
const stateBadge = document.getElementById("state");
const latencyText = document.getElementById("latency");
document.getElementById("title").textContent = channel;

// Read by the browser tests and handy in the console.
window.player = { state: "connecting", latency: null, fatalErrors: [], vod: null };

const HLS_CONFIG = {
  liveSyncDurationCount: 3,
  liveMaxLatencyDurationCount: 8,
  maxLiveSyncPlaybackRate: 1.5,
  backBufferLength: 30,
  lowLatencyMode: false, // nginx-rtmp makes plain HLS, not LL-HLS
};

let hls = null;
let liveSince = null;

function setState(state, text) {
  window.player.state = state;
  stateBadge.textContent = text;
  document.getElementById("offline").hidden = state !== "offline";
}

async function currentStream() {
  const response = await fetch(`/api/streams/${encodeURIComponent(channel)}`);
  return response.ok ? response.json() : null;
}

function play(stream) {
  stop();
  liveSince = stream.startedAt;
  video.removeAttribute("src");
  if (window.Hls && Hls.isSupported()) {
    hls = new Hls(HLS_CONFIG);
    hls.on(Hls.Events.ERROR, (_, data) => {
      if (!data.fatal) return;
      window.player.fatalErrors.push(data.details);
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR) hls.recoverMediaError();
      else if (data.type === Hls.ErrorTypes.NETWORK_ERROR) hls.startLoad();
    });
    hls.loadSource(stream.hlsUrl);
    hls.attachMedia(video);
  } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
    video.src = stream.hlsUrl;
  }
  video.play().catch(() => { /* autoplay waits for the user where muted autoplay is blocked */ });
  setState("live", "LIVE");
}

function stop() {
  if (hls) { hls.destroy(); hls = null; }
}

async function showVod() {
  const page = await fetch(`/api/vods?channel=${encodeURIComponent(channel)}&pageSize=1`).then(r => r.json());
  const vod = page.items.find(v => v.videoUrl && Date.parse(v.startedAt) >= Date.parse(liveSince) - 5000);
  if (!vod) return false;
  window.player.vod = vod.id;
  document.getElementById("vod-anchor").href = `/vod/${vod.id}`;
  document.getElementById("vod-link").hidden = false;
  video.src = vod.videoUrl;
  if (vod.posterUrl) video.poster = vod.posterUrl;
  return true;
}

async function poll() {
  try {
    const stream = await currentStream();
    if (stream && (window.player.state !== "live" || stream.startedAt !== liveSince)) {
      play(stream);
    } else if (!stream && window.player.state === "live") {
      stop();
      setState("offline", "offline");
      latencyText.textContent = "";
    } else if (!stream && window.player.state === "offline" && !window.player.vod && liveSince) {
      await showVod();
    } else if (!stream && window.player.state === "connecting") {
      setState("offline", "offline");
    }
  } catch (error) {
    console.warn("poll failed", error);
  }
}

setInterval(() => {
  if (hls && window.player.state === "live" && Number.isFinite(hls.latency)) {
    window.player.latency = hls.latency;
    latencyText.textContent = `${hls.latency.toFixed(1)} s behind live`;
  }
}, 500);
setInterval(poll, 2000);
poll();
