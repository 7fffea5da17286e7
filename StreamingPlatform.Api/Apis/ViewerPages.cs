namespace StreamingPlatform.Api.Apis;

/// <summary>The viewer web app: static pages in wwwroot, with hls.js bundled from npm at build time.</summary>
public static class ViewerPages
{
    public static WebApplication MapViewerPages(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapFallbackToFile("/watch/{channel}", "watch.html");
        app.MapFallbackToFile("/vod/{id}", "vod.html");
        app.MapFallbackToFile("/admin", "admin.html");
        app.MapFallbackToFile("/golive", "golive.html");
        return app;
    }
}
