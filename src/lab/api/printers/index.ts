/** The printer of each served resource (server-side printing for `kubectl get`). */
import type { ServedResource } from '../resources.js';
import { daemonSetPrinter, deploymentConfigPrinter, deploymentPrinter } from './apps.js';
import { configMapPrinter, endpointsPrinter, namespacePrinter, nodePrinter, servicePrinter } from './core.js';
import { clusterNetworkPrinter, hostSubnetPrinter, netNamespacePrinter, routePrinter } from './openshift.js';
import { networkPolicyPrinter } from './networking.js';
import { clusterVersionPrinter, operatorNetworkPrinter } from './operator.js';
import { podPrinter } from './pods.js';
import type { ResourcePrinter } from './types.js';

export const PRINTERS: Readonly<Record<ServedResource, ResourcePrinter>> = {
  nodes: nodePrinter,
  namespaces: namespacePrinter,
  pods: podPrinter,
  services: servicePrinter,
  endpoints: endpointsPrinter,
  configmaps: configMapPrinter,
  routes: routePrinter,
  hostsubnets: hostSubnetPrinter,
  clusternetworks: clusterNetworkPrinter,
  netnamespaces: netNamespacePrinter,
  networkpolicies: networkPolicyPrinter,
  daemonsets: daemonSetPrinter,
  deploymentconfigs: deploymentConfigPrinter,
  deployments: deploymentPrinter,
  operatornetworks: operatorNetworkPrinter,
  clusterversions: clusterVersionPrinter,
};

export type { ResourcePrinter, TableCell, TableColumn } from './types.js';
