using Aspire.Hosting.Azure;
using Aspire.Hosting.Azure.AppContainers;
using Azure.Provisioning;
using Azure.Provisioning.AppContainers;
using Azure.Provisioning.Expressions;
using Azure.Provisioning.Storage;
using FileShare = Azure.Provisioning.Storage.FileShare;

namespace Aspire.Hosting;

/// <summary>
/// Publish mode only (<c>azd up</c>): Azure Container Apps in an environment with its own VNet, so that nginx can take
/// RTMP on an external TCP port, and one Azure Files share (<c>media</c>) mounted by nginx, the Api and the worker.
/// Read from Aspire 13.1.3's Aspire.Hosting.Azure.AppContainers and Azure.Provisioning's sources.
/// </summary>
internal static class AzureDeployment
{
    private const string MediaStorageName = "media";
    private const string MediaVolumeName = "media";
    private const int RtmpPort = 1935;
    private const int MaxWorkers = 5;

    // SMB (Azure Files standard): nobrl because SMB byte-range locks are refused for the POSIX locks .NET and FFmpeg
    // take; the rest are Container Apps' defaults, restated because setting mountOptions replaces them.
    private const string SmbMountOptions = "dir_mode=0777,file_mode=0777,uid=0,gid=0,mfsymlinks,cache=strict,nosharesock,nobrl";

    public static bool IsAzurePublish(this IDistributedApplicationBuilder builder) => builder.ExecutionContext.IsPublishMode;

    /// <summary>
    /// External TCP ports need an environment in a VNet of ours, and Aspire 13.1.3 has no API for one: the VNet and its
    /// subnet delegated to Microsoft.App/environments come from <c>network.bicep</c>, and the environment joins it.
    /// </summary>
    public static IResourceBuilder<AzureContainerAppEnvironmentResource> AddContainerAppsEnvironment(this IDistributedApplicationBuilder builder)
    {
        var network = builder.AddBicepTemplate("network", "network.bicep");
        return builder.AddAzureContainerAppEnvironment("env")
            .WithAzdResourceNaming()
            .ConfigureInfrastructure(infra =>
            {
                var environment = infra.GetProvisionableResources().OfType<ContainerAppManagedEnvironment>().Single();
                environment.VnetConfiguration = new ContainerAppVnetConfiguration
                {
                    InfrastructureSubnetId = network.GetOutput("subnetId").AsProvisioningParameter(infra, "infrastructureSubnetId"),
                    IsInternal = false,
                };
                AddMediaShare(infra, environment);
            });
    }

    /// <summary>The environment's default domain (<c>&lt;unique&gt;.&lt;region&gt;.azurecontainerapps.io</c>).</summary>
    public static BicepOutputReference DefaultDomain(this IResourceBuilder<AzureContainerAppEnvironmentResource> environment) =>
        new("AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN", environment.Resource);

    /// <summary>
    /// nginx-rtmp: one replica (the "already publishing" check is per process), HLS on the app's HTTP ingress, RTMP on
    /// an external TCP port. Aspire refuses external non-HTTP endpoints, so 1935 is declared internal and opened here.
    /// </summary>
    public static IResourceBuilder<ContainerResource> PublishAsNginxContainerApp(this IResourceBuilder<ContainerResource> nginx) =>
        nginx.PublishAsAzureContainerApp((_, app) =>
        {
            var ingress = app.Configuration.Ingress;
            ingress.AdditionalPortMappings.Clear();
            ingress.AdditionalPortMappings.Add(new IngressPortMapping { TargetPort = RtmpPort, ExposedPort = RtmpPort, External = true });
            // The worker reads the playlists over plain HTTP inside the environment (live thumbnails).
            ingress.AllowInsecure = true;
            app.Template.Scale.MinReplicas = 1;
            app.Template.Scale.MaxReplicas = 1;
            MountMedia(app, "recordings");
        });

