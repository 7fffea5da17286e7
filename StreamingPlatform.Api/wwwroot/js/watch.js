// The live player. hls.js (bundled from npm) where MSE exists, native HLS (Safari) otherwise. Tuned with nginx's
// 1 s fragments: stay 3 fragments behind the live edge, catch up by playing up to 1.5x when further behind.
const channel = decodeURIComponent(location.pathname.split("/").pop());
const video = document.getElementById("video");
const stateBadge = document.getElementById("state");
const latencyText = document.getElementById("latency");
document.getElementById("title").textContent = channel;

// Read by the browser tests and handy in the console.
window.player = { state: "connecting", latency: null, fatalErrors: [], vod: null, liveStarts: 0 };

// A stream can be live before nginx has written its first playlist (about a fragment later): keep asking.
const RETRY_A_FEW_SECONDS = {
  default: {
    maxTimeToFirstByteMs: 5000,
    maxLoadTimeMs: 10000,
    timeoutRetry: { maxNumRetry: 4, retryDelayMs: 500, maxRetryDelayMs: 2000 },
    errorRetry: { maxNumRetry: 10, retryDelayMs: 500, maxRetryDelayMs: 2000 },
  },
};

const HLS_CONFIG = {
  liveSyncDurationCount: 3,
  liveMaxLatencyDurationCount: 8,
  maxLiveSyncPlaybackRate: 1.5,
  backBufferLength: 30,
  lowLatencyMode: false, // nginx-rtmp makes plain HLS, not LL-HLS
  manifestLoadPolicy: RETRY_A_FEW_SECONDS,
  playlistLoadPolicy: RETRY_A_FEW_SECONDS,
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
  window.player.liveStarts++;
  window.player.vod = null;
  document.getElementById("vod-link").hidden = true;
  video.removeAttribute("poster");
  video.removeAttribute("src");
  if (window.Hls && Hls.isSupported()) {
    hls = new Hls(HLS_CONFIG);
    hls.on(Hls.Events.ERROR, (_, data) => {
      if (!data.fatal) return;
      window.player.fatalErrors.push(data.details);
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR) {
        hls.recoverMediaError();
      } else {
        // Start over; the poll puts the page offline instead if the stream has really ended.
        stop();
        setTimeout(() => { if (window.player.state === "live") play(stream); }, 1000);
      }
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

// nginx writes a stream's first playlist about a fragment after the publish: start the player once it is there.
async function playlistReady(stream) {
  const response = await fetch(stream.hlsUrl, { method: "HEAD", cache: "no-store" });
  return response.ok;
}

async function poll() {
  try {
    const stream = await currentStream();
    if (stream && (window.player.state !== "live" || stream.startedAt !== liveSince)) {
      if (await playlistReady(stream)) play(stream);
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
