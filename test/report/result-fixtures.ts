/** Analysis results for the renderer tests: the fixture cluster with faults, through the real pipeline. */
import { analyzeSnapshot, type AnalysisResult } from '../../src/checks/analyze.js';
import { dropLines, healthyTexts, onNode, replaceOnce } from '../checks/model-fixtures.js';
import { toSnapshot } from '../checks/snapshot-fixtures.js';

export function faultyResult(): AnalysisResult {
  const t = healthyTexts();
  onNode('node-2', (n) => (n.flows = dropLines(n.flows, /table=70, .*nw_dst=10\.128\.2\.2 /)))(t);
  onNode(
    'node-1',
    (n) =>
      (n.iptables = replaceOnce(
        n.iptables,
        /\n(-A INPUT -m comment --comment "firewall overrides")/,
        '\n-A FORWARD -d 10.128.2.2/32 -j DROP\n$1',
      )),
  )(t);
  // A service whose selector matches no pod (§5).
  t.services.push({
    namespace: 'demo',
    name: 'api',
    type: 'ClusterIP',
    clusterIP: '172.30.40.40',
    selector: { app: 'api' },
    ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }],
    labels: {},
  });
  t.endpoints.push({ namespace: 'demo', name: 'api', labels: {}, subsets: [] });
  return analyzeSnapshot(toSnapshot(t));
}

export function healthyResult(): AnalysisResult {
  return analyzeSnapshot(toSnapshot(healthyTexts()));
}
