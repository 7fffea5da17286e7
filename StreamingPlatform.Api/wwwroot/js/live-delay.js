// How long ago the frame on screen left the publisher: the true delay, not hls.js's `latency` (which is only the
// distance to the playlist's last segment, and so misses the time a frame waits for its segment to close and be
// listed). nginx-rtmp writes no EXT-X-PROGRAM-DATE-TIME; it writes the publisher's RTMP timestamps into HLS as
// PTS = ms * 90 + 63000 (NGX_RTMP_HLS_DELAY in hls/ngx_rtmp_mpegts.c, a fixed 0.7 s), and the Api's media clock
// (GET /api/streams/{name} -> clock) says when timestamp 0 was sent.
// A reconnect restarts the timestamps (a new clock, and a discontinuity in the playlist): each discontinuity
// sequence (hls.js `cc`) keeps the clock of the connection that was newest when it started playing.
const PTS_WRAP_MS = 2 ** 33 / 90; // MPEG-TS PTS are 33 bits at 90 kHz: they wrap every 26.5 hours
const NGINX_PTS_OFFSET_MS = 700;
const FRAME_CALLBACK_STALE_MS = 1000;
const CLOCK_SAMPLES = 30; // a minute of the page's polls

export class LiveDelay {
  #video;
  #timelineStart = new Map(); // cc -> PTS (s) at media time 0 (hls.js initPTS)
  #connectionOfCc = new Map(); // cc -> clock.connectedAt
  #clocks = new Map(); // clock.connectedAt -> { zeroAt, measured } (ms)
  #newestConnection = null;
  #playingCc = null;
  #clockSamples = []; // { roundTrip, serverMinusLocal } (ms) of the latest answers
  #presented = null; // { mediaTime, at }: the frame the compositor last put on screen

  constructor(video, hls) {
    this.#video = video;
    // currentTime can run ahead of the picture when frames are late or dropped (a busy machine, catching up at 1.5x).
    if ("requestVideoFrameCallback" in video) {
      const onFrame = (now, frame) => {
        this.#presented = { mediaTime: frame.mediaTime, at: performance.now() };
        if (this.#video === video) video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
      video.addEventListener("seeking", () => { if (this.#video === video) this.#presented = null; });
    }
    hls.on(Hls.Events.INIT_PTS_FOUND, (_, data) => {
      if (data.id === "main") this.#timelineStart.set(data.frag.cc, data.initPTS / data.timescale);
    });
    hls.on(Hls.Events.FRAG_CHANGED, (_, data) => {
      this.#playingCc = data.frag.cc;
      if (!this.#connectionOfCc.has(data.frag.cc) && this.#newestConnection !== null) {
        this.#connectionOfCc.set(data.frag.cc, this.#newestConnection);
      }
    });
  }

  // A stream answer of the Api, fetched between the local times sentAt and receivedAt (Date.now()).
  updateClock(clock, sentAt, receivedAt) {
    if (!clock) return;
    // As NTP does: the server's time is placed in the middle of the round trip, and the shortest of the recent round
    // trips is the one a slow or one-sided delay (a busy browser or network) distorted least.
    this.#clockSamples.push({ roundTrip: receivedAt - sentAt, serverMinusLocal: Date.parse(clock.serverTime) - (sentAt + receivedAt) / 2 });
    if (this.#clockSamples.length > CLOCK_SAMPLES) this.#clockSamples.shift();
    this.#newestConnection = clock.connectedAt;
    this.#clocks.set(clock.connectedAt, { zeroAt: Date.parse(clock.timestampZeroAt), measured: clock.measured });
  }

  get measured() {
    return this.#clockOfPlayingFrame()?.measured === true;
  }

  // Seconds, or null while unknown.
  seconds() {
    const clock = this.#clockOfPlayingFrame();
    const start = this.#timelineStart.get(this.#playingCc);
    if (!clock || start === undefined || !this.#video || this.#video.readyState < 2) return null;
    const best = this.#clockSamples.reduce((a, b) => (b.roundTrip < a.roundTrip ? b : a));
    const sinceZero = Date.now() + best.serverMinusLocal - clock.zeroAt; // the timestamp being sent now
    let timestamp = (this.#mediaTimeOnScreen() + start) * 1000 - NGINX_PTS_OFFSET_MS; // the frame on screen
    timestamp += Math.round((sinceZero - timestamp) / PTS_WRAP_MS) * PTS_WRAP_MS;
    return (sinceZero - timestamp) / 1000;
  }

  detach() {
    this.#video = null;
  }

  #mediaTimeOnScreen() {
    const presented = this.#presented;
    return presented && performance.now() - presented.at < FRAME_CALLBACK_STALE_MS ? presented.mediaTime : this.#video.currentTime;
  }

  #clockOfPlayingFrame() {
    if (this.#playingCc === null) return null;
    if (!this.#connectionOfCc.has(this.#playingCc) && this.#newestConnection !== null) {
      this.#connectionOfCc.set(this.#playingCc, this.#newestConnection);
    }
    return this.#clocks.get(this.#connectionOfCc.get(this.#playingCc)) ?? null;
  }
}
