"""Drives bench/many-publishers: N publishers (N ffmpeg processes, or one LightPublisher process), /proc sampling, and the
report. Started by run.sh."""
import argparse, json, os, re, subprocess, sys, threading, time, urllib.request
from collections import Counter

p = argparse.ArgumentParser()
for name in ("work", "api", "admin-key"):
    p.add_argument(f"--{name}", required=True)
for name in ("publishers", "seconds", "rtmp-port", "nginx-pid", "api-pid", "worker-pid", "redis-pid", "rabbit-pid"):
    p.add_argument(f"--{name}", type=int, required=True)
p.add_argument("--hls", help="nginx's HLS folder: its size at the peak is reported when it is a RAM disk's")
p.add_argument("--light-publisher", help="LightPublisher.dll: every stream from one process instead of an ffmpeg each")
a = p.parse_args()
TICK = os.sysconf("SC_CLK_TCK")
START_RATE = 10  # publishers started per second: a crowd arriving, not one instant


def http(method, url, body=None):
    request = urllib.request.Request(url, method=method, data=None if body is None else json.dumps(body).encode(),
                                     headers={"X-Api-Key": a.admin_key, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(c) for c in f.read().split()]
    except OSError:
        return []


def tree(pid):
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children(current))
    return found


def ticks(pid, reaped_children=False):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        if reaped_children:
            return int(fields[13]) + int(fields[14])  # cutime + cstime: children that ended and were waited for
        return int(fields[11]) + int(fields[12])  # utime + stime
    except OSError:
        return None


def machine_busy():
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    return sum(values) - values[3] - values[4]  # everything but idle and iowait


def fds(pid):
    kinds = Counter()
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            kinds["socket" if target.startswith("socket:") else "file" if target.startswith("/") else "other"] += 1
    except OSError:
        pass
    return kinds


def connections(port):
    out = subprocess.run(["ss", "-Htn", "state", "established", f"( sport = :{port} )"], capture_output=True, text=True).stdout
    return len(out.splitlines())


