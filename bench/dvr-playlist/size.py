"""Bytes a viewer fetches per playlist refresh: the DVR playlist after a broadcast of H hours, written exactly as
nginx-rtmp 1.2.2 writes it (ngx_rtmp_hls_write_playlist: header, then per fragment "#EXTINF:%.3f,\\n<name>.ts\\n"; the
dvr application names fragments by nginx's clock in ms, hls_fragment_naming system), raw and gzipped as nginx sends it
to browsers (gzip_comp_level 1, its default). Computed, not measured: an hour of a real broadcast takes an hour.
Fragments are 4 s (DVR_FRAGMENT 4s with a 1 s GOP) with the jitter seen in the DVR test (a few ms either way).
Usage: python3 bench/dvr-playlist/size.py [hours ...]"""
import random, sys, zlib

def playlist(hours, fragment=4.0, start_ms=1_795_576_089_757):
    count = int(hours * 3600 / fragment)
    lines = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-MEDIA-SEQUENCE:0", "#EXT-X-TARGETDURATION:4", "#EXT-X-DISCONTINUITY"]
    at = start_ms
    rng = random.Random(1)
    for _ in range(count):
        duration = fragment + rng.choice([0.0, 0.0, 0.0, 0.066, -0.001, 0.033])
        lines += [f"#EXTINF:{duration:.3f},", f"{at}.ts"]
        at += int(duration * 1000) + rng.randint(-4, 4)
    return ("\n".join(lines) + "\n").encode()

def gzip_size(data):
    compressor = zlib.compressobj(1, zlib.DEFLATED, 31)
    return len(compressor.compress(data) + compressor.flush())

for hours in [float(h) for h in sys.argv[1:]] or [1.0, 2.0]:
    data = playlist(hours)
    print(f"DVR playlist after {hours:g} h: {data.count(b'.ts')} fragments, {len(data):,} bytes, {gzip_size(data):,} bytes gzipped (level 1)")
