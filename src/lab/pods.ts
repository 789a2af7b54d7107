/** Pods: a network namespace wired to br0 like CNI does, running one small HTTP server. */
import { existsSync } from 'node:fs';
import { mkdir, writeFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { inNetns, must } from './exec.js';
import { addNetnsBehindVeth } from './netns.js';
import { prefixOf } from '../net/ipv4.js';
import {
  podRole,
  podTlsRole,
  type LabNodeSpec,
  type LabPodSpec,
  type LabProcess,
  type LabSpec,
} from './model.js';
import { spawnDetached } from './procs.js';

/** CNI's br0 port of a pod: `add-port br0 <veth> -- set Interface …` (ofport, sandbox and ip external-ids). */
export function podPortCommand(pod: LabPodSpec): string[] {
  return [
    'add-port',
    'br0',
    pod.veth,
    '--',
    'set',
    'Interface',
    pod.veth,
    `ofport_request=${pod.ofport}`,
    `external-ids:sandbox=${pod.uid.replace(/-/g, '')}`,
    `external-ids:ip=${pod.ip}`,
  ];
}

export const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** Creates the pod netns and veth, addresses it (MAC 0a:58:<ip>), routes via the node's tun0. */
export async function wirePod(spec: LabSpec, node: LabNodeSpec, pod: LabPodSpec): Promise<void> {
  const prefix = spec.clusterNetwork;
  await addNetnsBehindVeth(pod.netns, node.netns, pod.veth);
  const len = prefixOf(node.subnet);
  await must(['ip', '-n', pod.netns, '-batch', '-'], {
    input: [
      'link set lo up',
      `link set eth0 address ${pod.mac} mtu ${spec.mtu}`,
      'link set eth0 up',
      `addr add ${pod.ip}/${len} dev eth0`,
      `route add default via ${node.gateway}`,
      `route add ${prefix} dev eth0`,
      'route add 224.0.0.0/4 dev eth0',
      '',
    ].join('\n'),
  });
  // PITFALL (spike): OVS reads veths via AF_PACKET and gets CHECKSUM_PARTIAL frames; without
  // software checksums TCP through OVS is dropped
  await must(inNetns(pod.netns, ['ethtool', '-K', 'eth0', 'tx', 'off']));
}

export async function writePodContent(node: LabNodeSpec, pod: LabPodSpec, bigFile: string): Promise<string> {
  const www = join(pod.dir, 'www');
  await mkdir(join(www, 'test'), { recursive: true });
  const who = `pod=${pod.namespace}/${pod.name} node=${node.name} ip=${pod.ip}\n`;
  await writeFile(join(www, 'index.html'), who);
  await writeFile(join(www, 'test', 'index.html'), `test-path ${who}`);
  for (const d of [www, join(www, 'test')]) {
    await symlink(bigFile, join(d, 'big.bin')).catch(() => undefined);
  }
  return www;
}

/**
 * The pods' HTTPS server (39.13.2): python's http.server behind TLS. Each connection's handshake
 * runs in that connection's thread (do_handshake_on_connect off), so a handshake stalled by the
 * tunnel's MTU holds only its own client, and ends after 30 s. argv: port, folder, chain, key.
 */
const HTTPS_SERVER = [
  'import functools, http.server, ssl, sys',
  'port, folder, chain, key = sys.argv[1:5]',
  'ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)',
  'ctx.load_cert_chain(chain, key)',
  'class Server(http.server.ThreadingHTTPServer):',
  '    def get_request(self):',
  '        sock, addr = self.socket.accept()',
  '        sock.settimeout(30)',
  '        return ctx.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), addr',
  '    def finish_request(self, request, client_address):',
  '        request.do_handshake()',
  '        super().finish_request(request, client_address)',
  'handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=folder)',
  "Server(('0.0.0.0', int(port)), handler).serve_forever()",
].join('\n');

/** Starts the HTTPS server of a pod that has a tlsPort (the passthrough route's), like its HTTP one. */
export function startPodTlsServer(pod: LabPodSpec, files: { chain: string; key: string }): LabProcess {
  const pid = spawnDetached(
    inNetns(pod.netns, [
      PYTHON,
      '-c',
      HTTPS_SERVER,
      String(pod.tlsPort),
      join(pod.dir, 'www'),
      files.chain,
      files.key,
    ]),
    join(pod.dir, 'https.log'),
  );
  return { pid, match: files.chain, role: podTlsRole(pod) };
}

/** Starts the pod's HTTP server in its netns; the PID is the server itself (ip netns exec execs). */
export function startPodServer(pod: LabPodSpec): LabProcess {
  const pid = spawnDetached(
    inNetns(pod.netns, [
      PYTHON,
      '-m',
      'http.server',
      String(pod.port),
      '--bind',
      '0.0.0.0',
      '--directory',
      join(pod.dir, 'www'),
    ]),
    join(pod.dir, 'http.log'),
  );
  return { pid, match: join(pod.dir, 'www'), role: podRole(pod) };
}