def is_nginx_worker(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return b"worker process" in f.read()
    except OSError:
        return False


nginx_workers = [pid for pid in children(a.nginx_pid) if is_nginx_worker(pid)]  # not the cache manager


def hook_proxy():
    """The hook proxy's nginx (entrypoint.sh runs it beside nginx-rtmp, below its master): its master and worker."""
    try:
        with open(os.path.join(a.work, "run", "hook-proxy.pid")) as f:
            return tree(int(f.read()))
    except (OSError, ValueError):
        return []


worker_ffmpeg_seen = set()
groups = {
    "nginx": lambda: list(set(tree(a.nginx_pid)) - set(hook_proxy())),
    "hook proxy": hook_proxy,
    "api": lambda: [a.api_pid],
    "vod-worker": lambda: [a.worker_pid],
    "vod-worker ffmpeg": None,  # its children's CPU once they end (live thumbnails last well under a sample)
    "redis": lambda: [a.redis_pid],
    "rabbitmq": lambda: tree(a.rabbit_pid),
}
publishers = []  # (ffmpeg process, stream name, started): one per stream
processes = []  # the publishers' processes: those ffmpeg, or the one light publisher
groups["publishers"] = lambda: [pr.pid for pr in processes if pr.poll() is None]

# Ticks are summed per process and kept per pid, so processes that end between samples (thumbnail grabs) still count.
seen_ticks = {}
def cpu_snapshot():
    total = Counter()
    for group, pids in groups.items():
        if pids is None:
            seen_ticks[(group, a.worker_pid)] = ticks(a.worker_pid, reaped_children=True) or 0
            continue
        for pid in pids():
            t = ticks(pid)
            if t is not None:
                seen_ticks[(group, pid)] = t
    for (group, _), t in seen_ticks.items():
        total[group] += t
    total["machine"] = machine_busy()
    return total

print(f"== creating {a.publishers} channels through the admin API")
keys = {}
for i in range(a.publishers):
    name = f"bench-{i:04d}"
    keys[name] = http("POST", f"{a.api}/api/admin/channels", {"name": name})["streamKey"]

# PUBLISHERS_SHARE=<cpu.shares> runs the publishers in a CPU cgroup of their own (root, cgroup v1's cpu controller): all
# of them together weigh as one process of that share against each process of the node, as if the phones were elsewhere
# and the node had the machine first. Without it, CFS shares the cores per process and N publishers starve the node.
publishers_cgroup = None
if os.environ.get("PUBLISHERS_SHARE"):
    publishers_cgroup = "/sys/fs/cgroup/cpu/bench-publishers"
    os.makedirs(publishers_cgroup, exist_ok=True)
    with open(os.path.join(publishers_cgroup, "cpu.shares"), "w") as f:
        f.write(os.environ["PUBLISHERS_SHARE"])
    print(f"== publishers in the CPU cgroup {publishers_cgroup}, cpu.shares {os.environ['PUBLISHERS_SHARE']} (a node process: 1024)")


def join_publishers_cgroup():
    with open(os.path.join(publishers_cgroup, "cgroup.procs"), "w") as f:
        f.write(str(os.getpid()))


def publish(name, key, log):
    return subprocess.Popen(["ffmpeg", "-nostdin", "-v", "warning", "-re", "-i", os.path.join(a.work, "clip.flv"), "-c", "copy", "-t", str(a.seconds),
                             "-f", "flv", f"rtmp://127.0.0.1:{a.rtmp_port}/live/{name}?key={key}"], stdout=log, stderr=subprocess.STDOUT,
                            preexec_fn=join_publishers_cgroup if publishers_cgroup else None)

started = {}  # the light publisher's streams: name -> when its connection began


def start_light_publisher(logs):
    """Every stream from one process: names and keys on its stdin, one line per stream start and end on its stdout."""
    light = subprocess.Popen(["dotnet", a.light_publisher, "127.0.0.1", str(a.rtmp_port), os.path.join(a.work, "clip.flv"), str(a.seconds),
                              str(START_RATE), os.environ.get("LIGHT_TICK_MS", "5")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                             stderr=open(os.path.join(logs, "light-publisher.log"), "w"),
                             preexec_fn=join_publishers_cgroup if publishers_cgroup else None)
    processes.append(light)
    light.stdin.write("".join(f"{name} {key}\n" for name, key in keys.items()))
    light.stdin.close()
    threading.Thread(target=follow_light_publisher, args=(light, logs), daemon=True).start()
    return light


def follow_light_publisher(light, logs):
    for line in light.stdout:
        event, name, *rest = line.rstrip("\n").split(" ", 4)
        if event == "started":
            started[name] = time.monotonic()
        elif event == "ended":
            code, lasted, reason = rest
            with open(os.path.join(logs, f"{name}.log"), "w") as log:  # what an ffmpeg publisher's log would say
                log.write(reason + "\n")
            ended[name] = (int(code), float(lasted))


print("== warm-up: one 5 s broadcast (the Api's and the worker's first requests, JIT)")
warmup = http("POST", f"{a.api}/api/admin/channels", {"name": "warmup"})["streamKey"]
subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-re", "-i", os.path.join(a.work, "clip.flv"), "-c", "copy", "-t", "5", "-f", "flv",
                f"rtmp://127.0.0.1:{a.rtmp_port}/live/warmup?key={warmup}"], check=True)
time.sleep(3)

def live_count():
    return len(http("GET", f"{a.api}/api/streams"))

def worker_fds():
    total = Counter()
    for pid in nginx_workers:
        total.update(fds(pid))
    return total

before_fds = worker_fds()
samples, peak, ended = [], {"fds": Counter(), "rtmp": 0, "live": 0, "hls_bytes": 0, "hls_live": 0}, {}

def folder_bytes(folder):
    total = 0
    for root, _, files in os.walk(folder):
        for name in files:
            try:
                total += os.stat(os.path.join(root, name)).st_size
            except OSError:
                pass  # deleted by nginx's clean-up meanwhile
    return total

hls_in_memory = bool(a.hls) and a.hls.startswith("/dev/shm/")
stop = threading.Event()

