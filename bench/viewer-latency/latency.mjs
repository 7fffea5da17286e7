// Opens the watch page in Debian's Chromium and samples hls.js's live latency (player.latency) once a second.
// Usage: node latency.mjs <watch url> <seconds>   Prints one JSON line.
import { chromium } from "playwright-core";

const [watchUrl, seconds = "60"] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required"],
});
try {
  const page = await browser.newPage();
  await page.goto(watchUrl);
  await page.waitForFunction("player.state === 'live' && player.latency !== null", null, { timeout: 90_000 });
  await page.waitForTimeout(10_000); // steady state: past start-up and catch-up
  const samples = [];
  for (let i = 0; i < Number(seconds); i++) {
    samples.push(await page.evaluate("player.latency"));
    await page.waitForTimeout(1000);
  }
  const fatalErrors = await page.evaluate("player.fatalErrors");
  samples.sort((a, b) => a - b);
  const at = q => samples[Math.min(samples.length - 1, Math.floor(samples.length * q))];
  console.log(JSON.stringify({ count: samples.length, median: at(0.5), p10: at(0.1), p90: at(0.9), min: samples[0], max: at(1), fatalErrors }));
} finally {
  await browser.close();
}