    /// <summary>
    /// The Api: nginx-rtmp calls its hooks over plain HTTP (the module speaks no TLS and follows no redirects), so the
    /// ingress accepts HTTP instead of redirecting it to HTTPS. Viewers still get the https address.
    /// </summary>
    public static IResourceBuilder<ProjectResource> PublishAsApiContainerApp(this IResourceBuilder<ProjectResource> api) =>
        api.PublishAsAzureContainerApp((_, app) =>
        {
            app.Configuration.Ingress.AllowInsecure = true;
            MountMedia(app, "recordings", "vod", "thumbnails");
        });

    /// <summary>
    /// The worker: its own image with Debian's FFmpeg, scaled by KEDA on the length of the two VOD queues. At least one
    /// replica stays up: it takes the live thumbnails and sweeps unannounced recordings, which no queue triggers.
    /// </summary>
    public static IResourceBuilder<ProjectResource> PublishAsWorkerContainerApp(this IResourceBuilder<ProjectResource> worker) =>
        worker
            .PublishAsDockerFile(container => container.WithDockerfile("..", "StreamingPlatform.VodWorker/Dockerfile"))
            .PublishAsAzureContainerApp((_, app) =>
            {
                MountMedia(app, "recordings", "vod", "thumbnails");
                app.Template.Scale.MinReplicas = 1;
                app.Template.Scale.MaxReplicas = MaxWorkers;
                foreach (var queue in new[] { "recording-completed", "broadcast-ended" })
                {
                    app.Template.Scale.Rules.Add(new ContainerAppScaleRule
                    {
                        Name = $"{queue}-queue",
                        Custom = new ContainerAppCustomScaleRule
                        {
                            CustomScaleRuleType = "rabbitmq",
                            Metadata = { ["queueName"] = queue, ["mode"] = "QueueLength", ["value"] = "2" },
                            // The secret Aspire made of ConnectionStrings__messaging: the AMQP address with its password.
                            Auth = { new ContainerAppScaleRuleAuth { SecretRef = "connectionstrings--messaging", TriggerParameter = "host" } },
                        },
                    });
                }
            });

    private static void MountMedia(ContainerApp app, params string[] folders)
    {
        app.Template.Volumes.Add(new ContainerAppVolume
        {
            Name = MediaVolumeName,
            StorageType = ContainerAppStorageType.AzureFile,
            StorageName = MediaStorageName,
            MountOptions = SmbMountOptions,
        });
        var container = app.Template.Containers.Single().Value!;
        foreach (var folder in folders)
        {
            container.VolumeMounts.Add(new ContainerAppVolumeMount { VolumeName = MediaVolumeName, MountPath = $"/data/{folder}", SubPath = folder });
        }
    }

    /// <summary>
    /// One share for all services. Aspire would give every volume its own share per app, and nothing would be shared;
    /// HLS segments stay on nginx's local disk (a file a second per stream is no work for SMB).
    /// </summary>
    private static void AddMediaShare(AzureResourceInfrastructure infra, ContainerAppManagedEnvironment environment)
    {
        var account = new StorageAccount("mediaStorage")
        {
            Sku = new StorageSku { Name = StorageSkuName.StandardLrs },
            Kind = StorageKind.StorageV2,
            LargeFileSharesState = LargeFileSharesState.Enabled,
            MinimumTlsVersion = StorageMinimumTlsVersion.Tls1_2,
        };
        var files = new FileService("mediaFiles") { Parent = account };
        var share = new FileShare("mediaShare")
        {
            Parent = files,
            Name = MediaStorageName,
            ShareQuota = 1024,
            EnabledProtocol = FileShareEnabledProtocol.Smb,
        };
        var storage = new ContainerAppManagedEnvironmentStorage("mediaEnvironmentStorage")
        {
            Parent = environment,
            Name = MediaStorageName,
            ManagedEnvironmentStorageAzureFile = new()
            {
                ShareName = share.Name,
                AccountName = account.Name,
                AccountKey = new MemberExpression(account.GetKeys()[0].Compile(), "value"),
                AccessMode = ContainerAppAccessMode.ReadWrite,
            },
        };
        infra.Add(account);
        infra.Add(files);
        infra.Add(share);
        infra.Add(storage);
    }
}