# Each nginx worker apart too: a stream costs the worker that accepted its publisher, and one busy core is the limit.
worker_samples = []
worker_states = Counter()  # (sample time, R running / S sleeping / D waiting on the disk)
def sample():
    last, last_t = cpu_snapshot(), time.monotonic()
    last_workers = {pid: ticks(pid) or 0 for pid in nginx_workers}
    while not stop.wait(2):
        now, now_t = cpu_snapshot(), time.monotonic()
        samples.append((now_t, {g: (now[g] - last[g]) / TICK / (now_t - last_t) * 100 for g in [*groups, "machine"]}))
        now_workers = {pid: ticks(pid) or 0 for pid in nginx_workers}
        for pid in nginx_workers:
            try:
                with open(f"/proc/{pid}/stat") as f:
                    worker_states[(now_t, f.read().rsplit(")", 1)[1].split()[0])] += 1
            except OSError:
                pass
        worker_samples.append((now_t, [(now_workers[p] - last_workers[p]) / TICK / (now_t - last_t) * 100 for p in nginx_workers]))
        last, last_t, last_workers = now, now_t, now_workers
        kinds = worker_fds()
        if sum(kinds.values()) > sum(peak["fds"].values()):
            peak.update(fds=kinds, rtmp=connections(a.rtmp_port), live=live_count())
        if hls_in_memory and (size := folder_bytes(a.hls)) > peak["hls_bytes"]:
            peak.update(hls_bytes=size, hls_live=live_count())
        for process, name, started in list(publishers):
            if name not in ended and process.poll() is not None:
                ended[name] = (process.returncode, time.monotonic() - started)

sampler = threading.Thread(target=sample, daemon=True)
sampler.start()
print(f"== starting {a.publishers} publishers ({START_RATE}/s), each a {a.seconds} s broadcast, "
      + ("all from one light publisher process" if a.light_publisher else "an ffmpeg process each"))
logs = os.path.join(a.work, "publishers")
os.makedirs(logs)
t0 = time.monotonic()
wall_t0 = time.time()  # the Api's log lines carry UTC wall-clock times
if a.light_publisher:
    light = start_light_publisher(logs)
    while len(started) < a.publishers and light.poll() is None:
        time.sleep(0.05)
else:
    for i, (name, key) in enumerate(keys.items()):
        time.sleep(max(0, t0 + i / START_RATE - time.monotonic()))
        log = open(os.path.join(logs, f"{name}.log"), "w")
        publishers.append((publish(name, key, log), name, time.monotonic()))
        processes.append(publishers[-1][0])
all_started = time.monotonic()
print(f"   all started after {all_started - t0:.1f} s")

while len(ended) < a.publishers and time.monotonic() - all_started < a.seconds + 120:
    time.sleep(0.5)
first_end = t0 + a.seconds - 2  # the first publisher's end: until then every started one should be live
stop.set()
sampler.join()

cut = []
for name in keys:
    code, lasted = ended.get(name, (None, None))
    path = os.path.join(logs, f"{name}.log")  # a light publisher's stream that never ended has none
    with open(path if os.path.exists(path) else os.devnull) as f:
        log = f.read()
    if code != 0 or lasted < a.seconds - 2 or re.search(r"reset|broken pipe|error", log, re.I):
        cut.append((name, code, lasted, log.strip().splitlines()[-1:] if log.strip() else []))
for process in processes:
    if process.poll() is None:
        process.kill()  # a publisher that never ended

print("== waiting for every VOD (until the worker has deleted every recording: only after its VOD was verified)")
recordings = os.path.join(a.work, "media", "recordings")
deadline = time.monotonic() + 300 + a.publishers
while time.monotonic() < deadline and any(f.endswith(".flv") for f in os.listdir(recordings)):
    time.sleep(2)
vods = {}
for name in keys:
    items = http("GET", f"{a.api}/api/vods?channel={name}")["items"]
    if items:
        vods[name] = items
left = [f for f in os.listdir(recordings) if f.endswith(".flv")]

hooks = Counter()
timings = []  # per hook call: nginx's whole request, its connect to the Api, the Api's answer (s)
hook_ends = []  # when the proxy finished each call (UTC seconds)
hook_log = os.path.join(a.work, "run", "hooks.log")
if os.path.exists(hook_log):
    with open(hook_log) as f:
        for line in f:
            uri, status, upstream, took, connect, answer, ended = (line.split() + ["-"] * 6)[:7]
            if ended != "-":
                hook_ends.append(float(ended))
            hooks[(uri.split("/")[-1], "answered" if status.startswith("2") and upstream.startswith("2") else f"failed {status}/{upstream}")] += 1
            timings.append((float(took), *(float(t) if t.replace(".", "").isdigit() else None for t in (connect, answer))))
