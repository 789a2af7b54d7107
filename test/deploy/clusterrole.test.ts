/**
 * deploy/clusterrole.yaml grants what the live path uses and nothing it does not: list on every
 * resource the API reader reads (src/artifacts API_RESOURCES), create on pods/exec, and pod writes
 * only in the debug-pod role.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { API_RESOURCES } from '../../src/artifacts/types.js';
import { RESOURCES } from '../../src/lab/api/resources.js';

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}
const roles = parseAllDocuments(readFileSync(join(__dirname, '../../deploy/clusterrole.yaml'), 'utf8')).map(
  (d) => d.toJSON() as { kind: string; metadata: { name: string }; rules: Rule[] },
);
const role = (name: string) => roles.find((r) => r.metadata.name === name)!;
const allows = (r: { rules: Rule[] }, group: string, resource: string, verb: string) =>
  r.rules.some(
    (x) => x.apiGroups.includes(group) && x.resources.includes(resource) && x.verbs.includes(verb),
  );

describe('deploy/clusterrole.yaml', () => {
  it('two ClusterRoles: sdn-doctor and sdn-doctor-debug-pod', () => {
    expect(roles.map((r) => `${r.kind}/${r.metadata.name}`)).toEqual([
      'ClusterRole/sdn-doctor',
      'ClusterRole/sdn-doctor-debug-pod',
    ]);
  });

  it('sdn-doctor: get/list/watch on every resource read, create pods/exec, get pods/log; no writes', () => {
    const r = role('sdn-doctor');
    // 4.x-only resources the 3.11 lab does not serve: their RBAC group and name.
    const fourX: Record<string, [string, string]> = {
      operatornetworks: ['operator.openshift.io', 'networks'],
      clusterversions: ['config.openshift.io', 'clusterversions'],
    };
    for (const resource of API_RESOURCES) {
      const [group, name] = fourX[resource] ?? [
        RESOURCES.find((x) => x.plural === resource)!.group,
        resource,
      ];
      for (const verb of ['get', 'list', 'watch'])
        expect(allows(r, group, name, verb), `${verb} ${resource}`).toBe(true);
    }
    expect(allows(r, '', 'pods/exec', 'create')).toBe(true);
    expect(allows(r, '', 'pods/log', 'get')).toBe(true);
    for (const verb of ['create', 'update', 'patch', 'delete'])
      expect(
        r.rules.some((x) => x.verbs.includes(verb) && !x.resources.includes('pods/exec')),
        verb,
      ).toBe(false);
  });

  it('sdn-doctor-debug-pod: create/delete pods and the privileged SCC only', () => {
    const r = role('sdn-doctor-debug-pod');
    expect(allows(r, '', 'pods', 'create')).toBe(true);
    expect(allows(r, '', 'pods', 'delete')).toBe(true);
    expect(allows(r, 'security.openshift.io', 'securitycontextconstraints', 'use')).toBe(true);
    expect(r.rules.find((x) => x.resources.includes('securitycontextconstraints'))?.resourceNames).toEqual([
      'privileged',
    ]);
  });
});
