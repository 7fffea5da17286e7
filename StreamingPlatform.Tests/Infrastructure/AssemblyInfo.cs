// The suite runs real Linux servers (nginx, redis-server, ffmpeg) from Debian's packages.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
