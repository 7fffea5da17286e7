// Opens the watch page in Debian's Chromium and, once a second, reads the true delay of the frame on screen (the
// capture time ffmpeg burnt into it, StreamingPlatform.Tests/Infrastructure/BurntInClock, against the clock now: the
// publisher, nginx and the browser share this machine's clock), the delay the page shows, and hls.js's `latency`
// (distance to the playlist's edge). Counts stalls: the video's `waiting` events after it started playing, and
// hls.js's BUFFER_STALLED_ERROR, over the measured window.
// Usage: node latency.mjs <watch url> <seconds> <clock reader .js> [rendition height]   Prints one JSON line.
// With a rendition height (a channel with the quality ladder), that rendition is chosen in the page's quality menu first
// and the clock is read from it (the publisher sends 1280 wide).
import { chromium } from "playwright-core";

const [watchUrl, seconds = "60", reader, rendition] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(watchUrl);
  await page.addScriptTag({ path: reader });
  await page.waitForFunction("player.state === 'live' && player.latency !== null", null, { timeout: 90_000 });
  if (rendition) {
    await page.waitForFunction("player.levels.length > 1", null, { timeout: 90_000 });
    await page.selectOption("#quality", { label: `${rendition}p` });
    await page.waitForFunction(`document.getElementById('video').videoHeight === ${Number(rendition)}`, null, { timeout: 30_000 });
  }
  await page.waitForTimeout(10_000); // steady state: past start-up and the first catch-up
  const counters = () => page.evaluate("({ stalls: player.stalls, bufferStalls: player.bufferStalls })");
  const before = await counters();
  const rows = [];
  const end = Date.now() + Number(seconds) * 1000;
  while (Date.now() < end) {
    rows.push(await page.evaluate(`(() => {
      const captured = readBurntInClock(document.getElementById('video'), 1280);
      return { true: captured === null ? null : (Date.now() - captured) / 1000, shown: player.latency, edge: player.edgeLatency };
    })()`));
    await page.waitForTimeout(1000);
  }
  const after = await counters();
  const fatalErrors = await page.evaluate("player.fatalErrors");
  const stats = values => {
    const sorted = values.filter(v => Number.isFinite(v)).sort((a, b) => a - b);
    const at = q => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
    return sorted.length ? { median: at(0.5), p90: at(0.9), max: sorted[sorted.length - 1] } : null;
  };
  const read = rows.filter(r => r.true !== null);
  console.log(JSON.stringify({
    samples: rows.length,
    unreadable: rows.length - read.length,
    trueDelay: stats(read.map(r => r.true)),
    shownMinusTrue: stats(read.filter(r => r.shown !== null).map(r => Math.abs(r.shown - r.true))),
    shownOffByMoreThanHalfASecond: read.filter(r => r.shown === null || Math.abs(r.shown - r.true) > 0.5).length,
    worst: read.filter(r => r.shown === null || Math.abs(r.shown - r.true) > 0.5).slice(0, 5),
    hlsLatency: stats(rows.map(r => r.edge)),
    stalls: after.stalls - before.stalls,
    bufferStalls: after.bufferStalls - before.bufferStalls,
    stallsIncludingStartUp: after.stalls,
    fatalErrors,
  }));
} finally {
  await browser.close();
}
