using StreamingPlatform.Api.Apis;
using StreamingPlatform.Api.Restream;
using StreamingPlatform.Api.Hooks;
using StreamingPlatform.Api.Webhooks;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseForwardedHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
// Pings keep a quiet browser broadcast's socket open through proxies that close idle connections (nginx's front: 60 s).
app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15) });

app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapPublishHooks();
app.MapLadderHooks();
app.MapStreamsApi();
app.MapViewersApi();
app.MapRealtimeApi();
app.MapGoLiveApi();
app.MapConfigApi();
app.MapChannelsAdminApi();
app.MapRestreamApi();
app.MapWebhooksAdminApi();
app.MapDevelopmentChannelApi();
app.MapVodsApi();
app.MapViewerPages();

app.Run();

public partial class Program;
