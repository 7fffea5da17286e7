"""Simulated HLS viewers of one live playlist, each behaving as hls.js does at the live edge: load the playlist, start
three fragments from its end, fetch every new fragment once and in order, reload the playlist one target duration
after it changed (half of one when it did not). Each viewer has its own keep-alive connection; start times are spread
over one target duration. Bounded: `viewers` viewers for `seconds` seconds, then it stops and prints one JSON line.

Usage: python3 viewers.py <playlist URL> <viewers> <seconds> [source address prefix, e.g. 127.1]
Standard library only (asyncio streams, HTTP/1.1), so it runs wherever python3 does: bench/cdn and CdnOffloadTests.
"""
import asyncio
import json
import random
import sys
import time
from urllib.parse import urlsplit

LIVE_START_FRAGMENTS = 3


class Connection:
    def __init__(self, host, port, source):
        self.host, self.port, self.source = host, port, source
        self.reader = self.writer = None

    async def get(self, path):
        for attempt in (1, 2):  # a keep-alive connection the server closed is opened again once
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(
                    self.host, self.port, local_addr=(self.source, 0) if self.source else None, limit=1 << 20)
            try:
                self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\nAccept-Encoding: gzip\r\n\r\n".encode())
                status_line = await self.reader.readline()
                if not status_line:
                    raise ConnectionError("closed")
                headers = {}
                while (line := await self.reader.readline()) not in (b"\r\n", b""):
                    name, _, value = line.decode("latin-1").partition(":")
                    headers[name.strip().lower()] = value.strip()
                body = await (self.read_chunked() if headers.get("transfer-encoding") == "chunked"
                              else self.reader.readexactly(int(headers.get("content-length", "0"))))
                if headers.get("connection", "").lower() == "close":
                    self.close()
                return int(status_line.split()[1]), headers, body
            except (ConnectionError, asyncio.IncompleteReadError):
                self.close()
                if attempt == 2:
                    raise

    async def read_chunked(self):  # nginx gzips playlists of 1 kB or more, sent chunked
        body = b""
        while size := int((await self.reader.readline()).split(b";")[0], 16):
            body += await self.reader.readexactly(size)
            await self.reader.readline()
        await self.reader.readline()
        return body

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def parse_playlist(text):
    target, segments = 1.0, []
    for line in text.splitlines():
        if line.startswith("#EXT-X-TARGETDURATION:"):
            target = float(line.split(":", 1)[1])
        elif line and not line.startswith("#"):
            segments.append(line.strip())
    return target, segments


async def viewer(number, url, deadline, source_prefix, stats):
    parts = urlsplit(url)
    folder = parts.path.rsplit("/", 1)[0]
    source = f"{source_prefix}.{number // 250 % 256}.{number % 250 + 1}" if source_prefix else None
    connection = Connection(parts.hostname, parts.port or 80, source)
    await asyncio.sleep(random.random())  # viewers arrive spread over about one target duration
    fetched, last_text, started = set(), None, False
    try:
        while time.monotonic() < deadline:
            status, _, body = await connection.get(parts.path)
            stats["playlists"] += 1
            if status != 200:
                stats["errors"] += 1
                await asyncio.sleep(1)
                continue
            text = body.decode("utf-8", "replace")
            target, segments = parse_playlist(text)
            if not started:
                fetched.update(segments[:-LIVE_START_FRAGMENTS])
                started = True
            for segment in segments:
                if segment in fetched or time.monotonic() >= deadline:
                    continue
                status, _, body = await connection.get(f"{folder}/{segment}")
                fetched.add(segment)
                stats["segments"] += 1
                stats["bytes"] += len(body)
                if status != 200:
                    stats["errors"] += 1
            await asyncio.sleep(target if text != last_text else target / 2)
            last_text = text
    except (OSError, asyncio.IncompleteReadError) as error:
        stats["errors"] += 1
        stats["last_error"] = repr(error)
    finally:
        connection.close()


async def main(url, viewers, seconds, source_prefix):
    stats = {"viewers": viewers, "seconds": seconds, "playlists": 0, "segments": 0, "bytes": 0, "errors": 0}
    deadline = time.monotonic() + seconds
    await asyncio.gather(*(viewer(n, url, deadline, source_prefix, stats) for n in range(viewers)))
    print(json.dumps(stats))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4] if len(sys.argv) > 4 else None))
