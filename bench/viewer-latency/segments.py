"""Segment-availability delay: how long after its first frame was sent a segment appears in the playlist; and the
segments' durations (EXTINF).

Polls the playlist every 50 ms from before the publisher starts. The earliest segment's first PTS is the stream's
first frame, sent at publish_start (when ffmpeg was started: a little before its first frame left, so the delays
are slightly overstated, never understated); with ffmpeg's -re, a frame of PTS p was sent at
publish_start + (p - first PTS). Usage: segments.py <playlist url> <publish start (unix seconds)> <seconds>"""
import json, statistics, subprocess, sys, time, urllib.request

playlist_url, publish_start, seconds = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
base = playlist_url.rsplit("/", 1)[0]
appeared = {}
durations = {}
deadline = time.time() + seconds
while time.time() < deadline:
    try:
        text = urllib.request.urlopen(playlist_url, timeout=2).read().decode()
    except Exception:
        time.sleep(0.05)
        continue
    now = time.time()
    lines = text.splitlines()
    for i, line in enumerate(lines[1:], 1):
        if line and not line.startswith("#") and lines[i - 1].startswith("#EXTINF:"):
            durations[line] = float(lines[i - 1][8:].split(",")[0])
    for name in [l for l in lines if l and not l.startswith("#")]:
        if name not in appeared:
            try:
                data = urllib.request.urlopen(f"{base}/{name}", timeout=5).read()
            except urllib.error.HTTPError:
                continue  # listed, but gone by now (a loaded machine read the playlist late): not measurable
            probe = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time",
                                    "-read_intervals", "%+#1", "-of", "csv=p=0", "-"], input=data, capture_output=True)
            appeared[name] = (now, float(probe.stdout.decode().split()[0].strip(",")))
    time.sleep(0.05)

first_pts = min(pts for _, pts in appeared.values())
delays = sorted(seen - (publish_start + pts - first_pts) for seen, pts in appeared.values())
lengths = sorted(durations.values())
print(json.dumps({"segments": len(delays), "median": statistics.median(delays), "max": delays[-1],
                  "duration": {"median": statistics.median(lengths), "max": lengths[-1]}}))
