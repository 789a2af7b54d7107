/** `lab up` on a machine without the Debian packages says which are missing and how to get them. */
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

const TOOLS: readonly [string, string][] = [
  ['ip', 'iproute2'],
  ['ovsdb-server', 'openvswitch-switch'],
  ['ovs-vswitchd', 'openvswitch-switch'],
  ['ovs-vsctl', 'openvswitch-switch'],
  ['iptables-restore', 'iptables'],
  ['nft', 'nftables'],
  ['haproxy', 'haproxy'],
  ['dnsmasq', 'dnsmasq-base'],
  ['ethtool', 'ethtool'],
  ['dig', 'bind9-dnsutils'],
  ['ping', 'iputils-ping'],
  ['tracepath', 'iputils-tracepath'],
  ['curl', 'curl'],
  ['python3', 'python3'],
  ['openssl', 'openssl'],
];

const defaultDirs = (): string[] => (process.env.PATH ?? '').split(delimiter).concat(['/usr/sbin', '/sbin']);

async function onPath(tool: string, dirs: readonly string[]): Promise<boolean> {
  for (const d of dirs) {
    try {
      await access(join(d, tool), constants.X_OK);
      return true;
    } catch {
      /* next */
    }
  }
  return false;
}

/** §12: what `lab up --ipfailover` needs besides (Debian's keepalived, 2.x). */
const IPFAILOVER_TOOLS: readonly [string, string][] = [['keepalived', 'keepalived']];

/** Debian packages whose programs the lab needs but cannot find (sorted, unique). */
export async function missingPackages(
  dirs: readonly string[] = defaultDirs(),
  ipfailover = false,
): Promise<string[]> {
  const missing = new Set<string>();
  for (const [tool, pkg] of [...TOOLS, ...(ipfailover ? IPFAILOVER_TOOLS : [])])
    if (!(await onPath(tool, dirs))) missing.add(pkg);
  return [...missing].sort();
}

export const aptCommand = (pkgs: readonly string[]): string =>
  `apt-get install -y --no-install-recommends ${pkgs.join(' ')}`;
