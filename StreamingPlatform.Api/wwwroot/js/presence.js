// Presence: HLS requests never reach the Api, so while this page plays a live stream it says so every few seconds
// (the Api's answer says how often) and the Api counts it as a viewer until a few seconds after the reports stop.
// The id is 128 random bits made when the page loads: anonymous, one per tab, no cookie, nothing stored.
// crypto.getRandomValues works on plain http (LAN addresses); crypto.randomUUID needs a secure context.
const viewerId = Array.from(crypto.getRandomValues(new Uint8Array(16)), b => b.toString(16).padStart(2, "0")).join("");
const NOT_WATCHING_RECHECK_MS = 1000;

// isWatching() says whether the page plays the channel now; onViewers(count) gets the channel's count with each answer.
export function reportPresence(channel, isWatching, onViewers) {
  const report = async () => {
    let nextMs = NOT_WATCHING_RECHECK_MS;
    if (isWatching()) {
      nextMs = 5000;
      try {
        const response = await fetch(`/api/streams/${encodeURIComponent(channel)}/viewers/${viewerId}`, { method: "POST" });
        if (response.ok) {
          const answer = await response.json();
          nextMs = answer.reportEverySeconds * 1000;
          onViewers(answer.viewers);
        }
      } catch (error) {
        console.warn("presence report failed", error);
      }
    }
    setTimeout(report, nextMs);
  };
  report();
}
