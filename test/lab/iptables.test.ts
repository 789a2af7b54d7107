/** kube-proxy (k8s 1.11) + openshift-sdn iptables as the lab writes them (pipeline.md §7.3, §8). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  endpointChainName,
  generateNodeIptables,
  probability,
  serviceChainName,
  type NodeIptablesSpec,
} from '../../src/lab/iptables.js';

const homer: NodeIptablesSpec = {
  clusterNetworks: ['10.30.0.0/16'],
  vxlanPort: 4789,
  services: [
    {
      namespace: 'simpson',
      name: 'homer',
      portName: '8080-tcp',
      clusterIP: '172.30.229.64',
      port: 8080,
      protocol: 'TCP',
      endpoints: ['10.30.2.88:8080', '10.30.3.62:8080'],
    },
  ],
};

describe('kube-proxy chain names', () => {
  it('match the verified examples', () => {
    expect(serviceChainName('default/kubernetes:https', 'tcp')).toBe('KUBE-SVC-NPX46M4PTMTKRN6Y');
    expect(serviceChainName('simpson/homer:8080-tcp', 'TCP')).toBe('KUBE-SVC-UNWFIWS7624VL6XI');
    expect(endpointChainName('simpson/homer:8080-tcp', 'tcp', '10.30.2.88:8080')).toBe(
      'KUBE-SEP-HKFKWO5PFFO7Z3EC',
    );
    expect(endpointChainName('simpson/homer:8080-tcp', 'tcp', '10.30.3.62:8080')).toBe(
      'KUBE-SEP-N3H7ASEQYKKEG23L',
    );
  });

  it('probabilities use the k8s <= 1.16 %0.5f format', () => {
    expect([2, 3, 4, 5].map(probability)).toEqual(['0.50000', '0.33333', '0.25000', '0.20000']);
  });
});

describe('generateNodeIptables', () => {
  const text = generateNodeIptables(homer);

  it('has every kube-proxy line of the real 3.11 node sample', () => {
    const sample = readFileSync(
      join(__dirname, 'fixtures', 'iptables_save_kube_proxy_nat_svc_openshift3.11_fragment.txt'),
      'utf8',
    )
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith('-A '))
      // iptables-save prints the stored probability with %.11f; kube-proxy wrote %0.5f
      .map((l) => l.replace('--probability 0.50000000000', '--probability 0.50000'));
    expect(sample.length).toBe(10);
    for (const line of sample) expect(text.split('\n')).toContain(line);
  });

  it('has the openshift-sdn chains and the MASQUERADE rule that service replies need', () => {
    expect(text).toContain(
      '-A OPENSHIFT-MASQUERADE -s 10.30.0.0/16 -m comment --comment "masquerade pod-to-service and pod-to-external traffic" -j MASQUERADE',
    );
    expect(text).toContain('-A KUBE-MARK-MASQ -j MARK --set-xmark 0x1/0x1');
    expect(text).toContain(
      '-A OPENSHIFT-FIREWALL-ALLOW -p udp -m udp --dport 4789 -m comment --comment "VXLAN incoming" -j ACCEPT',
    );
    expect(text).toMatch(/^\*nat\n[\s\S]*COMMIT\n\*filter\n[\s\S]*COMMIT\n$/);
    const nat = text.split('*filter')[0]!;
    expect(
      nat
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('-A KUBE-SERVICES'))
        .pop(),
    ).toContain('-j KUBE-NODEPORTS');
  });

  it('a service without endpoints becomes a filter REJECT, and no NAT', () => {
    const t = generateNodeIptables({ ...homer, services: [{ ...homer.services[0]!, endpoints: [] }] });
    expect(t).toContain(
      '-A KUBE-SERVICES -d 172.30.229.64/32 -p tcp -m comment --comment "simpson/homer:8080-tcp has no endpoints" -m tcp --dport 8080 -j REJECT --reject-with icmp-port-unreachable',
    );
    expect(t).not.toContain('KUBE-SVC-UNWFIWS7624VL6XI');
  });

  it('fault options remove exactly the rules they name', () => {
    const t = generateNodeIptables({
      ...homer,
      omitServiceNat: ['simpson/homer'],
      omitMasquerade: true,
      extraFilterRules: ['-A FORWARD -s 10.30.0.0/16 -j DROP'],
    });
    expect(t).not.toMatch(/-A KUBE-SERVICES .*-j KUBE-SVC-/);
    expect(t).toContain('-A KUBE-SVC-UNWFIWS7624VL6XI'); // the chain itself is still there
    expect(t).not.toContain('-j MASQUERADE\n-A KUBE');
    expect(t).not.toContain('masquerade pod-to-service');
    expect(t.split('*filter')[1]).toContain(':OUTPUT ACCEPT [0:0]\n');
    expect(t).toContain('-A FORWARD -s 10.30.0.0/16 -j DROP');
  });

  it('NodePort rules go to KUBE-NODEPORTS', () => {
    const t = generateNodeIptables({ ...homer, services: [{ ...homer.services[0]!, nodePort: 30080 }] });
    expect(t).toContain(
      '-A KUBE-NODEPORTS -p tcp -m comment --comment "simpson/homer:8080-tcp" -m tcp --dport 30080 -j KUBE-SVC-UNWFIWS7624VL6XI',
    );
  });
});

describe('§13.1 NodePort and external IPs', () => {
  const svc = homer.services[0]!;
  const spec: NodeIptablesSpec = {
    ...homer,
    services: [{ ...svc, nodePort: 30080, externalIPs: ['192.168.122.230'] }],
  };
  const chain = serviceChainName('simpson/homer:8080-tcp', 'tcp');
  it('an external IP goes to the service chain from outside and from the node', () => {
    const text = generateNodeIptables(spec);
    const ext = text.split('\n').filter((l) => l.includes('-d 192.168.122.230/32'));
    expect(ext).toHaveLength(3);
    expect(ext[0]).toMatch(/external IP".*--dport 8080 -j KUBE-MARK-MASQ$/);
    expect(ext[1]).toContain(`-m addrtype ! --src-type LOCAL -j ${chain}`);
    expect(ext[2]).toContain(`-m addrtype --dst-type LOCAL -j ${chain}`);
    expect(text).toContain(
      `-A KUBE-NODEPORTS -p tcp -m comment --comment "simpson/homer:8080-tcp" -m tcp --dport 30080 -j ${chain}`,
    );
  });
  it('nodeport-nat-missing drops only the KUBE-NODEPORTS rules of that service', () => {
    const text = generateNodeIptables({ ...spec, omitNodePorts: ['simpson/homer'] });
    expect(text).not.toContain('-A KUBE-NODEPORTS');
    expect(text).toContain('-d 192.168.122.230/32');
    expect(text).toContain('-d 172.30.229.64/32');
  });
  it('svc-nat-missing drops the external IP rules with the cluster IP ones (both are KUBE-SERVICES)', () => {
    const text = generateNodeIptables({ ...spec, omitServiceNat: ['simpson/homer'] });
    expect(text).not.toContain('-d 192.168.122.230/32');
    expect(text).toContain('--dport 30080');
  });
});
