/**
 * §12: the keepalived.conf the ipfailover image writes on a node (openshift/origin
 * images/ipfailover/keepalived/lib/config-generators.sh, `generate_failover_config`), for the lab's
 * keepalived processes: one vrrp_instance per VIP named `<scrubbed config name>_VIP_<n>`,
 * `virtual_router_id` = offset + n, the check script on the monitor port, PASS authentication with
 * the config name, `preempt_delay 300`, and the image's master/priority spread over the replicas.
 * One difference: keepalived 2.x (Debian's) runs a script without a shell, so the image's
 * `</dev/tcp/IP/PORT` check is wrapped in `/bin/bash -c`, and 2.x asks for `script_user` and
 * `enable_script_security` before it runs scripts as root.
 */

export interface KeepalivedConfigInput {
  /** OPENSHIFT_HA_CONFIG_NAME. */
  readonly configName: string;
  /** The VIPs, ranges already expanded. */
  readonly virtualIPs: readonly string[];
  readonly networkInterface: string;
  /** The node's own address on that interface (the check script connects to it). */
  readonly nodeIP: string;
  /** OPENSHIFT_HA_MONITOR_PORT; 0 = no check (`script "true"`). */
  readonly monitorPort: number;
  readonly vrrpIdOffset: number;
  /** OPENSHIFT_HA_REPLICA_COUNT. */
  readonly replicas: number;
  /** OPENSHIFT_HA_CHECK_INTERVAL (seconds). */
  readonly checkInterval?: number;
}

/** `scrub`: keep alphanumerics, `-` and `_`; dashes become underscores. */
export function scrub(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '').replace(/-/g, '_');
}

export const vrrpInstanceName = (configName: string, n: number): string => `${scrub(configName)}_VIP_${n}`;

export const checkScriptOf = (configName: string): string => `chk_${configName.replace(/-/g, '_')}`;

/** What the image makes a node for one VIP: a `state MASTER` instance or not, and its priority. */
export interface VrrpRole {
  readonly master: boolean;
  readonly priority: number;
}

/**
 * The image's spread (config-generators.sh): the node's last octet picks a slot, and every idx-th
 * VIP is MASTER on it; a second MASTER VIP in a row gets a low "flip-flop" priority. One role per
 * VIP, in order.
 */
export function vrrpRoles(nodeIP: string, replicas: number, vipCount: number): VrrpRole[] {
  const ipslot = Number(nodeIP.split('.')[3] ?? 0) % 128;
  const idx = (ipslot % Math.max(1, replicas)) + 1;
  let previous = 'none';
  return Array.from({ length: vipCount }, (_, i) => {
    // The image adds RANDOM % 32 to backup priorities; the lab keeps it deterministic (offset 0).
    if ((i + 1) % idx !== 0) return { master: false, priority: ipslot % 64 };
    if (previous === 'master') {
      previous = 'flip-flop';
      return { master: true, priority: ipslot + 1 };
    }
    previous = 'master';
    return { master: true, priority: 255 - ipslot };
  });
}

export function keepalivedConfig(c: KeepalivedConfigInput): string {
  const script = checkScriptOf(c.configName);
  const check = c.monitorPort === 0 ? 'true' : `/bin/bash -c '</dev/tcp/${c.nodeIP}/${c.monitorPort}'`;
  const out: string[] = [
    '! Configuration File for keepalived',
    '',
    'global_defs {',
    '   notification_email {',
    '     root@localhost',
    '   }',
    '',
    '   notification_email_from ipfailover@openshift.local',
    '   smtp_server 127.0.0.1',
    '   smtp_connect_timeout 30',
    `   router_id ${scrub(c.configName)}`,
    '   script_user root',
    '   enable_script_security',
    '}',
    '',
    `vrrp_script ${script} {`,
    `   script "${check}"`,
    `   interval ${c.checkInterval ?? 2}`,
    '}',
  ];
  vrrpRoles(c.nodeIP, c.replicas, c.virtualIPs.length).forEach(({ master, priority }, i) => {
    const vip = c.virtualIPs[i]!;
    const counter = i + 1;
    out.push(
      '',
      `vrrp_instance ${vrrpInstanceName(c.configName, counter)} {`,
      `   interface ${c.networkInterface}`,
      ...(master ? ['   state MASTER'] : []),
      `   virtual_router_id ${c.vrrpIdOffset + counter}`,
      `   priority ${priority}`,
      '   preempt_delay 300',
      '',
      '   authentication {',
      '      auth_type PASS',
      `      auth_pass ${c.configName.slice(0, 8)}`,
      '   }',
      '',
      '   track_script {',
      `      ${script}`,
      '   }',
      '',
      '   virtual_ipaddress {',
      `      ${vip} dev ${c.networkInterface}`,
      '   }',
      '}',
    );
  });
  return `${out.join('\n')}\n`;
}
