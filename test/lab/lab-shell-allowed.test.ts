/** The lab shell runs only the fixed read-only commands of artifacts/commands.ts. */
import { describe, expect, it } from 'vitest';
import { NODE_COMMANDS, probeCommands } from '../../src/artifacts/commands.js';
import { isAllowedArgv } from '../../src/sources/lab-shell/allowed.js';

describe('isAllowedArgv', () => {
  it('accepts every fixed node command', () => {
    for (const c of NODE_COMMANDS) expect(isAllowedArgv(c.argv), c.argv.join(' ')).toBe(true);
  });

  it('accepts what every probe builder produces', () => {
    const argvs = [
      probeCommands.ipRouteGet('10.128.2.2'),
      probeCommands.ping('10.128.2.2'),
      probeCommands.ping('www.example.org', 3),
      probeCommands.pingDf('192.168.122.12', 1422),
      probeCommands.pingDf('192.168.122.12', 1472, 2),
      probeCommands.tracepath('10.128.4.2'),
      probeCommands.curl('http://web-demo.apps.example.com/'),
      probeCommands.curl('https://shop.apps.example.com/cart?x=1', 5),
      probeCommands.digShort('www.example.com'),
      probeCommands.digSearchAnswer('www.example.org'),
      probeCommands.ethtool('eth0'),
      probeCommands.ethtoolStats('veth1a2b3c4d'),
      probeCommands.ethtoolDriver('tun0'),
      probeCommands.ipLinkShow('br0'),
    ];
    for (const a of argvs) expect(isAllowedArgv(a), a.join(' ')).toBe(true);
  });

  it('refuses anything else', () => {
    for (const a of [
      ['rm', '-rf', '/'],
      ['sh', '-c', 'id'],
      ['ip', 'route', 'add', '10.0.0.0/8', 'dev', 'eth0'],
      ['ip', 'route', 'get', '10.0.0.1;reboot'],
      ['ping', '-c', '3', '-i', '0.2', '-W', '1', '-f'],
      ['ping', '-c', '3', '-i', '0.01', '-W', '1', '10.0.0.1'],
      ['curl', '-kvsS', '-o', '/etc/passwd', '-m', '2', '--connect-timeout', '2', 'http://x/'],
      ['curl', '-kvsS', '-o', '/dev/null', '-m', '2', '--connect-timeout', '2', 'file:///etc/shadow'],
      ['ovs-ofctl', '-O', 'OpenFlow13', 'del-flows', 'br0'],
      ['iptables', '-F'],
      ['cat', '/etc/shadow'],
      [...NODE_COMMANDS[0]!.argv, 'extra'],
      [],
    ]) {
      expect(isAllowedArgv(a), a.join(' ')).toBe(false);
    }
  });
});
