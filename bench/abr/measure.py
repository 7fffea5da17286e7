"""Starts n publishers and n transcoders, measures CPU and encoder speed over a window. Called by run.sh."""
import os, subprocess, sys, time

work, rtmp_port, max_channels, window = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
TICK = os.sysconf("SC_CLK_TCK")
WARMUP = 10
base = f"rtmp://127.0.0.1:{rtmp_port}"

# The VodWorker's command (LadderPlan.FfmpegArguments, default ladder, 1280x720 source): keep the two in step.
def transcoder_args(channel, progress):
    # -loglevel error here (the worker uses warning): FFmpeg's warnings on being stopped would clutter the table.
    args = ["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-nostats", "-progress", progress, "-stats_period", "2",
            "-rw_timeout", "10000000", "-copyts", "-i", f"{base}/live/{channel}",
            "-filter_complex", "[0:v]split=2[s0][s1];[s0]scale=854:480[v0];[s1]scale=426:240[v1]"]
    for i, (name, kbps, maxrate, audio) in enumerate([("480p", 1000, 1100, 96), ("240p", 300, 330, 64)]):
        args += ["-map", f"[v{i}]", "-map", "0:a?", "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency",
                 "-pix_fmt", "yuv420p", "-b:v", f"{kbps}k", "-maxrate", f"{maxrate}k", "-bufsize", f"{kbps}k",
                 "-force_key_frames", "source", "-g", "600", "-sc_threshold", "0",
                 "-c:a", "aac", "-b:a", f"{audio}k", "-ac", "2", "-f", "flv", f"{base}/ladder/{channel}-{name}"]
    return args

def publisher(channel):
    return subprocess.Popen(["ffmpeg", "-v", "error", "-nostdin", "-re", "-stream_loop", "-1", "-i", f"{work}/clip.flv",
                             "-c", "copy", "-f", "flv", f"{base}/live/{channel}?key=bench"])

def cpu_ticks(pids):
    total = 0
    for pid in pids:
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except FileNotFoundError:
            pass
    return total

def nginx_pids():
    pids = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmd = open(f"/proc/{pid}/cmdline").read()
        except OSError:
            continue
        if cmd.startswith("nginx") and work in cmd:
            pids.append(int(pid))
            pids += [int(c) for c in open(f"/proc/{pid}/task/{pid}/children").read().split()]
    return pids

def machine_busy():
    fields = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)

def out_time(progress):
    """The last out_time_us written to a -progress file, in seconds."""
    value = None
    try:
        for line in open(progress):
            if line.startswith("out_time_us=") and line.strip() != "out_time_us=N/A":
                value = int(line.split("=", 1)[1]) / 1e6
    except FileNotFoundError:
        pass
    return value

def measure(n, transcode):
    channels = [f"c{n}x{i}" for i in range(n)]
    procs = [publisher(c) for c in channels]
    time.sleep(3)
    transcoders = []
    if transcode:
        for c in channels:
            progress = f"{work}/{c}.progress"
            transcoders.append((subprocess.Popen(transcoder_args(c, progress), stdout=subprocess.DEVNULL), progress))
    time.sleep(WARMUP)
    t0, busy0 = time.monotonic(), machine_busy()
    ticks0 = [cpu_ticks([p.pid]) for p, _ in transcoders]
    out0 = [out_time(f) for _, f in transcoders]
    base0 = cpu_ticks(nginx_pids() + [p.pid for p in procs])
    time.sleep(window)
    t1, busy1 = time.monotonic(), machine_busy()
    ticks1 = [cpu_ticks([p.pid]) for p, _ in transcoders]
    out1 = [out_time(f) for _, f in transcoders]
    base1 = cpu_ticks(nginx_pids() + [p.pid for p in procs])
    seconds = t1 - t0
    cpu = [(b - a) / TICK / seconds * 100 for a, b in zip(ticks0, ticks1)]
    speeds = [(b - a) / seconds if a is not None and b is not None else 0.0 for a, b in zip(out0, out1)]
    alive = all(p.poll() is None for p, _ in transcoders) and all(p.poll() is None for p in procs)
    plain = (base1 - base0) / TICK / seconds * 100
    machine = (busy1[0] - busy0[0]) / (busy1[1] - busy0[1]) * 100 * os.cpu_count()
    for p, _ in transcoders:
        p.terminate()
    for p in procs:
        p.terminate()
    for p in [p for p, _ in transcoders] + procs:
        p.wait()
    time.sleep(2)
    return cpu, speeds, plain, machine, alive

# Headroom: the same encoders on the clip as fast as they go (not live), alone; x264 uses every core it gets.
offline = subprocess.run(
    ["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-nostats", "-progress", "pipe:1", "-i", f"{work}/clip.flv",
     "-filter_complex", "[0:v]split=2[s0][s1];[s0]scale=854:480[v0];[s1]scale=426:240[v1]",
     "-map", "[v0]", "-map", "0:a", "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-b:v", "1000k", "-c:a", "aac", "-b:a", "96k", "-f", "null", "-",
     "-map", "[v1]", "-map", "0:a", "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-b:v", "300k", "-c:a", "aac", "-b:a", "64k", "-f", "null", "-"],
    capture_output=True, text=True)
offline_speed = [l for l in offline.stdout.splitlines() if l.startswith("speed=")][-1].split("=")[1].strip()
print(f"== offline: the ladder's encoders on the 60 s clip as fast as they go: {offline_speed} (real time = 1x)")

print(f"== baseline: 1 channel without a ladder (nginx + a -c copy publisher), {window} s")
_, _, plain, machine, _ = measure(1, transcode=False)
print(f"baseline  channel without ladder: {plain:5.1f} % of one core (nginx + publisher); whole machine {machine:5.1f} % of {os.cpu_count() * 100} %")
print(f"== with the ladder, {WARMUP} s warm-up then {window} s measured; load average now {open('/proc/loadavg').read().split()[:3]}")
print("channels  transcoder CPU (% of one core, each)   mean    ratio to baseline  speed (each)          min    whole machine")
fit = 0
for n in range(1, max_channels + 1):
    cpu, speeds, plain_n, machine, alive = measure(n, transcode=True)
    mean = sum(cpu) / n
    print(f"{n:8d}  {' '.join(f'{c:5.1f}' for c in cpu):36s}  {mean:5.1f}  {mean / plain:17.1f}x  "
          f"{' '.join(f'{s:4.2f}x' for s in speeds):20s}  {min(speeds):4.2f}x  {machine:5.1f} %  load {open('/proc/loadavg').read().split()[0]}"
          + ("" if alive else "  (a process died)"))
    if min(speeds) >= 1.0 and alive:
        fit = n
    else:
        break
print(f"== transcoded 720p30 channels that kept up (every transcoder >= 1.0x): {fit}" + (f" (stopped at the limit given, {max_channels})" if fit == max_channels else ""))
