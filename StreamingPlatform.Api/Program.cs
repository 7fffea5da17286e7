using StreamingPlatform.Api.Apis;
using StreamingPlatform.Api.Hooks;
using StreamingPlatform.Api.Webhooks;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseForwardedHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapPublishHooks();
app.MapLadderHooks();
app.MapStreamsApi();
app.MapViewersApi();
app.MapRealtimeApi();
app.MapConfigApi();
app.MapChannelsAdminApi();
app.MapWebhooksAdminApi();
app.MapDevelopmentChannelApi();
app.MapVodsApi();
app.MapViewerPages();

app.Run();

public partial class Program;
