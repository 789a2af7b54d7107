/** Network namespaces wired the one way the lab wires them: a veth pair whose far end is `eth0`. */
import { must } from './exec.js';

/** Creates `netns` with an `eth0` whose peer, `hostEnd`, stays in `hostNetns` (CNI's layout). */
export async function addNetnsBehindVeth(netns: string, hostNetns: string, hostEnd: string): Promise<void> {
  await must(['ip', 'netns', 'add', netns]);
  await must([
    'ip',
    '-n',
    hostNetns,
    'link',
    'add',
    hostEnd,
    'type',
    'veth',
    'peer',
    'name',
    'eth0',
    'netns',
    netns,
  ]);
}

/** A netns plugged into the underlay bridge `br-ul` (a node, the client, the outside host). */
export async function addNetnsOnUnderlay(netns: string, underlay: string, port: string): Promise<void> {
  await addNetnsBehindVeth(netns, underlay, port);
  await must(['ip', '-n', underlay, 'link', 'set', port, 'master', 'br-ul', 'up']);
}
