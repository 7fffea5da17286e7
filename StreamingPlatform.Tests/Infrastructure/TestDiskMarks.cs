namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>
/// The media disk's marks for tests that are not about them: lower than the defaults (2 GB / 512 MB), so a test
/// machine with a fuller disk runs the other tests as before. The disk tests set their own.
/// </summary>
internal static class TestDiskMarks
{
    public const string LowFreeMegabytes = "200";

    public const string CriticalFreeMegabytes = "50";
}
