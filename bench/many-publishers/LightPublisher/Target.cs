namespace LightPublisher;

/// <summary>Where every stream goes and for how long: rtmp://Host:Port/App/&lt;name&gt;?key=&lt;key&gt;.</summary>
sealed record Target(string Host, int Port, string App, double Seconds);
