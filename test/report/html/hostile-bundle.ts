/**
 * A copy of the faulty example whose pod name, namespace, route host and a log line carry markup,
 * `javascript:` URLs and ANSI escapes: the HTML report must show them as text and run none of them
 * (each payload would set `window.__pwned`).
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../checks/run-cli.js';

export const HOSTILE = {
  pod: 'web-<script>window.__pwned=1</script>',
  namespace: 'ns"><img src=x onerror="window.__pwned=2">',
  host: 'javascript:window.__pwned=3//\u001b[31m.apps.example.com',
  log: 'ovs error: <script>window.__pwned=4</script> \u001b[31mred\u001b[0m <a href="javascript:window.__pwned=5">x</a>',
} as const;

/** Writes the hostile bundle to a temporary directory and returns its path. */
export function hostileBundle(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'sdn-doctor-hostile-')), 'bundle');
  cpSync(join(ROOT, 'examples/faulty-3node'), dir, { recursive: true });
  const edit = (file: string, f: (text: string) => string): void =>
    writeFileSync(join(dir, file), f(readFileSync(join(dir, file), 'utf8')));
  // the pod whose flows are missing (flow-pod-missing names it)
  const podJson = JSON.stringify(HOSTILE.pod).slice(1, -1);
  for (const f of ['api/pods.json', 'api/endpoints.json'])
    edit(f, (t) => t.split('web-1-8xwxc').join(podJson));
  // a route in a hostile namespace to a service that does not exist (route-missing-service names it)
  edit('api/routes.json', (t) => {
    const doc = JSON.parse(t) as { items: Record<string, unknown>[] };
    const r = structuredClone(doc.items[0]!) as {
      metadata: { name: string; namespace: string; uid: string };
      spec: { host: string; to: { name: string } };
      status: { ingress: { host: string }[] };
    };
    r.metadata.namespace = HOSTILE.namespace;
    r.metadata.name = 'evil';
    r.metadata.uid = '00000000-0000-0000-0000-000000000001';
    r.spec.host = HOSTILE.host;
    r.spec.to.name = 'missing';
    for (const i of r.status.ingress) i.host = HOSTILE.host;
    doc.items.push(r);
    return JSON.stringify(doc, null, 2);
  });
  edit(
    'nodes/node-1/node-journal.txt',
    (t) =>
      `${t.trimEnd()}\nNov 21 22:48:16 node-1 atomic-openshift-node[9312]: E1121 22:48:16.000000    9312 sdn.go:1] ${HOSTILE.log}\n`,
  );
  return dir;
}
