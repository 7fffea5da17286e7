// Rewind while live (DVR). nginx's `dvr` application keeps each broadcast, up to its window (2 h by default), in a
// second playlist (stream.dvrUrl) with 4 s fragments named by nginx's clock in milliseconds (hls_fragment_naming
// system): a fragment's name is when its first frame reached nginx. So "s seconds behind live" is the fragment named
// at or before now - s, plus the rest. The live edge keeps its own short playlist: viewers there fetch a few hundred
// bytes per refresh, and only a viewer who rewinds loads the long one.

// A rewind closer to live than this goes back to the live edge's player instead.
export const EDGE_SECONDS = 8;

// [{ at (ms, nginx's clock), start (s, media time), duration (s) }] from a playlist's text.
export function parsePlaylist(text) {
  const fragments = [];
  let start = 0;
  let duration = null;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line.startsWith("#EXTINF:")) {
      duration = parseFloat(line.slice("#EXTINF:".length));
    } else if (line && !line.startsWith("#") && duration !== null) {
      fragments.push({ at: parseInt(line, 10), start, duration });
      start += duration;
      duration = null;
    }
  }
  return fragments;
}

// The same from hls.js's level details, whose start times follow the media once fragments are parsed.
export function fragmentsOf(details) {
  return (details?.fragments ?? []).map(f => ({ at: parseInt(f.relurl, 10), start: f.start, duration: f.duration }));
}

// The media time that shows what reached nginx at wallMs; the oldest kept moment when wallMs is older; null if none.
export function positionAt(fragments, wallMs) {
  if (fragments.length === 0) return null;
  let chosen = fragments[0];
  for (const fragment of fragments) {
    if (fragment.at > wallMs) break;
    chosen = fragment;
  }
  return chosen.start + Math.min(Math.max((wallMs - chosen.at) / 1000, 0), chosen.duration);
}

// When what plays at media time `position` reached nginx (ms), or null.
export function wallTimeAt(fragments, position) {
  const fragment = fragments.find(f => position >= f.start && position < f.start + f.duration + 0.05);
  return fragment ? fragment.at + (position - fragment.start) * 1000 : null;
}

// The server's clock, as NTP does: the answer with the shortest round trip of the last few gives the offset.
export class ServerClock {
  #samples = [];

  sample(serverTime, sentAt, receivedAt) {
    if (!serverTime) return;
    this.#samples.push({ roundTrip: receivedAt - sentAt, offset: Date.parse(serverTime) - (sentAt + receivedAt) / 2 });
    if (this.#samples.length > 30) this.#samples.shift();
  }

  now() {
    if (this.#samples.length === 0) return Date.now();
    return Date.now() + this.#samples.reduce((a, b) => (b.roundTrip < a.roundTrip ? b : a)).offset;
  }
}
