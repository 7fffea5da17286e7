"""Writes N channels bench-0..bench-(N-1), all with the same stream key, in the Api's Redis layout
(hash channel:<name> with salt, salted SHA-256 and createdAt; set 'channels'), as RESP for redis-cli --pipe.
Creating them through the admin API would work too but would take minutes for this many."""
import base64, hashlib, os, sys, time

count, key = int(sys.argv[1]), sys.argv[2].encode()
out = sys.stdout.buffer

def command(*parts):
    out.write(b"*%d\r\n" % len(parts))
    for part in parts:
        part = part if isinstance(part, bytes) else str(part).encode()
        out.write(b"$%d\r\n%s\r\n" % (len(part), part))

now = int(time.time() * 1000)
for n in range(count):
    salt = os.urandom(16)
    digest = hashlib.sha256(salt + key).digest()
    name = f"bench-{n}"
    command("HSET", f"channel:{name}", "salt", base64.b64encode(salt), "hash", base64.b64encode(digest), "createdAt", now)
    command("SADD", "channels", name)