with open(os.path.join(a.work, "access.log")) as f:
    for line in f:
        if m := re.search(r"hook /hooks/(\S+) answered by nginx: the Api is unreachable \(upstream (\S+)\), status (\d+)", line):
            hooks[(m[1], f"answered by nginx (Api unreachable: {m[2]}), {m[3]}")] += 1
with open(os.path.join(a.work, "error.log")) as f:
    errors = f.read()
error_counts = {pattern: len(re.findall(pattern, errors)) for pattern in
                (r"worker_connections are not enough", r"Too many open files", r"\[alert\]", r"\[crit\]", r"\[error\]")}

live = [s for t, s in samples if all_started <= t <= first_end]
print()
print(f"publishers: {a.publishers}, broadcast {a.seconds} s, started over {all_started - t0:.1f} s; load average now {open('/proc/loadavg').read().split()[:3]}")
print(f"cut publishers (exit status != 0, shorter than the broadcast, or an error in the publisher's log): {len(cut)}")
# Started relative to the first (10 a second), so a batch cut at one moment shows as one end time.
for name, code, lasted, last in sorted(cut, key=lambda c: (c[2] or 0) + int(c[0].split("-")[1]) / START_RATE)[:20]:
    started = int(name.split("-")[1]) / START_RATE
    last = [re.sub(r"key=[^\s'\"]+", "key=<redacted>", line) for line in last]  # the stream key is a secret
    print(f"   {name}: exit {code}, lasted {lasted if lasted is None else round(lasted, 1)} s, "
          f"ended {'?' if lasted is None else round(started + lasted, 1)} s after the first started, {last}")
counts = [len(v) for v in vods.values()]
durations = sorted(v["durationSeconds"] for items in vods.values() for v in items)
short = [d for d in durations if d < a.seconds - 1.5]
print(f"VODs: {len(vods)} of {a.publishers} channels have theirs ({sum(counts)} VODs; channels with more than one: {sum(1 for c in counts if c > 1)}); "
      f"statuses {dict(Counter(v['status'] for items in vods.values() for v in items))}")
if durations:
    print(f"VOD length: min {durations[0]:.1f} s, median {durations[len(durations) // 2]:.1f} s, max {durations[-1]:.1f} s; "
          f"shorter than the broadcast by more than 1.5 s: {len(short)}")
print(f"recordings left undeleted: {len(left)}")
print("hooks (the hook proxy's access log): " + ", ".join(f"{hook} {outcome}: {n}" for (hook, outcome), n in sorted(hooks.items())))
# What late heartbeats did (the Api's log): a lease runs out 15 s after the last heartbeat that reached the Api, and a
# broadcast whose name stayed unrenewed past its reconnect grace is ended and started again (a second stream.started).
with open(os.path.join(a.work, "api.log")) as f:
    api_log = f.read()
# run.sh starts the Api with UTC timestamps ("HH:mm:ss.fff " before each entry's first line, the message on the next).
lease_times = re.findall(r"^(\d\d):(\d\d):(\d\d\.\d+) \w+: [^\n]*\n\s+Heartbeat of channel \S+ found its lease gone", api_log, re.M)
leases_lost = len(re.findall(r"Heartbeat of channel \S+ found its lease gone", api_log))
midnight = wall_t0 - wall_t0 % 86400
lease_seconds = [midnight + int(h) * 3600 + int(m) * 60 + float(sec) - wall_t0 for h, m, sec in lease_times]
before_end = sum(1 for t in lease_seconds if t < first_end - t0)
broadcasts = len(re.findall(r"Webhook events: stream\.started ", api_log)) - 1  # not the warm-up's
print(f"leases that ran out while live (renewed late): {leases_lost} ({before_end} before the first broadcast ended, "
      f"{len(lease_seconds) - before_end} after; {leases_lost - len(lease_seconds)} untimed); broadcasts started: {broadcasts} "
      f"for {a.publishers} publishers ({broadcasts - a.publishers} split in two by late heartbeats)")
