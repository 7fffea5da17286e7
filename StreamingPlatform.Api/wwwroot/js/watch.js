// The live player. hls.js (bundled from npm) where MSE exists, native HLS (Safari) otherwise. Tuned with nginx's
// 1 s fragments: stay 2 s behind the playlist's last segment, catch up by playing up to 1.5x when further behind.
// It shows the true delay (live-delay.js): how long ago the frame on screen left the publisher.
import { LiveDelay } from "./live-delay.js";
import { EDGE_SECONDS, ServerClock, fragmentsOf, parsePlaylist, positionAt, wallTimeAt } from "./dvr.js";
import { reportPresence } from "./presence.js";
import { RealtimePlayer } from "./realtime.js";

const channel = decodeURIComponent(location.pathname.split("/").pop());
const video = document.getElementById("video");
const stateBadge = document.getElementById("state");
const latencyText = document.getElementById("latency");
const viewersText = document.getElementById("viewers");
const timeline = document.getElementById("timeline");
document.getElementById("title").textContent = channel;

// Read by the browser tests and handy in the console.
// latency: the delay shown (s); edgeLatency: hls.js's distance to the playlist's edge; targetLatency: the distance it
// steers to; stalls: the video waited for data after it had started playing; bufferStalls: hls.js's BUFFER_STALLED_ERROR.
window.player = {
  state: "connecting", latency: null, latencyMeasured: false, edgeLatency: null, targetLatency: null, stalls: 0, bufferStalls: 0,
  fatalErrors: [], lastError: null, frozen: 0, vod: null, liveStarts: 0, mode: "edge", viewers: null, url: null, levels: [],
  // transport: "webrtc" (real time, Janus) or "hls"; realtimeFailures: why real time gave way to HLS, newest last.
  transport: null, realtimeFailures: [], firstFrameMs: null,
};

// A stream can be live before nginx has written its first playlist (about a fragment later): keep asking.
const RETRY_A_FEW_SECONDS = {
  default: {
    maxTimeToFirstByteMs: 5000,
    maxLoadTimeMs: 10000,
    timeoutRetry: { maxNumRetry: 4, retryDelayMs: 500, maxRetryDelayMs: 2000 },
    errorRetry: { maxNumRetry: 10, retryDelayMs: 500, maxRetryDelayMs: 2000 },
  },
};

// Measured with bench/viewer-latency (true delay and stalls over 10 minutes on loopback, 1 s GOP).
const HLS_CONFIG = {
  liveSyncDuration: 2,
  liveMaxLatencyDuration: 6,
  maxLiveSyncPlaybackRate: 1.5,
  backBufferLength: 30,
  // nginx-rtmp makes plain HLS (no parts, no blocking reload), so this changes nothing about loading; but hls.js 1.6
  // adjusts the playback rate (maxLiveSyncPlaybackRate) only in low-latency mode: without it the player never catches
  // up after a slow start or a stall, and drifts seconds behind its target.
  lowLatencyMode: true,
  manifestLoadPolicy: RETRY_A_FEW_SECONDS,
  playlistLoadPolicy: RETRY_A_FEW_SECONDS,
};

let hls = null;
let realtime = null; // the RealtimePlayer while real time plays
let realtimeFailedAt = -Infinity; // performance.now() of the last time real time gave way to HLS
const REALTIME_RETRY_MS = 10_000;
const wantRealtime = () => realtimeChoice.querySelector("input").checked && RealtimePlayer.supported();
const realtimeChoice = document.getElementById("realtime");
realtimeChoice.hidden = !RealtimePlayer.supported();
realtimeChoice.querySelector("input").checked = RealtimePlayer.supported() && localStorage.getItem("realtime") !== "off";
realtimeChoice.addEventListener("change", () => {
  localStorage.setItem("realtime", realtimeChoice.querySelector("input").checked ? "on" : "off");
  if (lastStream && window.player.state === "live") play(lastStream);
});
let liveDelay = null;
let liveSince = null;
let broadcastId = null; // the live broadcast's id, which its VOD will have
let started = false;
let lastStream = null; // the Api's latest answer for the live stream
let dvrDetails = null; // hls.js's details of the DVR playlist while rewound
let lastStallAt = 0; // performance.now() of the edge player's last stall (hls.js's BUFFER_STALLED_ERROR)
const serverClock = new ServerClock();

// While rewound (DVR): a plain live player that stays where the viewer put it (no catch-up, no jump to the edge).
const DVR_CONFIG = {
  lowLatencyMode: false,
  maxLiveSyncPlaybackRate: 1,
  backBufferLength: 30,
  manifestLoadPolicy: RETRY_A_FEW_SECONDS,
  playlistLoadPolicy: RETRY_A_FEW_SECONDS,
};

