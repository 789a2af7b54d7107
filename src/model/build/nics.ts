/**
 * 39.13.3 artifacts → NicFacts: `ethtool -S eth0` run in a pod's network namespace (its veth
 * peer's ifindex) and `ethtool -i <if>` run on a node (its driver), as sources/nic-details.ts
 * collects them. A command that never ran or printed no peer index leaves the pod without one
 * and says so; a device that is gone (`No such device`) is no driver and no warning.
 */
import type { Artifact } from '../../artifacts/types.js';
import { msg } from '../../i18n/message.js';
import { parseEthtoolDriver, parseEthtoolStats } from '../../parsers/index.js';
import type { NicDriver, NicFacts, PodVethPeer } from '../types.js';
import { unusableArtifact, type WarningSink } from './warnings.js';

const POD_WHERE = /^pod\/([^/]+)\/([^/]+)$/;

export function buildNics(artifacts: readonly Artifact[], sink: WarningSink): NicFacts | undefined {
  const stats = artifacts.filter(
    (a) => a.kind === 'ethtool-stats' && a.node && POD_WHERE.test(a.where ?? ''),
  );
  const drivers = artifacts.filter((a) => a.kind === 'ethtool-driver' && a.node && a.where === undefined);
  if (stats.length === 0 && drivers.length === 0) return undefined;
  return {
    peers: stats
      .map((a) => toPeer(a, sink))
      .sort((x, y) => x.node.localeCompare(y.node) || x.pod.localeCompare(y.pod)),
    drivers: drivers
      .flatMap((a) => toDriver(a, sink))
      .sort((x, y) => x.node.localeCompare(y.node) || x.ifname.localeCompare(y.ifname)),
  };
}

function toPeer(a: Artifact, sink: WarningSink): PodVethPeer {
  const [, ns, name] = POD_WHERE.exec(a.where as string) as RegExpExecArray;
  const base = { pod: `${ns}/${name}`, node: a.node as string, artifact: a.id };
  if (a.error || a.exitCode !== 0) {
    sink.message(
      a.id,
      unusableArtifact(a.id, a.error ?? `exit code ${a.exitCode ?? 'none'}`),
      a.node as string,
    );
    return base;
  }
  const { records, warnings } = parseEthtoolStats(a.text);
  for (const w of warnings) sink.fromParser(a.id, a.node, w);
  if (records.peerIfindex === undefined) {
    sink.message(
      a.id,
      msg(
        `${a.id}: no peer_ifindex (eth0 of ${base.pod} is not a veth?); the veth-peer check reports unknown for it`,
        `${a.id}: peer_ifindex がありません（${base.pod} の eth0 が veth ではない?）。veth-peer チェックはこの Pod について unknown になります`,
      ),
      a.node as string,
    );
    return base;
  }
  const line = a.text.split('\n').findIndex((l) => /^\s*peer_ifindex:/.test(l)) + 1;
  return { ...base, peerIfindex: records.peerIfindex, ...(line > 0 ? { line } : {}) };
}

function toDriver(a: Artifact, sink: WarningSink): NicDriver[] {
  const ifname = a.argv[a.argv.length - 1] ?? '';
  if (a.error) {
    sink.message(a.id, unusableArtifact(a.id, a.error), a.node as string);
    return [];
  }
  const { records } = parseEthtoolDriver(a.text);
  // `Cannot get driver information: No such device`: the device is not there, which is an answer
  return [
    { node: a.node as string, ifname, ...(records.driver ? { driver: records.driver } : {}), artifact: a.id },
  ];
}
