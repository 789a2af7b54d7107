/**
 * Debian's kubectl 1.20 against the lab API (the lab must look real to the tools people use): the
 * guide's commands (39.4, 39.6) print exactly what they print on a real OpenShift 3.11 cluster.
 */
import { execFileSync, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, lines, startTestApi, type TestApi } from './helpers.js';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi('kubectl');
});
afterAll(async () => {
  await api?.stop();
});

describe('kubectl against the lab API', () => {
  it('is Debian kubectl 1.20', () => {
    const version = execFileSync(KUBECTL, ['version', '--client', '--short'], { encoding: 'utf8' });
    expect(version).toMatch(/Client Version: v1\.20\./);
  });

  it('kubectl get pods -A -o wide: server-side table with IP and NODE', async () => {
    const r = await api.kubectl(['get', 'pods', '-A', '-o', 'wide']);
    expect(r.stderr).toBe('');
    expect(lines(r.stdout)).toEqual([
      'NAMESPACE       NAME                      READY   STATUS    RESTARTS   AGE   IP                NODE     NOMINATED NODE   READINESS GATES',
      'default         docker-registry-1-5tkpz   1/1     Running   0          3d    10.129.0.3        node-2   <none>           <none>',
      'default         router-1-8x2kq            1/1     Running   0          3d    10.128.0.4        node-1   <none>           <none>',
      'openshift-sdn   ovs-7xv2p                 1/1     Running   0          3d    192.168.122.202   node-1   <none>           <none>',
      'openshift-sdn   ovs-bq9dn                 1/1     Running   0          3d    192.168.122.203   node-2   <none>           <none>',
      'openshift-sdn   ovs-k4mzt                 1/1     Running   0          3d    192.168.122.204   node-3   <none>           <none>',
      'openshift-sdn   sdn-2lwcs                 1/1     Running   0          3d    192.168.122.202   node-1   <none>           <none>',
      'openshift-sdn   sdn-hj5rf                 1/1     Running   0          3d    192.168.122.203   node-2   <none>           <none>',
      'openshift-sdn   sdn-w8tnq                 1/1     Running   0          3d    192.168.122.204   node-3   <none>           <none>',
      'web             api-1-pend1               0/1     Pending   0          3d    <none>            <none>   <none>           <none>',
      'web             api-1-zz8rt               1/1     Running   0          3d    10.130.0.13       node-3   <none>           <none>',
      'web             hello-1-7d4kx             1/1     Running   0          3d    10.129.0.10       node-2   <none>           <none>',
      'web             hello-1-qm9vb             1/1     Running   2          3d    10.130.0.12       node-3   <none>           <none>',
    ]);
  });

  it('kubectl get pods (no -o wide) hides the priority-1 columns', async () => {
    const r = await api.kubectl(['get', 'pods', '-n', 'web']);
    expect(lines(r.stdout)).toEqual([
      'NAME            READY   STATUS    RESTARTS   AGE',
      'api-1-pend1     0/1     Pending   0          3d',
      'api-1-zz8rt     1/1     Running   0          3d',
      'hello-1-7d4kx   1/1     Running   0          3d',
      'hello-1-qm9vb   1/1     Running   2          3d',
    ]);
  });

  it('39.4: kubectl get endpoints --namespace=default --selector=router', async () => {
    const r = await api.kubectl(['get', 'endpoints', '--selector=router', '-n', 'default']);
    expect(lines(r.stdout)).toEqual([
      'NAME     ENDPOINTS                                      AGE',
      'router   10.128.0.4:80,10.128.0.4:443,10.128.0.4:1936   3d',
    ]);
  });

  it("39.4: the router's HostIP/PodIP template", async () => {
    const template = '{{range .items}}HostIP: {{.status.hostIP}} PodIP: {{.status.podIP}}{{"\\n"}}{{end}}';
    const r = await api.kubectl([
      'get',
      'pods',
      '--all-namespaces',
      '--selector=router',
      `--template=${template}`,
    ]);
    expect(r.stdout).toBe('HostIP: 192.168.122.202 PodIP: 10.128.0.4\n');
  });

  it('39.4: kubectl get route --all-namespaces', async () => {
    const r = await api.kubectl(['get', 'route', '--all-namespaces']);
    expect(lines(r.stdout)).toEqual([
      'NAMESPACE   NAME     HOST/PORT                     PATH   SERVICES   PORT       TERMINATION     WILDCARD',
      'web         api      hello-web.apps.example.com    /api   api        http                       None',
      'web         hello    hello-web.apps.example.com           hello      8080-tcp                   None',
      'web         secure   secure-web.apps.example.com          hello      8080-tcp   edge/Redirect   None',
    ]);
  });

  it('kubectl get svc -A', async () => {
    const r = await api.kubectl(['get', 'svc', '-A']);
    expect(lines(r.stdout)).toEqual([
      'NAMESPACE   NAME              TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)                   AGE',
      'default     docker-registry   ClusterIP   172.30.1.1      <none>        5000/TCP                  3d',
      'default     kubernetes        ClusterIP   172.30.0.1      <none>        443/TCP                   3d',
      'default     router            ClusterIP   172.30.143.19   <none>        80/TCP,443/TCP,1936/TCP   3d',
      'web         api               ClusterIP   172.30.200.7    <none>        80/TCP                    3d',
      'web         hello             ClusterIP   172.30.12.34    <none>        8080/TCP                  3d',
      'web         hello-nodeport    NodePort    172.30.12.35    <none>        8080:30080/TCP            3d',
    ]);
  });

  it('39.6: kubectl get hostsubnets', async () => {
    const r = await api.kubectl(['get', 'hostsubnets']);
    expect(lines(r.stdout)).toEqual([
      'NAME     HOST     HOST IP           SUBNET          EGRESS CIDRS   EGRESS IPS',
      'node-1   node-1   192.168.122.202   10.128.0.0/23',
      'node-2   node-2   192.168.122.203   10.129.0.0/23                  [192.168.122.250]',
      'node-3   node-3   192.168.122.204   10.130.0.0/23',
    ]);
  });

  it('kubectl get netnamespaces', async () => {
    const r = await api.kubectl(['get', 'netnamespaces']);
    expect(lines(r.stdout)).toEqual([
      'NAME             NETID      EGRESS IPS',
      'default          0',
      'kube-system      1',
      'openshift-node   6723051',
      'openshift-sdn    15442218',
      'web              11758537',
    ]);
  });

  it('kubectl get clusternetwork default -o yaml: the object as stored, with its type', async () => {
    const r = await api.kubectl(['get', 'clusternetwork', 'default', '-o', 'yaml']);
    const text = r.stdout;
    expect(text).toMatch(/^apiVersion: network\.openshift\.io\/v1\n/);
    expect(text).toContain('kind: ClusterNetwork\n');
    expect(text).toContain('clusterNetworks:\n- CIDR: 10.128.0.0/14\n  hostSubnetLength: 9\n');
    expect(text).toContain('pluginName: redhat/openshift-ovs-subnet\n');
    expect(text).toContain('serviceNetwork: 172.30.0.0/16\n');
    expect(text).toContain('vxlanPort: 4789\n');
    expect(text).toContain('mtu: 1450\n');
  });

  it('kubectl get nodes -o wide and namespaces', async () => {
    const nodes = await api.kubectl(['get', 'nodes', '-o', 'wide']);
    expect(lines(nodes.stdout)[1]).toBe(
      'node-1   Ready    infra,master   3d    v1.11.0+d4cacc0   192.168.122.202   <none>        Red Hat Enterprise Linux Server 7.6 (Maipo)   3.10.0-957.el7.x86_64   docker://1.13.1',
    );
    const ns = await api.kubectl(['get', 'ns']);
    expect(lines(ns.stdout)).toContain('openshift-sdn    Active   3d');
  });

  it('field selectors: spec.nodeName and status.phase (ANDed), metadata.name', async () => {
    const onNode3 = await api.kubectl([
      'get',
      'pods',
      '-A',
      '--field-selector=spec.nodeName=node-3,status.phase=Running',
      '-o',
      'name',
    ]);
    expect(lines(onNode3.stdout)).toEqual([
      'pod/ovs-k4mzt',
      'pod/sdn-w8tnq',
      'pod/api-1-zz8rt',
      'pod/hello-1-qm9vb',
    ]);
    const unscheduled = await api.kubectl([
      'get',
      'pods',
      '-A',
      '--field-selector=spec.nodeName=',
      '-o',
      'name',
    ]);
    expect(lines(unscheduled.stdout)).toEqual(['pod/api-1-pend1']);
    const byIp = await api.kubectl([
      'get',
      'pods',
      '-A',
      '--field-selector=status.podIP=10.129.0.10',
      '-o',
      'name',
    ]);
    expect(lines(byIp.stdout)).toEqual(['pod/hello-1-7d4kx']);
    const notDefault = await api.kubectl([
      'get',
      'svc',
      '-A',
      '--field-selector=metadata.namespace!=default,metadata.name!=api',
      '-o',
      'name',
    ]);
    expect(lines(notDefault.stdout)).toEqual(['service/hello', 'service/hello-nodeport']);
  });

  it('an unsupported field selector is a 400 from the server, as on a real cluster', async () => {
    const r = await api.kubectl(['get', 'pods', '-A', '--field-selector=spec.foo=x']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Error from server (BadRequest)');
    expect(r.stderr).toContain('field label not supported: spec.foo');
  });

  it('set-based label selectors and --show-labels', async () => {
    const r = await api.kubectl([
      'get',
      'pods',
      '-A',
      '-l',
      'app in (hello,api),tier!=backend',
      '--show-labels',
    ]);
    expect(lines(r.stdout)).toEqual([
      'NAMESPACE   NAME            READY   STATUS    RESTARTS   AGE   LABELS',
      'web         hello-1-7d4kx   1/1     Running   0          3d    app=hello,deploymentconfig=hello',
      'web         hello-1-qm9vb   1/1     Running   2          3d    app=hello,deploymentconfig=hello',
    ]);
  });

  it('paging with --chunk-size returns every object once', async () => {
    const r = await api.kubectl(['get', 'pods', '-A', '--chunk-size=5', '-o', 'name']);
    expect(lines(r.stdout)).toHaveLength(api.objects.pods.length);
    expect(new Set(lines(r.stdout)).size).toBe(api.objects.pods.length);
  });

  it('a missing object is NotFound', async () => {
    const r = await api.kubectl(['get', 'pod', 'nope', '-n', 'web']);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toBe('Error from server (NotFound): pods "nope" not found');
  });

  it('the API is read-only: kubectl delete pod is refused and the pod stays', async () => {
    const r = await api.kubectl(['delete', 'pod', 'hello-1-7d4kx', '-n', 'web', '--wait=false']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      'Error from server (MethodNotAllowed): the server does not allow this method on the requested resource',
    );
    const after = await api.kubectl(['get', 'pod', 'hello-1-7d4kx', '-n', 'web', '-o', 'name']);
    expect(after.stdout.trim()).toBe('pod/hello-1-7d4kx');
  });

  it('kubectl exec is Forbidden when RBAC denies exec (kubectl sends no token over plain HTTP: the hook)', async () => {
    api.setFaults({ 'pods/exec': { status: 403 } });
    try {
      const r = await api.kubectl(['exec', '-n', 'web', 'hello-1-7d4kx', '--', 'true']);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('Error from server (Forbidden)');
      expect(r.stderr).toContain('cannot create resource "pods/exec"');
    } finally {
      api.setFaults({});
    }
  });

  it('kubectl sees a change of the lab at once (a stopped pod disappears from the endpoints)', async () => {
    const endpoints = api.objects.endpoints.map((ep) =>
      (ep.metadata as { name: string }).name === 'hello'
        ? {
            ...ep,
            subsets: [{ addresses: [{ ip: '10.129.0.10' }], ports: [{ port: 8080, protocol: 'TCP' }] }],
          }
        : ep,
    );
    api.write('endpoints', endpoints);
    try {
      const r = await api.kubectl(['get', 'endpoints', 'hello', '-n', 'web']);
      expect(lines(r.stdout)[1]).toBe('hello   10.129.0.10:8080   3d');
    } finally {
      api.write('endpoints', api.objects.endpoints);
    }
  });

  it('kubectl get -w prints a change of the lab as it happens', async () => {
    const child = spawn(KUBECTL, [
      ...['--kubeconfig', api.kubeconfig, '--cache-dir', `${api.dir}/kube-cache`],
      ...['get', 'pods', '-n', 'web', '-w', '--request-timeout=20s'],
    ]);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const waitFor = async (predicate: () => boolean) => {
      const deadline = Date.now() + 10_000;
      while (!predicate() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      return predicate();
    };
    try {
      expect(await waitFor(() => lines(out).length >= 5)).toBe(true);
      // The lab's fault "pod stopped": hello-1-7d4kx is no longer running.
      const pods = api.objects.pods.map((p) =>
        (p.metadata as { name: string }).name === 'hello-1-7d4kx'
          ? { ...p, status: { ...(p.status as object), phase: 'Failed', containerStatuses: [] } }
          : p,
      );
      api.write('pods', pods);
      // The change is printed as it happens. It need not be the sixth line: a list older than the
      // data when the watch opens is answered with the current objects again (watch.ts), lines
      // kubectl prints too, so the test waits for the change's own line.
      const failed = 'hello-1-7d4kx   0/1     Failed    0          3d';
      expect(await waitFor(() => lines(out).includes(failed))).toBe(true);
    } finally {
      child.kill();
      api.write('pods', api.objects.pods);
    }
  });

  it('the fault hooks reach kubectl: 403 on hostsubnets', async () => {
    api.setFaults({ hostsubnets: { status: 403 } });
    try {
      const r = await api.kubectl(['get', 'hostsubnets']);
      expect(r.code).not.toBe(0);
      expect(r.stderr.trim()).toBe(
        'Error from server (Forbidden): hostsubnets.network.openshift.io is forbidden: User "system:serviceaccount:sdn-doctor:lab-reader" cannot list resource "hostsubnets" in API group "network.openshift.io" at the cluster scope',
      );
      const pods = await api.kubectl(['get', 'pods', '-n', 'default', '-o', 'name']);
      expect(pods.code).toBe(0);
    } finally {
      api.setFaults({});
    }
  });
});
