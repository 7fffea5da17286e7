// The Container Apps environment's own VNet: Azure Container Apps opens an external TCP port (RTMP, 1935) only in an
// environment with a custom VNet; main.bicep joins the environment (resources.bicep) to this subnet.
@description('Region of the network; the environment that joins it must be in the same one.')
param location string = resourceGroup().location

var subnetName = 'container-apps'
// A workload-profiles environment needs at least a /27; /23 leaves room to grow.
var subnetPrefix = '10.40.0.0/23'

resource network 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: 'vnet-${uniqueString(resourceGroup().id)}'
  location: location
  properties: {
    addressSpace: {
      addressPrefixes: [
        '10.40.0.0/16'
      ]
    }
    subnets: [
      {
        name: subnetName
        properties: {
          addressPrefix: subnetPrefix
          delegations: [
            {
              name: 'container-apps'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
    ]
  }
}

output subnetId string = resourceId('Microsoft.Network/virtualNetworks/subnets', network.name, subnetName)

// Container Apps' ingress (its Envoy proxies) reaches the apps from this subnet: the Api trusts its X-Forwarded-For.
output subnetPrefix string = subnetPrefix
