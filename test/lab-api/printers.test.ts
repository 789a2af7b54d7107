/** Server-side printing: the columns kubectl shows, for the cases a real cluster produces. */
import { describe, expect, it } from 'vitest';
import { formatEndpoints } from '../../src/lab/api/printers/core.js';
import { humanDuration } from '../../src/lab/api/printers/duration.js';
import { PRINTERS } from '../../src/lab/api/printers/index.js';

const NOW = Date.parse('2024-05-01T12:00:00Z');

describe('AGE (apimachinery HumanDuration)', () => {
  it.each([
    [-5_000, '<invalid>'],
    [-1_000, '0s'],
    [59_000, '59s'],
    [119_000, '119s'],
    [5 * 60_000 + 30_000, '5m30s'],
    [9 * 60_000, '9m'],
    [150 * 60_000, '150m'],
    [5 * 3600_000 + 12 * 60_000, '5h12m'],
    [30 * 3600_000, '30h'],
    [4 * 86400_000 + 2 * 3600_000, '4d2h'],
    [3 * 86400_000, '3d'],
    [400 * 86400_000, '400d'],
    [3 * 365 * 86400_000 + 10 * 86400_000, '3y10d'],
    [9 * 365 * 86400_000, '9y'],
  ])('%d ms → %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

describe('pod STATUS / READY / RESTARTS', () => {
  const pod = (status: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    metadata: { name: 'p', creationTimestamp: '2024-05-01T11:00:00Z', ...extra },
    spec: { containers: [{ name: 'a' }, { name: 'b' }], nodeName: 'node-1' },
    status,
  });
  const cells = (p: Record<string, unknown>) => PRINTERS.pods.cells(p, NOW).slice(0, 5);
  it('running and ready', () => {
    const running = { ready: true, restartCount: 1, state: { running: {} } };
    expect(cells(pod({ phase: 'Running', containerStatuses: [running, running] }))).toEqual([
      'p',
      '2/2',
      'Running',
      2,
      '60m',
    ]);
  });
  it('a waiting container gives its reason (CrashLoopBackOff)', () => {
    const crash = { ready: false, restartCount: 7, state: { waiting: { reason: 'CrashLoopBackOff' } } };
    const ok = { ready: true, restartCount: 0, state: { running: {} } };
    expect(cells(pod({ phase: 'Running', containerStatuses: [ok, crash] }))).toEqual([
      'p',
      '1/2',
      'CrashLoopBackOff',
      7,
      '60m',
    ]);
  });
  it('terminated without a reason prints the exit code or signal', () => {
    const dead = { ready: false, restartCount: 0, state: { terminated: { exitCode: 137, signal: 9 } } };
    expect(cells(pod({ phase: 'Failed', containerStatuses: [dead] }))[2]).toBe('Signal:9');
    const exited = { ready: false, restartCount: 0, state: { terminated: { exitCode: 2 } } };
    expect(cells(pod({ phase: 'Failed', containerStatuses: [exited] }))[2]).toBe('ExitCode:2');
  });
  it('init containers, Terminating, and a node-lost pod', () => {
    const initWaiting = { restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } };
    expect(cells(pod({ phase: 'Pending', initContainerStatuses: [initWaiting] }))[2]).toBe('Init:0/0');
    const initFailed = { restartCount: 3, state: { terminated: { exitCode: 1, reason: 'Error' } } };
    expect(cells(pod({ phase: 'Pending', initContainerStatuses: [initFailed] }))).toEqual([
      'p',
      '0/2',
      'Init:Error',
      3,
      '60m',
    ]);
    const deleting = { deletionTimestamp: '2024-05-01T11:59:00Z' };
    expect(cells(pod({ phase: 'Running' }, deleting))[2]).toBe('Terminating');
    expect(cells(pod({ phase: 'Running', reason: 'NodeLost' }, deleting))[2]).toBe('Unknown');
  });
  it('wide columns: pod IP from podIPs or podIP, <none> when unscheduled', () => {
    expect(PRINTERS.pods.cells(pod({ phase: 'Running', podIPs: [{ ip: '10.1.0.2' }] }), NOW)[5]).toBe(
      '10.1.0.2',
    );
    expect(PRINTERS.pods.cells(pod({ phase: 'Running', podIP: '10.1.0.3' }), NOW)[5]).toBe('10.1.0.3');
    const pending = { metadata: { name: 'q' }, spec: { containers: [{}] }, status: { phase: 'Pending' } };
    expect(PRINTERS.pods.cells(pending, NOW).slice(4)).toEqual([
      '<unknown>',
      '<none>',
      '<none>',
      '<none>',
      '<none>',
    ]);
  });
});

describe('endpoints, services, nodes, routes', () => {
  it('ENDPOINTS: first three, then "+ N more...", <none> without subsets', () => {
    const addresses = ['10.1.0.2', '10.1.0.3', '10.2.0.2', '10.3.0.9'].map((ip) => ({ ip }));
    expect(formatEndpoints([{ addresses, ports: [{ port: 8080 }] }])).toBe(
      '10.1.0.2:8080,10.1.0.3:8080,10.2.0.2:8080 + 1 more...',
    );
    expect(formatEndpoints([])).toBe('<none>');
    // Only not-ready addresses: nothing to print (kubectl shows an empty cell).
    expect(formatEndpoints([{ notReadyAddresses: addresses, ports: [{ port: 80 }] }])).toBe('');
    expect(formatEndpoints([{ addresses: [{ ip: 'fd00::1' }], ports: [{ port: 80 }] }])).toBe('[fd00::1]:80');
  });
  it('services: LoadBalancer pending, headless, NodePort', () => {
    const svc = (spec: Record<string, unknown>) =>
      PRINTERS.services.cells({ metadata: { name: 's' }, spec }, NOW);
    expect(
      svc({ type: 'LoadBalancer', clusterIP: '172.30.0.9', ports: [{ port: 80, protocol: 'TCP' }] })[3],
    ).toBe('<pending>');
    expect(svc({ type: 'ClusterIP', clusterIP: 'None' }).slice(2, 5)).toEqual(['None', '<none>', '<none>']);
    expect(
      svc({
        type: 'NodePort',
        clusterIP: '172.30.0.8',
        ports: [{ port: 80, nodePort: 31000, protocol: 'UDP' }],
      })[4],
    ).toBe('80:31000/UDP');
  });
  it('nodes: NotReady, cordoned, no condition at all', () => {
    const node = (status: Record<string, unknown>, spec: Record<string, unknown> = {}) =>
      PRINTERS.nodes.cells({ metadata: { name: 'n' }, spec, status }, NOW)[1];
    expect(node({ conditions: [{ type: 'Ready', status: 'False' }] })).toBe('NotReady');
    expect(node({ conditions: [{ type: 'Ready', status: 'True' }] }, { unschedulable: true })).toBe(
      'Ready,SchedulingDisabled',
    );
    expect(node({})).toBe('Unknown');
  });
  it('routes: A/B weights, rejected by a router, default port', () => {
    const route = (spec: Record<string, unknown>, status?: Record<string, unknown>) =>
      PRINTERS.routes.cells({ metadata: { name: 'r' }, spec, ...(status ? { status } : {}) }, NOW);
    const ab = route({
      host: 'a.example.com',
      to: { name: 'a', weight: 3 },
      alternateBackends: [{ name: 'b', weight: 1 }],
    });
    expect(ab.slice(1, 5)).toEqual(['a.example.com', '', 'a(75%),b(25%)', '<all>']);
    const rejected = route(
      { host: 'x.example.com', to: { name: 'x' } },
      { ingress: [{ conditions: [{ type: 'Admitted', status: 'False', reason: 'HostAlreadyClaimed' }] }] },
    );
    expect(rejected[1]).toBe('HostAlreadyClaimed');
    const passthrough = route({ host: 'p', to: { name: 'p' }, tls: { termination: 'passthrough' } });
    expect(passthrough[5]).toBe('passthrough');
  });
  it('clusternetworks: CIDR:hostSubnetLength, legacy single network', () => {
    const cn = (obj: Record<string, unknown>) =>
      PRINTERS.clusternetworks.cells({ metadata: { name: 'default' }, ...obj }, NOW);
    expect(
      cn({
        clusterNetworks: [
          { CIDR: '10.128.0.0/15', hostSubnetLength: 9 },
          { CIDR: '10.0.0.0/14', hostSubnetLength: 8 },
        ],
        serviceNetwork: '172.30.0.0/16',
        pluginName: 'redhat/openshift-ovs-networkpolicy',
      }),
    ).toEqual([
      'default',
      '10.128.0.0/15:9,10.0.0.0/14:8',
      '172.30.0.0/16',
      'redhat/openshift-ovs-networkpolicy',
    ]);
    expect(cn({ network: '10.1.0.0/16', hostsubnetlength: 8 })[1]).toBe('10.1.0.0/16:8');
  });
});
