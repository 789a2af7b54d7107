/**
 * Every passive check, in the guide's order (§4 → §12). One file each; the file name is the id
 * (test/checks/registry.test.ts keeps this list and the folder in step).
 */
import type { CheckDefinition } from '../types.js';
import routeMissingService from './route-missing-service.js';
import routerDns from './router-dns.js';
import svcNoEndpoints from './svc-no-endpoints.js';
import hostsubnet from './hostsubnet.js';
import ipForward from './ip-forward.js';
import clusterRoutes from './cluster-routes.js';
import ovsPorts from './ovs-ports.js';
import flowTunSrc from './flow-tun-src.js';
import flowTunDst from './flow-tun-dst.js';
import flowPod from './flow-pod.js';
import pluginNote from './plugin-note.js';
import iptablesDrop from './iptables-drop.js';
import masquerade from './masquerade.js';
import mtu from './mtu.js';
import egressDnsWildcard from './egress-dns-wildcard.js';
import setupLog from './setup-log.js';
import kubeProxyNat from './kube-proxy-nat.js';
import kubeProxyNodeport from './kube-proxy-nodeport.js';
import tlsHandshake from './tls-handshake-timeout.js';
import vethPeer from './veth-peer.js';
import policyUnsupported from './policy-unsupported.js';
import policyFlows from './policy-flows.js';
import netnamespaceVnid from './netnamespace-vnid.js';
import ipfVipUnheld from './ipf-vip-unheld.js';
import ipfVipSplitBrain from './ipf-vip-split-brain.js';
import ipfKeepalivedDown from './ipf-keepalived-down.js';
import ipfVrrpBlocked from './ipf-vrrp-blocked.js';
import ipfCheckFailing from './ipf-check-failing.js';
import ipfInterfaceMissing from './ipf-interface-missing.js';
import ipfVrrpIdConflict from './ipf-vrrp-id-conflict.js';
import ipfVipRoute from './ipf-vip-route.js';

export const ALL_CHECKS: readonly CheckDefinition[] = [
  routeMissingService,
  routerDns,
  svcNoEndpoints,
  hostsubnet,
  ipForward,
  clusterRoutes,
  ovsPorts,
  flowTunSrc,
  flowTunDst,
  flowPod,
  pluginNote,
  iptablesDrop,
  masquerade,
  mtu,
  egressDnsWildcard,
  setupLog,
  kubeProxyNat,
  kubeProxyNodeport,
  tlsHandshake,
  vethPeer,
  policyUnsupported,
  policyFlows,
  netnamespaceVnid,
  ipfVipUnheld,
  ipfVipSplitBrain,
  ipfKeepalivedDown,
  ipfVrrpBlocked,
  ipfCheckFailing,
  ipfInterfaceMissing,
  ipfVrrpIdConflict,
  ipfVipRoute,
];
