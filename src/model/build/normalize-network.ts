/**
 * network.openshift.io objects → model (openshift-sdn-pipeline.md §9: ClusterNetwork,
 * HostSubnet, NetNamespace, with their legacy fields and annotations).
 */
import type { ClusterNetwork, HostSubnet, NetNamespace } from '../types.js';
import { arr, at, num, obj, str, strMap } from './api-object.js';
import type { Normalized } from './normalize-result.js';
import { missing } from './normalize-result.js';

/** Default VXLAN port of openshift-sdn (ClusterNetwork.vxlanPort `*uint32`, default 4789). */
const DEFAULT_VXLAN_PORT = 4789;

export function toClusterNetwork(item: unknown): Normalized<ClusterNetwork> {
  const name = str(at(item, 'metadata', 'name'));
  const serviceNetwork = str(at(item, 'serviceNetwork'));
  if (!name) return missing('metadata.name');
  if (!serviceNetwork) return missing('serviceNetwork', name);
  const entries = arr(at(item, 'clusterNetworks'));
  // JSON key is upper-case `CIDR`; accept `cidr` as master-config writes it.
  const cidrs = entries.map((e) => str(at(e, 'CIDR')) ?? str(at(e, 'cidr'))).filter((c): c is string => !!c);
  const legacy = str(at(item, 'network'));
  const clusterCIDRs = cidrs.length > 0 ? cidrs : legacy ? [legacy] : [];
  if (clusterCIDRs.length === 0) return missing('clusterNetworks[].CIDR / network', name);
  const hostSubnetLength = num(at(entries[0], 'hostSubnetLength')) ?? num(at(item, 'hostsubnetlength'));
  const pluginName = str(at(item, 'pluginName'));
  const mtu = num(at(item, 'mtu'));
  return {
    value: {
      name,
      clusterCIDRs,
      ...(hostSubnetLength !== undefined ? { hostSubnetLength } : {}),
      serviceNetwork,
      ...(pluginName ? { pluginName } : {}),
      vxlanPort: num(at(item, 'vxlanPort')) ?? DEFAULT_VXLAN_PORT,
      ...(mtu !== undefined ? { mtu } : {}),
    },
  };
}

export function toHostSubnet(item: unknown): Normalized<HostSubnet> {
  const name = str(at(item, 'metadata', 'name'));
  if (!name) return missing('metadata.name');
  const host = str(at(item, 'host'));
  const hostIP = str(at(item, 'hostIP'));
  const subnet = str(at(item, 'subnet'));
  if (!host) return missing('host', name);
  if (!hostIP) return missing('hostIP', name);
  if (!subnet) return missing('subnet', name);
  const uid = str(at(item, 'metadata', 'uid'));
  // §6 / pipeline §4.2: the F5 router's HostSubnet carries a fixed VNID for its tunnel flows.
  const fixedVnid = num(
    strMap(at(item, 'metadata', 'annotations'))['pod.network.openshift.io/fixed-vnid-host'],
  );
  return {
    value: {
      name,
      host,
      hostIP,
      subnet,
      ...(uid ? { uid } : {}),
      egressIPs: arr(at(item, 'egressIPs')).filter((e): e is string => typeof e === 'string'),
      ...(fixedVnid !== undefined ? { fixedVnid } : {}),
    },
  };
}

export function toNetNamespace(item: unknown): Normalized<NetNamespace> {
  const name = str(at(item, 'netname')) ?? str(at(item, 'metadata', 'name'));
  if (!name) return missing('netname / metadata.name');
  const netid = num(at(item, 'netid'));
  if (netid === undefined) return missing('netid', name);
  const annotations = strMap(obj(at(item, 'metadata'))?.annotations);
  return {
    value: {
      name,
      netid,
      multicast: annotations['netnamespace.network.openshift.io/multicast-enabled'] === 'true',
    },
  };
}
