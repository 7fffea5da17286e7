namespace StreamingPlatform.VodWorker.LiveJobs;

/// <summary>Why one run of a live job ended: a short reason (span event, log) and what the tool said (its error tail).</summary>
public sealed record LiveJobExit(string Reason, string Error = "");
