/**
 * Parameters that reach an argv are validated so none can start with '-' (an option to the
 * command: `ethtool -s` sets instead of reads) and none carries shell or path syntax.
 */
import { describe, expect, it } from 'vitest';
import { probeCommands, UnsafeParameterError } from '../../src/artifacts/commands.js';

describe('argv parameters', () => {
  it('interface names: a leading "-" is refused, ordinary names pass', () => {
    expect(() => probeCommands.ethtool('-s')).toThrow(UnsafeParameterError);
    expect(() => probeCommands.ethtoolStats('-seth0')).toThrow(UnsafeParameterError);
    expect(() => probeCommands.ipLinkShow('--help')).toThrow(UnsafeParameterError);
    expect(probeCommands.ethtool('eth0')).toEqual(['ethtool', 'eth0']);
    expect(probeCommands.ethtoolDriver('vxlan_sys_4789').at(-1)).toBe('vxlan_sys_4789');
    expect(probeCommands.ethtool('veth1a2b-3c')).toEqual(['ethtool', 'veth1a2b-3c']);
  });

  it('hosts and addresses: a leading "-" is refused', () => {
    expect(() => probeCommands.ping('-f')).toThrow(UnsafeParameterError);
    expect(() => probeCommands.digShort('-x')).toThrow(UnsafeParameterError);
    expect(() => probeCommands.tracepath('-n')).toThrow(UnsafeParameterError);
    expect(() => probeCommands.ipRouteGet('-1.2.3.4')).toThrow(UnsafeParameterError);
    expect(() => probeCommands.curl('-K/etc/passwd')).toThrow();
  });
});
