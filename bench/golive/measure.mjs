// Goes live on channel "browser" from the Go live page (its camera replaced by a canvas showing the burnt-in clock at
// capture time) while ffmpeg publishes channel "rtmp" over RTMP with the same clock, then watches both over HLS in
// Chromium and reads the clock of the frame on screen: the true publish-to-screen delay of each path, in the same run.
// Usage: GOLIVE_KEY=<browser channel's key> node measure.mjs <site> <seconds> <clock reader .js>
// Prints one JSON line.
import { readFileSync } from "node:fs";
import { execSync } from "node:child_process";
import { chromium } from "playwright-core";

const [site, seconds = "60", reader] = process.argv.slice(2);
const ticks = pid => { const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" "); return Number(f[11]) + Number(f[12]); };
const hz = Number(execSync("getconf CLK_TCK").toString());
// The Api's FFmpeg for the browser broadcast reads its stdin; the bracket keeps pgrep from matching its own shell.
const ffmpegPid = () => Number(execSync("pgrep -n -f '[p]ipe:0'").toString().trim());

// The browser's camera: a 1280x720 canvas with the clock in its top-left 704x32 pixels (the code burnt-in-clock.vf
// draws: a white and a black block, then 42 bits of Unix milliseconds, white = 1, the row below inverted), redrawn 30
// times a second on a changing background; and a tone as the microphone.
const fakeCamera = () => {
  navigator.mediaDevices.getUserMedia = async constraints => {
    const canvas = Object.assign(document.createElement("canvas"), { width: 1280, height: 720 });
    const g = canvas.getContext("2d");
    let frame = 0;
    const paint = () => {
      const now = Date.now();
      g.fillStyle = `hsl(${(frame++ * 3) % 360} 60% 40%)`;
      g.fillRect(0, 0, canvas.width, canvas.height);
      const blocks = [1, 0];
      for (let i = 41; i >= 0; i--) blocks.push(Math.floor(now / 2 ** i) % 2);
      blocks.forEach((bit, i) => {
        g.fillStyle = bit ? "#fff" : "#000";
        g.fillRect(i * 16, 0, 16, 16);
        g.fillStyle = bit ? "#000" : "#fff";
        g.fillRect(i * 16, 16, 16, 16);
      });
    };
    paint();
    setInterval(paint, 1000 / 30);
    const tracks = constraints.video ? canvas.captureStream(30).getVideoTracks() : [];
    if (constraints.audio) {
      const audio = new AudioContext();
      const tone = audio.createOscillator();
      const out = audio.createMediaStreamDestination();
      tone.connect(out);
      tone.start();
      tracks.push(...out.stream.getAudioTracks());
    }
    return new MediaStream(tracks);
  };
};

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium", headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required",
    "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"],
});
const watch = async channel => {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(`${site}/watch/${channel}`);
  await page.addScriptTag({ path: reader });
  await page.waitForFunction("player.state === 'live' && document.getElementById('video').readyState >= 2", null, { timeout: 90_000, polling: 100 });
  return page;
};
const sample = page => page.evaluate(`(() => {
  const captured = readBurntInClock(document.getElementById('video'));
  return captured === null ? null : (Date.now() - captured) / 1000;
})()`);
const stats = values => {
  const sorted = values.filter(v => Number.isFinite(v)).sort((a, b) => a - b);
  const at = q => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
  return sorted.length ? { median: at(0.5), p90: at(0.9), min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length } : null;
};
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(fakeCamera);
  const golive = await context.newPage();
  await golive.goto(`${site}/golive`);
  await golive.waitForFunction("document.getElementById('preview').videoWidth > 0", null, { timeout: 20_000 });
  await golive.fill("#channel", "browser");
  await golive.fill("#key", process.env.GOLIVE_KEY);
  const pressedAt = Date.now();
  await golive.click("#start");
  await golive.waitForFunction("goLive.live", null, { timeout: 60_000, polling: 50 });
  const liveAfterMs = Date.now() - pressedAt;

  const pages = { browser: await watch("browser"), rtmp: await watch("rtmp") };
  await golive.waitForTimeout(10_000); // past start-up
  const rows = { browser: [], rtmp: [] };
  const pid = ffmpegPid();
  const before = ticks(pid), start = Date.now();
  const end = start + Number(seconds) * 1000;
  while (Date.now() < end) {
    rows.browser.push(await sample(pages.browser));
    rows.rtmp.push(await sample(pages.rtmp));
    await golive.waitForTimeout(1000);
  }
  const ffmpegCores = (ticks(pid) - before) / hz / ((Date.now() - start) / 1000);
  const summary = kind => ({ samples: rows[kind].length, unreadable: rows[kind].filter(v => v === null).length, trueDelay: stats(rows[kind]) });
  const result = { browser: summary("browser"), rtmp: summary("rtmp") };
  console.log(JSON.stringify({
    ...result,
    addedByBrowserPathMedian: result.browser.trueDelay && result.rtmp.trueDelay ? result.browser.trueDelay.median - result.rtmp.trueDelay.median : null,
    ratioMedian: result.browser.trueDelay && result.rtmp.trueDelay ? result.browser.trueDelay.median / result.rtmp.trueDelay.median : null,
    liveAfterMs, mimeType: await golive.evaluate("goLive.mimeType"), sentBytes: await golive.evaluate("goLive.sent"),
    apiFfmpegCores: ffmpegCores,
  }));
} finally {
  await browser.close();
}
