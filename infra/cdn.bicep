// Optional (main.bicep's hlsCdn = 'frontdoor'): an Azure Front Door (Standard) profile in front of nginx-rtmp's HLS, so
// viewers fetch playlists and fragments from Front Door's edges and nginx serves each about once per edge (docs/cdn.md).
// Caching honours nginx's Cache-Control (no rule overrides it): fragments immutable for a year, playlists and errors
// s-maxage=1. Query strings are ignored in the cache key: players send none, and a made-up one must not bring one
// origin request per viewer.
@description('nginx-rtmp\'s HTTPS host name, nginx-rtmp.<the environment\'s default domain>')
param originHostName string

@description('Tags that will be applied to all resources')
param tags object = {}

var resourceToken = uniqueString(resourceGroup().id)

resource profile 'Microsoft.Cdn/profiles@2024-02-01' = {
  name: 'afd-${resourceToken}'
  location: 'global'
  sku: {
    name: 'Standard_AzureFrontDoor'
  }
  tags: tags
}

resource endpoint 'Microsoft.Cdn/profiles/afdEndpoints@2024-02-01' = {
  parent: profile
  name: 'hls-${resourceToken}'
  location: 'global'
  properties: {
    enabledState: 'Enabled'
  }
  tags: tags
}

resource originGroup 'Microsoft.Cdn/profiles/originGroups@2024-02-01' = {
  parent: profile
  name: 'nginx-rtmp'
  properties: {
    loadBalancingSettings: {
      sampleSize: 4
      successfulSamplesRequired: 3
      additionalLatencyInMilliseconds: 50
    }
    healthProbeSettings: {
      probePath: '/health'
      probeRequestType: 'GET'
      probeProtocol: 'Https'
      probeIntervalInSeconds: 100
    }
  }
}

resource origin 'Microsoft.Cdn/profiles/originGroups/origins@2024-02-01' = {
  parent: originGroup
  name: 'nginx-rtmp'
  properties: {
    hostName: originHostName
    originHostHeader: originHostName
    httpPort: 80
    httpsPort: 443
    priority: 1
    weight: 1000
    enabledState: 'Enabled'
    enforceCertificateNameCheck: true
  }
}

resource route 'Microsoft.Cdn/profiles/afdEndpoints/routes@2024-02-01' = {
  parent: endpoint
  name: 'hls'
  dependsOn: [
    origin // a route needs its origin group to have an origin
  ]
  properties: {
    originGroup: {
      id: originGroup.id
    }
    patternsToMatch: [
      '/hls/*'
    ]
    supportedProtocols: [
      'Http'
      'Https'
    ]
    httpsRedirect: 'Enabled'
    forwardingProtocol: 'HttpsOnly'
    linkToDefaultDomain: 'Enabled'
    enabledState: 'Enabled'
    cacheConfiguration: {
      queryStringCachingBehavior: 'IgnoreQueryString'
      compressionSettings: {
        // nginx gzips playlists of 1 kB or more itself (with Vary: Accept-Encoding); fragments do not compress.
        isCompressionEnabled: false
      }
    }
  }
}

output HOST_NAME string = endpoint.properties.hostName
