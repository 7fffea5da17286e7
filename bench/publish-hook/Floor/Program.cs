using StackExchange.Redis;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRedisConnection("redis");

var app = builder.Build();
app.MapDefaultEndpoints();

// Reads the form as the hook does and makes one round trip of a one-command script; "bare" skips the form.
// Connected before the first request, as the Api's hosted services do: a first connect inside 32 requests starves the pool.
var redis = app.Services.GetRequiredService<IConnectionMultiplexer>();
var script = LuaScript.Prepare("return redis.call('EXISTS', @name)");
var bare = app.Configuration["Floor"] == "bare";
app.MapPost("/hooks/publish", async (HttpRequest request) =>
{
    var name = bare ? "bench-0" : (await request.ReadFormAsync())["name"].ToString();
    await redis.GetDatabase().ScriptEvaluateAsync(script, new { name = (RedisKey)name });
    return Results.NoContent();
});

app.Run();
