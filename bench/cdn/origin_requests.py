"""Counts what reached the origin nginx, from its access log (nginx's default format): requests per fragment, and
playlist requests per second (the playlist refresh interval: 1 s fragments). Prints one JSON line.
Usage: python3 origin_requests.py <access.log> <channel>"""
import collections
import datetime
import json
import re
import sys

LINE = re.compile(r'\[(?P<time>[^\]]+)\] "GET (?P<path>\S+) HTTP/1\.[01]" (?P<status>\d{3})')
log, channel = sys.argv[1], sys.argv[2]
per_segment, per_second, times = collections.Counter(), collections.Counter(), []
for line in open(log, encoding="utf-8", errors="replace"):
    match = LINE.search(line)
    if not match or not match["path"].startswith(f"/hls/{channel}/"):
        continue
    times.append(datetime.datetime.strptime(match["time"], "%d/%b/%Y:%H:%M:%S %z"))
    if match["path"].endswith(".ts"):
        per_segment[match["path"]] += 1
    elif match["path"].endswith(".m3u8"):
        per_second[match["time"]] += 1
seconds = (max(times) - min(times)).total_seconds() + 1 if times else 1
print(json.dumps({
    "segments": len(per_segment),
    "segment_requests": sum(per_segment.values()),
    "max_requests_per_segment": max(per_segment.values(), default=0),
    "playlist_requests": sum(per_second.values()),
    "seconds": seconds,
    "max_playlist_requests_per_second": max(per_second.values(), default=0),
    "requests_per_second": round((sum(per_segment.values()) + sum(per_second.values())) / seconds, 1),
}))
