// Real-time playback: WebRTC from Janus's streaming plugin, with the signalling brokered by the Api (the page never
// talks to Janus). `RealtimePlayer.start` resolves once the first frame is on screen and rejects when real time cannot
// play (off, relay not running, ICE failed, nothing decoded in time); `onFail` is called when a playing session dies
// (Janus stopped, the relay stalled). The caller then plays HLS.
const FIRST_FRAME_MS = 8000;
const FROZEN_MS = 3000; // no new frame for this long while the stream is live: the relay or Janus is gone
const KEEPALIVE_MS = 25_000; // Janus forgets a session after 60 s without a request
const GATHERING_MS = 2000;
const NTP_EPOCH_OFFSET_MS = 2208988800000; // 1900 to 1970

export class RealtimePlayer {
  #video; #channel; #pc; #session; #timers = []; #lastFrameAt = 0; #failed = false; #onFail;

  constructor(video, channel, onFail) {
    this.#video = video;
    this.#channel = channel;
    this.#onFail = onFail;
  }

  static supported() {
    return "RTCPeerConnection" in window;
  }

  async start() {
    const base = `/api/streams/${encodeURIComponent(this.#channel)}/realtime`;
    const offered = await fetch(base, { method: "POST" });
    if (!offered.ok) throw new Error(`no offer (${offered.status})`);
    const offer = await offered.json();
    this.#session = `${base}/${offer.session}`;
    // No ICE servers: Janus's offer carries its own candidates, the browser's answer carries the browser's.
    const pc = this.#pc = new RTCPeerConnection({ iceServers: [] });
    const stream = new MediaStream();
    pc.ontrack = event => { stream.addTrack(event.track); this.#video.srcObject = stream; };
    pc.onconnectionstatechange = () => { if (pc.connectionState === "failed") this.#fail("connection failed"); };
    await pc.setRemoteDescription({ type: "offer", sdp: offer.sdp });
    await pc.setLocalDescription(await pc.createAnswer());
    await new Promise(resolve => {
      if (pc.iceGatheringState === "complete") return resolve();
      pc.addEventListener("icegatheringstatechange", () => { if (pc.iceGatheringState === "complete") resolve(); });
      setTimeout(resolve, GATHERING_MS);
    });
    const answered = await fetch(`${this.#session}/${offer.handle}/answer`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ sdp: pc.localDescription.sdp }),
    });
    if (!answered.ok) throw new Error(`answer refused (${answered.status})`);
    this.#video.play().catch(() => {});
    await this.#firstFrame();
    this.#timers.push(setInterval(() => fetch(`${this.#session}/keepalive`, { method: "POST" })
      .then(r => { if (r.status === 404) this.#fail("session expired"); }).catch(() => {}), KEEPALIVE_MS));
    this.#timers.push(setInterval(() => { if (performance.now() - this.#lastFrameAt > FROZEN_MS) this.#fail("no frames"); }, 1000));
  }

  // How long ago the frame on screen left Janus, by the sender reports Janus sends (its clock: the server's); the
  // publisher-to-Janus leg (nginx, the relay's FFmpeg) is not in it. Seconds, or null before the first report.
  async delaySeconds(serverNow) {
    if (!this.#pc) return null;
    let playout = null;
    (await this.#pc.getStats()).forEach(report => {
      if (report.type === "inbound-rtp" && report.kind === "video" && report.estimatedPlayoutTimestamp) playout = report.estimatedPlayoutTimestamp;
    });
    return playout === null ? null : (serverNow - (playout - NTP_EPOCH_OFFSET_MS)) / 1000;
  }

  stop() {
    this.#failed = true;
    this.#timers.forEach(clearInterval);
    this.#pc?.close();
    this.#pc = null;
    if (this.#session) fetch(this.#session, { method: "DELETE" }).catch(() => {});
    this.#video.srcObject = null;
  }

  #firstFrame() {
    return new Promise((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error("no frame in time")), FIRST_FRAME_MS);
      const onFrame = () => {
        this.#lastFrameAt = performance.now();
        clearTimeout(timeout);
        resolve();
        if (this.#pc) this.#video.requestVideoFrameCallback(onFrame);
      };
      this.#video.requestVideoFrameCallback(onFrame);
    });
  }

  #fail(reason) {
    if (this.#failed) return;
    this.stop();
    this.#onFail(reason);
  }
}
