"""Drives the pipeline part of bench/vod-remux/run.sh (see there). Prints the results as a small table."""
import http.client, os, shutil, statistics, subprocess, sys, threading, time, urllib.parse

work, media, api_port, redis_port, secret, big_bytes, worker_pid = sys.argv[1:8]
api_port = int(api_port)
recordings = os.path.join(media, "recordings")

import json

class Vods:
    """Asks the Api's VOD API for a channel's VOD over one kept-alive connection, so polling costs no new connections."""
    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port)

    def of(self, channel):
        self.conn.request("GET", f"/api/vods?channel={channel}&pageSize=1")
        response = self.conn.getresponse()
        items = json.loads(response.read())["items"] if response.status == 200 else []
        return items[0] if items else None

vods = Vods(api_port)

def record_done(conn, channel, path, client_id="1"):
    body = urllib.parse.urlencode({"app": "live", "addr": "127.0.0.1", "clientid": client_id, "call": "record_done",
                                   "recorder": "", "name": channel, "path": path})
    conn.request("POST", f"/hooks/record-done?secret={secret}&node=bench", body,
                 {"Content-Type": "application/x-www-form-urlencoded"})
    response = conn.getresponse()
    response.read()
    if response.status != 204:
        raise SystemExit(f"record-done answered {response.status}")

def place(channel, unix_time):
    name = f"{channel}-{unix_time}.flv"
    path = os.path.join(recordings, name)
    os.link(os.path.join(work, "big.flv"), path)  # same bytes, no copy: the page cache stays warm
    return name, path

def run_pipeline(channel, unix_time):
    name, path = place(channel, unix_time)
    conn = http.client.HTTPConnection("127.0.0.1", api_port)
    start = time.monotonic()
    record_done(conn, channel, path)
    hook_done = time.monotonic()
    # The MP4 lands in the channel's VOD folder just before the catalogue says ready: wait for it with the file system,
    # which costs nothing, and only then ask the Api. Polling the Api all along took CPU from the remux it measures.
    # A failed build leaves no MP4, so the Api is still asked every 100 ms.
    folder = os.path.join(media, "vod", channel)
    polls = 0
    while True:
        landed = os.path.isdir(folder) and any(name.endswith(".mp4") for name in os.listdir(folder))
        if (landed or polls % 50 == 0) and (vod := vods.of(channel)) is not None and vod["status"] in ("ready", "salvaged", "failed"):
            break
        polls += 1
        time.sleep(0.002)
    return time.monotonic() - start, hook_done - start, vod["status"] + ("" if vod.get("posterUrl") else " WITHOUT POSTER")

def settle():
    subprocess.run(["sync"], check=True)
    time.sleep(1)

def run_baseline(i):
    out = os.path.join(work, f"bare{i}.mp4")
    settle()
    start = time.monotonic()
    subprocess.run(["ffmpeg", "-hide_banner", "-nostdin", "-y", "-v", "error", "-i", os.path.join(work, "big.flv"),
                    "-c", "copy", "-movflags", "+faststart", "-f", "mp4", out], check=True)
    elapsed = time.monotonic() - start
    os.remove(out)
    return elapsed

def run_timed_pipeline(i):
    settle()
    result = run_pipeline(f"bench{i}", 1700000100 + i)
    shutil.rmtree(os.path.join(media, "vod", f"bench{i}"))
    return result

subprocess.run(["cat", os.path.join(work, "big.flv")], stdout=subprocess.DEVNULL, check=True)  # into the page cache
run_pipeline("warmup", 1700000000)  # the first job JIT-compiles the worker's path
shutil.rmtree(os.path.join(media, "vod", "warmup"))
baselines, times = [], []
for i in range(3):
    baselines.append(run_baseline(i))
    times.append(run_timed_pipeline(i))
baseline = statistics.median(baselines)
pipeline = statistics.median(t for t, _, _ in times)
status = {s for _, _, s in times}

# Hook latency: record-done for one recording of a live channel, sent again and again. The hook does its full work
# each time (path checks, the Redis script, the outbox); the worker finds the VOD unchanged, so the probe adds no
# FFmpeg work of its own. Measured idle, then while a second big recording remuxes.
def api_call(method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", api_port)
    conn.request(method, path, body, headers or {})
    response = conn.getresponse()
    data = response.read()
    return response.status, data

status_code, data = api_call("POST", "/api/admin/channels", json.dumps({"name": "probe"}),
                             {"Content-Type": "application/json", "X-Api-Key": "bench-admin-key-0123456789"})
key = json.loads(data)["streamKey"]
api_call("POST", f"/hooks/publish?secret={secret}&node=bench", urllib.parse.urlencode(
    {"name": "probe", "key": key, "clientid": "42", "call": "publish"}), {"Content-Type": "application/x-www-form-urlencoded"})
tiny = os.path.join(recordings, "probe-1700000300.flv")
subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=10:duration=1",
                "-c:v", "libx264", "-preset", "ultrafast", "-flvflags", "no_duration_filesize", "-f", "flv", tiny], check=True)
conn = http.client.HTTPConnection("127.0.0.1", api_port)
record_done(conn, "probe", tiny, client_id="42")  # the live connection's recording: the broadcast is not over
time.sleep(2)  # its one real VOD build

PROBES, INTERVAL = 200, 0.05  # 20 record-done per second: far more broadcasts ending than a real deployment sees

def probe(count=PROBES):
    latencies = []
    for _ in range(count):
        start = time.monotonic()
        record_done(conn, "probe", tiny, client_id="42")
        latencies.append((time.monotonic() - start) * 1000)
        time.sleep(INTERVAL)
    latencies.sort()
    return latencies[len(latencies) // 2], latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))], len(latencies)

probe(count=300)  # warm-up: .NET recompiles hot paths (tier 1) after ~30 calls; keep that out of the numbers
idle = probe()
remuxing = threading.Event()
remuxing.set()
remuxes = []
def remux_loop():
    i = 0
    while remuxing.is_set():
        remuxes.append(run_pipeline(f"busy{i}", 1700000200 + i)[0])
        shutil.rmtree(os.path.join(media, "vod", f"busy{i}"))
        i += 1
remuxer = threading.Thread(target=remux_loop, daemon=True)
remuxer.start()
time.sleep(0.3)
busy = probe()
remuxing.clear()
remuxer.join()

peak_kb = next(int(l.split()[1]) for l in open(f"/proc/{worker_pid}/status") if l.startswith("VmHWM:"))

print(f"recording:                {int(big_bytes) / 1e9:.2f} GB")
print(f"bare ffmpeg remux:        {baseline:.2f} s (median of 3: {', '.join(f'{t:.2f}' for t in baselines)})")
print(f"record-done -> VOD ready: {pipeline:.2f} s (median of 3: {', '.join(f'{t:.2f}' for t, _, _ in times)}), status {', '.join(status)}")
print(f"ratio:                    {pipeline / baseline:.3f}x  (overhead {pipeline - baseline:+.2f} s)")
print(f"record-done hook, idle:   p50 {idle[0]:.2f} ms, p99 {idle[1]:.2f} ms ({idle[2]} requests, 20/s)")
print(f"record-done hook, remux:  p50 {busy[0]:.2f} ms, p99 {busy[1]:.2f} ms ({busy[2]} requests, 20/s, during {len(remuxes)} back-to-back {int(big_bytes) / 1e9:.2f} GB pipeline remuxes)")
print(f"hook p99 remux/idle:      {busy[1] / idle[1]:.2f}x")
print(f"worker peak memory:       {peak_kb / 1024:.0f} MiB (VmHWM)")