const quality = document.getElementById("quality");

// A channel with a quality ladder plays its master playlist while the transcoder makes renditions (hls.js then
// switches by itself), and its source alone otherwise: a ladder that starts, restarts or dies never stops the picture.
function urlOf(stream) {
  return stream.ladder?.renditions.length ? stream.ladder.masterUrl : stream.hlsUrl;
}

// Auto, then each rendition, tallest first; hidden when there is only one.
function showQualityMenu() {
  const levels = hls.levels.map((level, index) => ({ index, height: level.height, name: level.name }));
  window.player.levels = levels.map(l => l.height);
  const options = [new Option("Auto", "-1"), ...levels.slice().reverse().map(l =>
    new Option(l.name === "source" ? `${l.height}p (source)` : `${l.height}p`, String(l.index)))];
  quality.replaceChildren(...options);
  quality.value = "-1";
  quality.hidden = levels.length < 2;
}

quality.addEventListener("change", () => {
  if (!hls) return;
  // currentLevel switches at once (the buffer ahead is dropped); -1 gives the choice back to hls.js.
  const player = hls;
  player.currentLevel = Number(quality.value);
  // The wait while the new quality loads is the viewer's choice, not the network's, yet hls.js counts it as a stall and
  // keeps one more second of delay for good (liveSyncOnStallIncrease). Once the new quality plays, the target is ours.
  player.once(Hls.Events.LEVEL_SWITCHED, () => { player.targetLatency = HLS_CONFIG.liveSyncDuration; });
});

// hls.js gives up (a fatal error) on media it cannot load or append, e.g. bufferAppendError: the page says so instead of
// leaving a frozen picture, and tries again; the message goes once the picture moves again.
const problem = document.getElementById("problem");
const RECOVERY_INTERVAL_MS = 10_000; // hls.js's own media recovery once; a second fatal error this soon: a fresh player
const RESTART_DELAY_MS = 2000;
let lastRecoveryAt = -Infinity;
let resumedAt = null; // the video's time when it played again after a problem

function showProblem(details) {
  problem.textContent = `This stream cannot be played right now (${details}). Trying again…`;
  problem.hidden = false;
  resumedAt = null;
}

video.addEventListener("playing", () => { if (!problem.hidden) resumedAt = video.currentTime; });
video.addEventListener("timeupdate", () => {
  if (!problem.hidden && resumedAt !== null && video.currentTime > resumedAt + 1) problem.hidden = true;
});

// Media hls.js takes without a fatal error yet never plays (segments no demuxer recognises) would leave a still picture
// and no word: after this long without the video's time moving, the page says so and starts a fresh player.
const FROZEN_AFTER_MS = 15_000;
let progress = { time: -1, at: performance.now() };
function checkFrozen() {
  const now = performance.now();
  if (window.player.state !== "live" || !hls || (started && video.paused) || video.currentTime !== progress.time) {
    progress = { time: video.currentTime, at: now };
    return;
  }
  if (now - progress.at < FROZEN_AFTER_MS) return;
  progress.at = now;
  window.player.frozen++;
  showProblem(window.player.lastError ?? `no picture for ${FROZEN_AFTER_MS / 1000} s`);
  play(lastStream);
}

function setState(state, text) {
  if (state !== "live") problem.hidden = true;
  window.player.state = state;
  stateBadge.textContent = text;
  document.getElementById("offline").hidden = state !== "offline";
}

async function currentStream() {
  const sentAt = Date.now();
  const response = await fetch(`/api/streams/${encodeURIComponent(channel)}`);
  if (!response.ok) return null;
  const stream = await response.json();
  stream.fetchedBetween = [sentAt, Date.now()]; // places the server's clock against ours
  liveDelay?.updateClock(stream.clock, ...stream.fetchedBetween);
  serverClock.sample(stream.clock?.serverTime, ...stream.fetchedBetween);
  lastStream = stream;
  showViewers(stream.viewers);
  return stream;
}