# A stall of the hook path shows as a stretch with no call finished while every stream sends a heartbeat every 5 s.
live_ends = sorted(t - wall_t0 for t in hook_ends if all_started - t0 <= t - wall_t0 <= first_end - t0)
if len(live_ends) > 1:
    gap, at = max((b - x, x) for x, b in zip(live_ends, live_ends[1:]))
    print(f"longest stretch with no hook call finished while all were live: {gap:.2f} s, from {at:.1f} s after the first publish")
def spread(values):
    values = sorted(v for v in values if v is not None)
    return f"p50 {values[len(values) // 2]:.3f} s, p99 {values[int(len(values) * 0.99)]:.3f} s, max {values[-1]:.3f} s" if values else "none"
if timings:
    print(f"hook calls through the proxy: whole {spread(t[0] for t in timings)}; connecting to the Api {spread(t[1] for t in timings)}; "
          f"the Api's answer {spread(t[2] for t in timings)}")
print("nginx error log: " + ", ".join(f"{k}: {v}" for k, v in error_counts.items()))
for line, n in Counter(re.sub(r"(key|secret)=[^&\s',]+", r"\1=<redacted>", re.sub(r"^\S+ \S+ |\d+#\d+: \*?\d* ?|client: .*", "", l))
                       for l in errors.splitlines() if l).most_common(8):
    print(f"   {n} x {line[:200]}")
peak_fds = peak["fds"]
per_stream = {k: (peak_fds[k] - before_fds[k]) / max(peak["live"], 1) for k in ("socket", "file")}
print(f"nginx workers ({len(nginx_workers)}) at the peak: {sum(peak_fds.values())} descriptors ({dict(peak_fds)}; before publishing {dict(before_fds)}), "
      f"{peak['rtmp']} established RTMP connections, {peak['live']} streams live; per live stream: {per_stream['socket']:.2f} sockets, {per_stream['file']:.2f} files")
if hls_in_memory:
    print(f"live HLS in memory at the peak: {peak['hls_bytes'] / 2**20:.0f} MiB with {peak['hls_live']} streams live, "
          f"{peak['hls_bytes'] / 2**20 / max(peak['hls_live'], 1):.2f} MiB a stream")
# A few samples say little: at 60 s broadcasts started over 50 s, all were live for 10 s.
MIN_SAMPLES = 10
if live and len(live) < MIN_SAMPLES:
    print(f"CPU while all {a.publishers} were live: not reported, only {len(live)} samples of 2 s (at least {MIN_SAMPLES}: "
          f"make the broadcast longer than the start-up, {a.publishers / START_RATE:.0f} s at {START_RATE} publishers a second, by 20 s or more)")
elif live:
    print(f"CPU while all {a.publishers} were live ({len(live)} samples of 2 s), % of one core, mean / max:")
    total_mean = 0.0
    for group in groups:
        values = [s[group] for s in live]
        mean = sum(values) / len(values)
        total_mean += mean
        print(f"   {group:18s} {mean:6.1f} / {max(values):6.1f}")
    print(f"   {'all':18s} {total_mean:6.1f}  (the machine has {os.cpu_count() * 100} %)")
    machine = [s["machine"] for s in live]
    print(f"   {'machine, busy':18s} {sum(machine) / len(machine):6.1f} / {max(machine):6.1f}  (/proc/stat: every process and the kernel)")
    per_worker = [w for t, w in worker_samples if all_started <= t <= first_end]
    for i in range(len(nginx_workers)):
        values = [w[i] for w in per_worker]
        print(f"   {'nginx worker ' + str(i + 1):18s} {sum(values) / len(values):6.1f} / {max(values):6.1f}")
    states = Counter(state for (t, state), n in worker_states.items() if all_started <= t <= first_end for _ in range(n))
    print(f"   nginx workers' state at the samples: {dict(states)} (R running, S waiting for events, D waiting on the disk)")
    node = sum(sum(s[g] for s in live) / len(live) for g in groups if g != "publishers")
    print(f"   the node without the publishers: {node:.1f} % = {node / a.publishers:.2f} % of a core per stream, "
          f"{100 * a.publishers / node if node else float('inf'):.0f} streams per core")
