import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/checks/index.js';
import { buildTestModel, healthyTexts, PODS } from './model-fixtures.js';

/** Adds `n` services with 2 endpoints each, and kube-proxy's nat rules for them on every node. */
function bigCluster(n: number) {
  const t = healthyTexts();
  const eps = PODS.slice(0, 2).map((p) => p.ip);
  const lines: string[] = [];
  const decls: string[] = [];
  for (let i = 0; i < n; i++) {
    const ip = `172.30.${100 + Math.floor(i / 250)}.${(i % 250) + 1}`;
    const name = `svc-${i}`;
    t.services.push({
      namespace: 'big',
      name,
      type: 'ClusterIP',
      clusterIP: ip,
      selector: { app: 'web' },
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }],
      labels: {},
    });
    t.endpoints.push({
      namespace: 'big',
      name,
      labels: {},
      subsets: [
        {
          addresses: eps.map((e) => ({ ip: e })),
          notReadyAddresses: [],
          ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
        },
      ],
    });
    const svc = `KUBE-SVC-BIG${String(i).padStart(13, '0')}`;
    decls.push(`:${svc} - [0:0]`);
    lines.push(
      `-A KUBE-SERVICES -d ${ip}/32 -p tcp -m comment --comment "big/${name}:http cluster IP" -m tcp --dport 80 -j ${svc}`,
    );
    eps.forEach((e, j) => {
      const sep = `KUBE-SEP-BIG${String(i).padStart(12, '0')}${j}`;
      decls.push(`:${sep} - [0:0]`);
      lines.push(
        j === 0
          ? `-A ${svc} -m comment --comment "big/${name}:http" -m statistic --mode random --probability 0.50000000000 -j ${sep}`
          : `-A ${svc} -m comment --comment "big/${name}:http" -j ${sep}`,
      );
      lines.push(
        `-A ${sep} -p tcp -m comment --comment "big/${name}:http" -m tcp -j DNAT --to-destination ${e}:8080`,
      );
    });
  }
  for (const node of Object.values(t.node)) {
    node.iptables = node.iptables
      ?.replace(':OPENSHIFT-MASQUERADE - [0:0]', `:OPENSHIFT-MASQUERADE - [0:0]\n${decls.join('\n')}`)
      .replace('-A OPENSHIFT-MASQUERADE -s', `${lines.join('\n')}\n-A OPENSHIFT-MASQUERADE -s`);
  }
  return t;
}

describe('scale', () => {
  it('3 nodes × 3000 services (≈ 27k nat rules per node): every check in well under 5 s, still healthy', () => {
    const model = buildTestModel(bigCluster(3000));
    const start = performance.now();
    const r = runChecks(model);
    const ms = performance.now() - start;
    console.log(`checks_3000_services_ms: ${ms.toFixed(0)}`);
    expect(r.findings.filter((f) => f.severity !== 'info').map((f) => f.message.en)).toEqual([]);
    expect(ms).toBeLessThan(5000);
  });
});
