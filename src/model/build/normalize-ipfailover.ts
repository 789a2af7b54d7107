/**
 * §12: DeploymentConfigs and Deployments → IP failover configurations. What ipf-debug.sh takes for
 * one (`oc get dc` objects with `OPENSHIFT_HA_*` variables) and how the ipfailover image reads the
 * variables (images/ipfailover/keepalived/conf/settings.sh defaults, lib/config-generators.sh VRRP
 * ids). Other DeploymentConfigs/Deployments are not failover configurations and are left out.
 */
import type { ApiList, ApiSnapshot } from '../../artifacts/types.js';
import { msg } from '../../i18n/message.js';
import { formatIp, parseIp } from '../../net/ipv4.js';
import { objectKey } from '../object-key.js';
import type { IpFailover, Sourced } from '../types.js';
import { apiSource } from './api-facets.js';
import { arr, at, num, str, strMap } from './api-object.js';
import type { WarningSink } from './warnings.js';

/** Largest range one VIP entry may expand to (a /24 worth): a typo must not make millions of VIPs. */
const MAX_RANGE = 256;

type Kind = IpFailover['kind'];

/**
 * Every ipfailover configuration of both lists. Undefined when either list was not collected or
 * could not be read (a configuration could hide in it: checks say unknown), or one is unreadable.
 */
export function buildIpFailovers(
  api: ApiSnapshot,
  sink: WarningSink,
): Sourced<readonly IpFailover[]> | undefined {
  const dcs = read(api.deploymentconfigs, 'deploymentconfigs', 'DeploymentConfig', sink);
  const deps = read(api.deployments, 'deployments', 'Deployment', sink);
  if (!dcs || !deps) return undefined;
  const all = [...dcs, ...deps].sort((a, b) => objectKey(a).localeCompare(objectKey(b)));
  // Cite the list that holds the configurations (DeploymentConfigs when there are none: 3.x's place).
  const artifact =
    dcs.length || !deps.length
      ? apiSource('deploymentconfigs', api.deploymentconfigs)
      : apiSource('deployments', api.deployments);
  return { value: all, artifact };
}

function read(
  list: ApiList | undefined,
  resource: 'deploymentconfigs' | 'deployments',
  kind: Kind,
  sink: WarningSink,
): IpFailover[] | undefined {
  if (!list) return undefined;
  if (!list.ok) {
    sink.message(
      apiSource(resource, list),
      msg(
        `${resource} could not be read (${list.error}); IP failover checks report unknown`,
        `${resource} を読めませんでした（${list.error}）。IP フェイルオーバーのチェックは unknown になります`,
      ),
    );
    return undefined;
  }
  const out: IpFailover[] = [];
  for (const item of list.items) {
    const r = toIpFailover(item, kind);
    if (!r) continue;
    if ('error' in r) {
      sink.message(
        apiSource(resource, list),
        msg(
          `${kind} ${r.name}: ${r.error.en}; IP failover checks report unknown`,
          `${kind} ${r.name}: ${r.error.ja}。IP フェイルオーバーのチェックは unknown になります`,
        ),
      );
      return undefined;
    }
    out.push(r);
  }
  return out;
}

/** One object → its failover configuration; undefined when it is not one (no OPENSHIFT_HA_VIRTUAL_IPS). */
export function toIpFailover(
  item: unknown,
  kind: Kind,
): IpFailover | { error: { en: string; ja: string }; name: string } | undefined {
  const template = at(item, 'spec', 'template');
  const env = new Map<string, string>();
  for (const c of arr(at(template, 'spec', 'containers'))) {
    for (const e of arr(at(c, 'env'))) {
      const name = str(at(e, 'name'));
      const value = at(e, 'value');
      if (name?.startsWith('OPENSHIFT_HA_') && typeof value === 'string') env.set(name, value);
    }
  }
  const vipsText = env.get('OPENSHIFT_HA_VIRTUAL_IPS');
  if (vipsText === undefined) return undefined;
  const namespace = str(at(item, 'metadata', 'namespace')) ?? 'default';
  const name = str(at(item, 'metadata', 'name')) ?? '?';
  const label = `${namespace}/${name}`;
  const virtualIPs = expandVips(vipsText);
  if (!virtualIPs) return { name: label, error: bad('OPENSHIFT_HA_VIRTUAL_IPS', vipsText) };
  const offsetText = env.get('OPENSHIFT_HA_VRRP_ID_OFFSET') ?? '0';
  const vrrpIdOffset = num(offsetText);
  if (vrrpIdOffset === undefined || vrrpIdOffset < 0 || vrrpIdOffset > 255)
    return { name: label, error: bad('OPENSHIFT_HA_VRRP_ID_OFFSET', offsetText) };
  // The image keeps only the digits of the port (`${HA_MONITOR_PORT//[^0-9]/}`).
  const portText = (env.get('OPENSHIFT_HA_MONITOR_PORT') ?? '80').replace(/[^0-9]/g, '');
  const monitorPort = portText === '' ? 0 : Number(portText);
  const replicas = num(env.get('OPENSHIFT_HA_REPLICA_COUNT')) ?? num(at(item, 'spec', 'replicas'));
  const networkInterface = env.get('OPENSHIFT_HA_NETWORK_INTERFACE') || undefined;
  const iptablesChain = env.get('OPENSHIFT_HA_IPTABLES_CHAIN') || undefined;
  return {
    kind,
    namespace,
    name,
    configName: env.get('OPENSHIFT_HA_CONFIG_NAME') || 'OpenShift-IPFailover',
    virtualIPs,
    vrrpIdOffset,
    vrrpIds: virtualIPs.map((_, i) => vrrpIdOffset + i + 1),
    ...(networkInterface ? { networkInterface } : {}),
    monitorPort,
    ...(replicas !== undefined ? { replicas } : {}),
    ...(iptablesChain ? { iptablesChain } : {}),
    nodeSelector: strMap(at(template, 'spec', 'nodeSelector')),
    podLabels: strMap(at(template, 'metadata', 'labels')),
  };
}

function bad(variable: string, value: string): { en: string; ja: string } {
  return {
    en: `${variable} is ${JSON.stringify(value.slice(0, 60))}, not a valid value`,
    ja: `${variable} の値 ${JSON.stringify(value.slice(0, 60))} は不正です`,
  };
}

/**
 * `10.42.42.42,10.100.1.20-24` (the image's expand_ip_ranges: entries split on commas or blanks, a
 * range ends in the last octet). Undefined when an entry is not an address or range.
 */
export function expandVips(text: string): string[] | undefined {
  const out: string[] = [];
  for (const entry of text.split(/[\s,]+/).filter(Boolean)) {
    const m = /^(\d+\.\d+\.\d+\.)(\d+)(?:-(\d+))?$/.exec(entry);
    const start = m ? parseIp(`${m[1]}${m[2]}`) : undefined;
    if (!m || start === undefined) return undefined;
    const last = m[3] === undefined ? Number(m[2]) : Number(m[3]);
    const count = last - Number(m[2]) + 1;
    if (last > 255 || count < 1 || count > MAX_RANGE) return undefined;
    for (let i = 0; i < count; i++) out.push(formatIp(start + i));
  }
  return out.length ? out : undefined;
}
