// Real time (WebRTC through Janus) and HLS side by side, in one Chromium (inside the bench's network namespace), on
// one channel: the true delay of the frame on screen (the publisher's burnt-in clock against this machine's clock),
// the delay each page shows, the time from opening the page to its first frame, and the CPU the relay's FFmpeg and Janus
// use with 1 and then 1 + extra real-time viewers.
// Usage: node measure.mjs <watch url> <seconds> <clock reader .js> <chromium launcher> <janus pid> <extra viewers>
// Prints one JSON line.
import { readFileSync } from "node:fs";
import { execSync } from "node:child_process";
import { chromium } from "playwright-core";

const [watchUrl, seconds = "60", reader, launcher, janusPid, extra = "4"] = process.argv.slice(2);
const ticks = pid => { const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" "); return Number(f[11]) + Number(f[12]); };
// The bracket keeps the pattern from matching the shell that runs pgrep.
const relayPid = () => Number(execSync("pgrep -n -f '[r]tp://.*pkt_size'").toString().trim());
const hz = Number(execSync("getconf CLK_TCK").toString());
const cpu = async (pids, ms) => {
  const before = pids.map(ticks), start = Date.now();
  await new Promise(r => setTimeout(r, ms));
  const wall = (Date.now() - start) / 1000;
  return pids.map((pid, i) => (ticks(pid) - before[i]) / hz / wall); // cores
};

const browser = await chromium.launch({
  executablePath: launcher, headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required", "--disable-features=WebRtcHideLocalIpsWithMdns"],
});
const open = async transport => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  if (transport === "hls") await context.addInitScript(() => localStorage.setItem("realtime", "off"));
  const page = await context.newPage();
  const openedAt = Date.now();
  await page.goto(watchUrl);
  await page.addScriptTag({ path: reader });
  await page.waitForFunction(`player.transport === '${transport === "hls" ? "hls" : "webrtc"}' && document.getElementById('video').readyState >= 2 && player.latency !== null`, null, { timeout: 90_000, polling: 50 });
  return { page, firstFrameMs: Date.now() - openedAt, pageFirstFrameMs: await page.evaluate("player.firstFrameMs") };
};
const sample = page => page.evaluate(`(() => {
  const captured = readBurntInClock(document.getElementById('video'));
  return { true: captured === null ? null : (Date.now() - captured) / 1000, shown: player.latency, transport: player.transport };
})()`);
const stats = values => {
  const sorted = values.filter(v => Number.isFinite(v)).sort((a, b) => a - b);
  const at = q => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
  return sorted.length ? { median: at(0.5), p90: at(0.9), max: sorted[sorted.length - 1], n: sorted.length } : null;
};
try {
  // The relay starts a few seconds after the publish: the real-time page needs it, the HLS page needs its playlist.
  const realtime = await open("webrtc");
  const hls = await open("hls");
  await realtime.page.waitForTimeout(10_000); // past start-up
  const rows = { webrtc: [], hls: [] };
  const pids = [relayPid(), Number(janusPid)];
  const sampling = (async () => {
    const end = Date.now() + Number(seconds) * 1000;
    while (Date.now() < end) {
      rows.webrtc.push(await sample(realtime.page));
      rows.hls.push(await sample(hls.page));
      await realtime.page.waitForTimeout(1000);
    }
  })();
  const [relayCores, janusCores] = await cpu(pids, Number(seconds) * 1000);
  await sampling;
  const extras = [];
  for (let i = 0; i < Number(extra); i++) extras.push(await open("webrtc"));
  const [, janusCoresMore] = await cpu(pids, 20_000);
  const summary = kind => {
    const read = rows[kind].filter(r => r.true !== null);
    return {
      samples: rows[kind].length, unreadable: rows[kind].length - read.length, fellBackToHls: rows[kind].filter(r => r.transport !== kind).length,
      trueDelay: stats(read.map(r => r.true)), shownMinusTrue: stats(read.filter(r => r.shown !== null).map(r => r.shown - r.true)),
    };
  };
  console.log(JSON.stringify({
    webrtc: { ...summary("webrtc"), firstFrameMs: realtime.firstFrameMs, offerToFirstFrameMs: realtime.pageFirstFrameMs },
    hls: { ...summary("hls"), firstFrameMs: hls.firstFrameMs },
    cpu: { relayCores, janusCoresOneViewer: janusCores, janusCoresWithExtraViewers: janusCoresMore, extraViewers: Number(extra),
      janusCoresPerExtraViewer: (janusCoresMore - janusCores) / Number(extra) },
  }));
} finally {
  await browser.close();
}
