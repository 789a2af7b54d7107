/**
 * Which argv a lab shell accepts: exactly the read-only commands of `artifacts/commands.ts` —
 * the fixed NODE_COMMANDS, or an argv that one of the `probeCommands` builders produces for some
 * (validated) parameters. Anything else is refused before it reaches a namespace.
 */
import { NODE_COMMANDS, probeCommands } from '../../artifacts/commands.js';

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** Rebuilds the argv from the parameters at known positions, with the real builder. */
const PROBE_SHAPES: readonly ((argv: readonly string[]) => readonly string[] | undefined)[] = [
  (a) =>
    a[0] === 'ip' && a[1] === 'route' && a[2] === 'get' ? probeCommands.ipRouteGet(a[3] ?? '') : undefined,
  (a) =>
    a[0] === 'ping' && a[1] === '-c' && a[2] === '3'
      ? probeCommands.ping(a[7] ?? '', Number(a[6]))
      : undefined,
  (a) =>
    a[0] === 'ping' && a[1] === '-c' && a[2] === '1'
      ? probeCommands.pingDf(a[9] ?? '', Number(a[6]), Number(a[8]))
      : undefined,
  (a) => (a[0] === 'tracepath' ? probeCommands.tracepath(a[4] ?? '') : undefined),
  (a) => (a[0] === 'curl' ? probeCommands.curl(a[8] ?? '', Number(a[5])) : undefined),
  (a) => (a[0] === 'dig' && a[1] === '+short' ? probeCommands.digShort(a[4] ?? '') : undefined),
  (a) => (a[0] === 'dig' && a[1] === '+search' ? probeCommands.digSearchAnswer(a[6] ?? '') : undefined),
  (a) => (a[0] === 'ethtool' && a.length === 2 ? probeCommands.ethtool(a[1] ?? '') : undefined),
  (a) => (a[0] === 'ethtool' && a[1] === '-S' ? probeCommands.ethtoolStats(a[2] ?? '') : undefined),
  (a) => (a[0] === 'ethtool' && a[1] === '-i' ? probeCommands.ethtoolDriver(a[2] ?? '') : undefined),
  (a) =>
    a[0] === 'ip' && a[1] === 'link' && a[2] === 'show' ? probeCommands.ipLinkShow(a[4] ?? '') : undefined,
];

/** true when argv is one of the fixed read-only commands. */
export function isAllowedArgv(argv: readonly string[]): boolean {
  if (NODE_COMMANDS.some((c) => same(c.argv, argv))) return true;
  for (const shape of PROBE_SHAPES) {
    try {
      const rebuilt = shape(argv);
      if (rebuilt && same(rebuilt, argv)) return true;
    } catch {
      // an unsafe parameter: the builder refused it, so do we
    }
  }
  return false;
}
