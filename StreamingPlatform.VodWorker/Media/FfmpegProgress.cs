using System.Globalization;

namespace StreamingPlatform.VodWorker.Media;

/// <summary>One block of FFmpeg's <c>-progress</c> output: how far the output got and how fast (1.0 = real time).</summary>
public sealed record FfmpegProgress(long Frames, TimeSpan OutTime, double? Speed)
{
    /// <summary>
    /// Reads <c>key=value</c> lines; a block ends with <c>progress=continue</c> or <c>progress=end</c>, and only then is
    /// a value returned. FFmpeg writes <c>speed=N/A</c> before the first frame.
    /// </summary>
    public sealed class Reader
    {
        private long _frames;
        private long _outTimeUs;
        private double? _speed;

        public FfmpegProgress? Read(string line)
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return null;
            }

            var key = line.AsSpan(0, equals).Trim();
            var value = line.AsSpan(equals + 1).Trim();
            switch (key)
            {
                case "frame":
                    _frames = long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var frames) ? frames : _frames;
                    break;
                case "out_time_us":
                    _outTimeUs = long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var us) ? us : _outTimeUs;
                    break;
                case "speed":
                    _speed = value.EndsWith("x") && double.TryParse(value[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var speed) ? speed : null;
                    break;
                case "progress":
                    return new FfmpegProgress(_frames, TimeSpan.FromMicroseconds(Math.Max(0, _outTimeUs)), _speed);
            }

            return null;
        }
    }
}