// Real time where it works (WebRTC through Janus, well under a second behind), HLS otherwise or when it fails.
async function play(stream) {
  stop();
  // The relay starts a few seconds after the publish (and again after a Janus restart): HLS until it runs.
  if (!wantRealtime() || !stream.realtime) {
    playHls(stream);
    return;
  }
  const attempt = realtime = new RealtimePlayer(video, channel, reason => {
    window.player.realtimeFailures.push(reason);
    realtimeFailedAt = performance.now();
    if (realtime === attempt && window.player.state === "live") playHls(stream);
  });
  const startedAt = performance.now();
  setMode("edge");
  liveSince = stream.startedAt;
  broadcastId = stream.broadcastId;
  window.player.transport = "webrtc";
  window.player.latency = null; // HLS's last delay is not real time's
  latencyText.textContent = "";
  video.removeAttribute("poster");
  video.removeAttribute("src");
  setState("live", "LIVE");
  try {
    await attempt.start();
    if (realtime !== attempt) return;
    window.player.liveStarts++;
    window.player.firstFrameMs = performance.now() - startedAt;
    window.player.url = "webrtc";
    quality.hidden = true;
    document.getElementById("vod-link").hidden = true;
  } catch (error) {
    if (realtime !== attempt) return;
    attempt.stop();
    window.player.realtimeFailures.push(error.message);
    realtimeFailedAt = performance.now();
    playHls(stream);
  }
}

function playHls(stream) {
  stop();
  window.player.transport = "hls";
  setMode("edge");
  liveSince = stream.startedAt;
  broadcastId = stream.broadcastId;
  window.player.liveStarts++;
  window.player.vod = null;
  window.player.url = urlOf(stream);
  window.player.levels = [];
  quality.hidden = true;
  document.getElementById("vod-link").hidden = true;
  video.removeAttribute("poster");
  video.removeAttribute("src");
  if (window.Hls && Hls.isSupported()) {
    hls = new Hls(HLS_CONFIG);
    liveDelay = new LiveDelay(video, hls);
    liveDelay.updateClock(stream.clock, ...stream.fetchedBetween);
    lastStallAt = performance.now();
    hls.on(Hls.Events.ERROR, (_, data) => {
      if (data.details === Hls.ErrorDetails.BUFFER_STALLED_ERROR) {
        window.player.bufferStalls++;
        lastStallAt = performance.now();
      } else {
        window.player.lastError = data.details;
      }
      if (!data.fatal) return;
      window.player.fatalErrors.push(data.details);
      showProblem(data.details);
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR && performance.now() - lastRecoveryAt > RECOVERY_INTERVAL_MS) {
        lastRecoveryAt = performance.now();
        hls.recoverMediaError();
      } else {
        // Start over with a fresh MediaSource; the poll puts the page offline instead if the stream has really ended.
        stop();
        setTimeout(() => { if (window.player.state === "live") play(lastStream ?? stream); }, RESTART_DELAY_MS);
      }
    });
    hls.on(Hls.Events.MANIFEST_PARSED, showQualityMenu);
    hls.loadSource(window.player.url);
    hls.attachMedia(video);
  } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
    video.src = window.player.url;
  }
  video.play().catch(() => { /* autoplay waits for the user where muted autoplay is blocked */ });
  setState("live", "LIVE");
}

// Rewinds to `secondsBehind` seconds behind live: the DVR playlist, from the moment that reached nginx then.
async function rewind(secondsBehind) {
  const stream = lastStream;
  if (!stream || window.player.state !== "live" || !(window.Hls && Hls.isSupported())) return;
  if (secondsBehind < EDGE_SECONDS) {
    if (window.player.mode === "dvr") play(stream);
    return;
  }
  const target = serverClock.now() - secondsBehind * 1000;
  if (window.player.mode === "dvr" && hls && dvrDetails) {
    const position = positionAt(fragmentsOf(dvrDetails), target);
    if (position !== null) video.currentTime = position;
    return;
  }
  const response = await fetch(stream.dvrUrl, { cache: "no-store" });
  const position = response.ok ? positionAt(parsePlaylist(await response.text()), target) : null;
  if (position === null || window.player.state !== "live") return;
  stop();
  setMode("dvr");
  hls = new Hls({ ...DVR_CONFIG, startPosition: position });
  hls.on(Hls.Events.LEVEL_LOADED, (_, data) => { dvrDetails = data.details; });
  hls.on(Hls.Events.LEVEL_UPDATED, (_, data) => { dvrDetails = data.details; });
  hls.on(Hls.Events.ERROR, (_, data) => {
    if (data.details === Hls.ErrorDetails.BUFFER_STALLED_ERROR) window.player.bufferStalls++;
    if (!data.fatal) return;
    window.player.fatalErrors.push(data.details);
    showProblem(data.details);
    play(stream); // the live edge, where the viewer can rewind again
  });
  hls.loadSource(stream.dvrUrl);
  hls.attachMedia(video);
  video.play().catch(() => {});
}

