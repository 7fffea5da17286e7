// What `azd up` provisions for the AppHost (azd's `infra gen` layout for an AppHost with no Azure compute environment of
// its own: azd runs the AppHost's manifest through StreamingPlatform.AppHost/infra/<resource>.tmpl.yaml). The outputs
// below are the names azd reads after provisioning and the .tmpl.yaml files use as {{ .Env.NAME }}.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the environment that can be used as part of naming resource convention, the name of the resource group for your application will use this name, prefixed with rg-')
param environmentName string

@minLength(1)
@description('The location used for all deployed resources')
param location string

// The AppHost's secret parameters. azd generates each value on the first `azd provision` (metadata below: the
// AppHost's minimum length, letters and digits only), keeps it in .azure/<environment>/config.json and puts it into
// the container apps through {{ securedParameter "<name>" }} in their .tmpl.yaml: no resource here uses them.
@metadata({azd: {
  type: 'generate'
  config: {length: 32, noSpecial: true}
  }
})
@secure()
#disable-next-line no-unused-params
param hook_secret string

@metadata({azd: {
  type: 'generate'
  config: {length: 32, noSpecial: true}
  }
})
@secure()
#disable-next-line no-unused-params
param admin_api_key string

@metadata({azd: {
  type: 'generate'
  config: {length: 32, noSpecial: true}
  }
})
@secure()
#disable-next-line no-unused-params
param ladder_secret string

@metadata({azd: {
  type: 'generate'
  config: {length: 32, noSpecial: true}
  }
})
@secure()
#disable-next-line no-unused-params
param webhooks_secret string

@metadata({azd: {
  type: 'generate'
  config: {length: 22, noSpecial: true}
  }
})
@secure()
#disable-next-line no-unused-params
param redis_password string

@metadata({azd: {
  type: 'generate'
  config: {length: 22, noSpecial: true}
  }
})
@secure()
#disable-next-line no-unused-params
param messaging_password string

@description('A CDN in front of nginx-rtmp\'s HLS: \'frontdoor\' (an Azure Front Door Standard profile, docs/cdn.md), or empty for none. azd: AZURE_HLS_CDN.')
@allowed([
  ''
  'frontdoor'
])
param hlsCdn string = ''

var tags = {
  'azd-env-name': environmentName
}

resource rg 'Microsoft.Resources/resourceGroups@2022-09-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

// Container Apps opens an external TCP port (RTMP, 1935) only in an environment with a VNet of its own.
module network 'network.bicep' = {
  scope: rg
  name: 'network'
  params: {
    location: location
  }
}

module resources 'resources.bicep' = {
  scope: rg
  name: 'resources'
  params: {
    location: location
    tags: tags
    infrastructureSubnetId: network.outputs.subnetId
  }
}

module cdn 'cdn.bicep' = if (hlsCdn == 'frontdoor') {
  scope: rg
  name: 'cdn'
  params: {
    originHostName: 'nginx-rtmp.${resources.outputs.AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN}'
    tags: tags
  }
}

// Where viewers fetch HLS (the Api's Streaming__HlsBaseUrl, api.tmpl.yaml): Front Door's endpoint when it is on.
output HLS_BASE_URL string = hlsCdn == 'frontdoor'
  ? 'https://${cdn!.outputs.HOST_NAME}/hls'
  : 'https://nginx-rtmp.${resources.outputs.AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN}/hls'
output MANAGED_IDENTITY_CLIENT_ID string = resources.outputs.MANAGED_IDENTITY_CLIENT_ID
output MANAGED_IDENTITY_NAME string = resources.outputs.MANAGED_IDENTITY_NAME
output AZURE_LOG_ANALYTICS_WORKSPACE_NAME string = resources.outputs.AZURE_LOG_ANALYTICS_WORKSPACE_NAME
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = resources.outputs.AZURE_CONTAINER_REGISTRY_ENDPOINT
output AZURE_CONTAINER_REGISTRY_MANAGED_IDENTITY_ID string = resources.outputs.AZURE_CONTAINER_REGISTRY_MANAGED_IDENTITY_ID
output AZURE_CONTAINER_REGISTRY_NAME string = resources.outputs.AZURE_CONTAINER_REGISTRY_NAME
output AZURE_CONTAINER_APPS_ENVIRONMENT_NAME string = resources.outputs.AZURE_CONTAINER_APPS_ENVIRONMENT_NAME
output AZURE_CONTAINER_APPS_ENVIRONMENT_ID string = resources.outputs.AZURE_CONTAINER_APPS_ENVIRONMENT_ID
output AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN string = resources.outputs.AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN
output AZURE_VOLUMES_STORAGE_ACCOUNT string = resources.outputs.AZURE_VOLUMES_STORAGE_ACCOUNT
output SERVICE_MEDIA_VOLUME_NAME string = resources.outputs.SERVICE_MEDIA_VOLUME_NAME
output SERVICE_REDIS_VOLUME_DATA_NAME string = resources.outputs.SERVICE_REDIS_VOLUME_DATA_NAME
output AZURE_CONTAINER_APPS_SUBNET_PREFIX string = network.outputs.subnetPrefix
