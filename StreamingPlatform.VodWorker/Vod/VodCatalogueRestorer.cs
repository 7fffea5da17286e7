using Microsoft.Extensions.Options;
using StreamingPlatform.VodWorker.Options;
using StreamingPlatform.VodWorker.Telemetry;

namespace StreamingPlatform.VodWorker.Vod;

/// <summary>
/// Rebuilds the VOD catalogue from the records kept beside the VODs (<c>vod/&lt;channel&gt;/&lt;id&gt;.json</c>) when Redis
/// lost it (flushed, restored from an old snapshot, a new empty instance). The worker does it because it is the one
/// that writes the catalogue and those records. At start-up every record is offered (idempotent: an entry Redis still
/// holds is never touched); afterwards, every SweepIntervalSeconds, only when the catalogue holds fewer entries than
/// the folder has records, so a Redis that lost its data while the worker ran is caught without a restart.
/// </summary>
public sealed class VodCatalogueRestorer(
    VodCatalogueWriter catalogue,
    IOptions<VodOptions> options,
    TimeProvider time,
    ILogger<VodCatalogueRestorer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.SweepIntervalSeconds);
        var first = true;
        do
        {
            try
            {
                var records = catalogue.RecordFiles();
                if (first || await catalogue.CountAsync() < records.Count)
                {
                    await RestoreAsync(records, stoppingToken);
                }

                first = false;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                VodLog.RestoreFailed(logger, options.Value.SweepIntervalSeconds, exception);
            }
        }
        while (await time.WaitForNextRoundAsync(interval, stoppingToken));
    }

    public async Task RestoreAsync(IReadOnlyList<FileInfo> records, CancellationToken cancellationToken)
    {
        using var activity = WorkerTelemetry.Source.StartActivity("vod catalogue restore");
        int restored = 0, invalid = 0;
        foreach (var record in records)
        {
            switch (await catalogue.RestoreAsync(record, cancellationToken))
            {
                case true:
                    restored++;
                    break;
                case null:
                    invalid++;
                    VodLog.InvalidRecord(logger, Path.Combine(record.Directory?.Name ?? "", record.Name));
                    break;
            }
        }

        activity?.SetTag("streaming.vod.records", records.Count);
        activity?.SetTag("streaming.vod.restored", restored);
        VodTelemetry.CountRestored(restored);
        VodLog.CatalogueRestored(logger, restored, records.Count, invalid);
    }
}