// hls.js adds a second to its target delay for every stall (liveSyncOnStallIncrease) and never gives it back, so a slow
// start or one bad moment would cost every minute after it. Half a minute without a stall, and the target is ours again.
const STALLS_FORGIVEN_AFTER_MS = 30_000;
function forgiveOldStalls() {
  if (hls && window.player.mode === "edge" && hls.targetLatency > HLS_CONFIG.liveSyncDuration
      && performance.now() - lastStallAt > STALLS_FORGIVEN_AFTER_MS) {
    hls.targetLatency = HLS_CONFIG.liveSyncDuration;
  }
}

function setMode(mode) {
  window.player.mode = mode;
  stateBadge.classList.toggle("behind", mode === "dvr");
  stateBadge.title = mode === "dvr" ? "Back to live" : "";
}

function showViewers(count) {
  if (!Number.isFinite(count)) return;
  window.player.viewers = count;
  viewersText.textContent = `${count} watching`;
}

function stop() {
  if (realtime) { realtime.stop(); realtime = null; }
  if (hls) { hls.destroy(); hls = null; }
  dvrDetails = null;
  liveDelay?.detach();
  liveDelay = null;
  started = false;
}

video.addEventListener("playing", () => { started = true; });
video.addEventListener("waiting", () => { if (started && window.player.state === "live") window.player.stalls++; });

async function showVod() {
  // The broadcast's VOD has the broadcast's id: no guessing by time.
  const response = await fetch(`/api/vods/${encodeURIComponent(broadcastId)}`);
  if (!response.ok) return false;
  const vod = await response.json();
  if (!vod.videoUrl || vod.status === "failed") return false;
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
    } else if (stream && window.player.state === "live" && window.player.transport === "hls" && urlOf(stream) !== window.player.url) {
      play(stream); // the ladder came, or went
    } else if (stream?.realtime && window.player.transport === "hls" && window.player.mode === "edge" && wantRealtime()
        && performance.now() - realtimeFailedAt > REALTIME_RETRY_MS) {
      play(stream); // real time is (back) up
    } else if (!stream && window.player.state === "live") {
      stop();
      setMode("edge");
      viewersText.textContent = "";
      timeline.hidden = true;
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

async function showRealtimeDelay() {
  const seconds = await realtime.delaySeconds(serverClock.now());
  if (seconds === null || !realtime) return;
  window.player.latency = seconds;
  window.player.latencyMeasured = true;
  latencyText.textContent = `${seconds.toFixed(2)} s behind live (real time)`;
}

function showDelay() {
  if (realtime && window.player.state === "live") {
    showTimeline();
    showRealtimeDelay();
    return;
  }
  if (!hls || window.player.state !== "live") return;
  showTimeline();
  if (window.player.mode === "dvr") {
    const at = wallTimeAt(fragmentsOf(dvrDetails), video.currentTime);
    if (at === null || video.readyState < 2) return;
    window.player.latency = (serverClock.now() - at) / 1000;
    latencyText.textContent = `${window.player.latency.toFixed(1)} s behind live`;
    return;
  }
  if (Number.isFinite(hls.latency)) window.player.edgeLatency = hls.latency;
  if (Number.isFinite(hls.targetLatency)) window.player.targetLatency = hls.targetLatency;
  const seconds = liveDelay?.seconds();
  if (seconds == null) return;
  window.player.latency = seconds;
  window.player.latencyMeasured = liveDelay.measured;
  latencyText.textContent = `${seconds.toFixed(1)} s behind live`;
}

// hls.js jumps to the live edge when it falls too far behind: show the new delay at once, not up to 250 ms later.
video.addEventListener("seeked", showDelay);

// The rewind bar: from the broadcast's start (the oldest moment nginx keeps, at most its DVR window) to live (0).
let dragging = false;
function showTimeline() {
  timeline.hidden = !(window.Hls && Hls.isSupported());
  if (!lastStream || dragging) return;
  timeline.min = String(-Math.max(EDGE_SECONDS, Math.floor((serverClock.now() - Date.parse(lastStream.startedAt)) / 1000)));
  timeline.value = String(window.player.mode === "dvr" && window.player.latency !== null ? -Math.round(window.player.latency) : 0);
}
timeline.addEventListener("input", () => { dragging = true; });
timeline.addEventListener("change", () => { dragging = false; rewind(-Number(timeline.value)); });
stateBadge.addEventListener("click", () => { if (window.player.mode === "dvr" && lastStream) play(lastStream); });
window.player.rewind = rewind;
reportPresence(channel, () => window.player.state === "live" && started && !video.paused, showViewers);
setInterval(showDelay, 250);
setInterval(poll, 2000);
setInterval(forgiveOldStalls, 5000);
setInterval(checkFrozen, 1000);
poll();
