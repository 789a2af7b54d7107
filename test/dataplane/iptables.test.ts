import { describe, expect, it } from 'vitest';
import { indexIptables, runChain, type IptablesContext } from '../../src/dataplane/engine/iptables.js';
import { formatIp, parseIp } from '../../src/net/ipv4.js';
import { ETH_IP, F, newPacket, PROTO_TCP } from '../../src/dataplane/engine/packet.js';
import { generateNodeIptables } from '../../src/lab/iptables.js';
import { parseIptablesSave } from '../../src/parsers/iptables-save.js';

const ctx = (over: Partial<IptablesContext> = {}): IptablesContext => ({
  isLocal: (ip) => ip === parseIp('192.168.50.12'),
  addressOf: (dev) => parseIp(dev === 'tun0' ? '10.128.0.1' : '192.168.50.12'),
  ...over,
});

function packet(src: string, dst: string, dport: number) {
  const p = newPacket();
  p[F.DL_TYPE] = ETH_IP;
  p[F.NW_PROTO] = PROTO_TCP;
  p[F.NW_SRC] = parseIp(src)!;
  p[F.NW_DST] = parseIp(dst)!;
  p[F.TP_DST] = dport;
  return p;
}

const tables = (
  extraFilterRules: string[] = [],
  endpoints = ['10.128.0.5:8080', '10.128.2.7:8080', '10.129.0.9:8080'],
) =>
  indexIptables(
    parseIptablesSave(
      generateNodeIptables({
        clusterNetworks: ['10.128.0.0/14'],
        vxlanPort: 4789,
        services: [
          {
            namespace: 'blue',
            name: 'web',
            portName: 'http',
            clusterIP: '172.30.5.6',
            port: 80,
            protocol: 'TCP',
            endpoints,
          },
          {
            namespace: 'blue',
            name: 'empty',
            portName: 'http',
            clusterIP: '172.30.5.7',
            port: 80,
            protocol: 'TCP',
            endpoints: [],
          },
        ],
        extraFilterRules,
      }),
    ).records,
  );

describe('iptables nat/filter', () => {
  it('follows every KUBE-SEP branch of the statistic rules (39.11), one DNAT each', () => {
    const out = runChain(
      tables(),
      'nat',
      'PREROUTING',
      packet('10.128.0.2', '172.30.5.6', 80),
      ctx({ inDev: 'tun0' }),
    );
    expect(
      out.map((b) => `${b.verdict} ${formatIp(b.packet[F.NW_DST]!)}:${b.packet[F.TP_DST]}`).sort(),
    ).toEqual(['ACCEPT 10.128.0.5:8080', 'ACCEPT 10.128.2.7:8080', 'ACCEPT 10.129.0.9:8080']);
    expect(out.every((b) => b.steps.some((s) => s.rule?.includes('-j DNAT')))).toBe(true);
  });

  it('marks outside clients for masquerade (KUBE-MARK-MASQ) and leaves pod clients alone', () => {
    const [outside] = runChain(tables(), 'nat', 'PREROUTING', packet('203.0.113.9', '172.30.5.6', 80), ctx());
    const [pod] = runChain(
      tables([], ['10.128.0.5:8080']),
      'nat',
      'PREROUTING',
      packet('10.128.0.2', '172.30.5.6', 80),
      ctx(),
    );
    expect(outside?.packet[F.PKT_MARK]).toBe(1);
    expect(pod?.packet[F.PKT_MARK]).toBe(0);
  });

  it('masquerades pod traffic to the address of the outgoing device (OPENSHIFT-MASQUERADE)', () => {
    const [b] = runChain(
      tables(),
      'nat',
      'POSTROUTING',
      packet('10.128.0.2', '10.129.0.9', 8080),
      ctx({ outDev: 'tun0' }),
    );
    expect(formatIp(b!.packet[F.NW_SRC]!)).toBe('10.128.0.1');
  });

  it('rejects a service without endpoints in filter (39.5) and accepts forwarded SDN traffic', () => {
    const [rejected] = runChain(
      tables(),
      'filter',
      'FORWARD',
      packet('10.128.0.2', '172.30.5.7', 80),
      ctx({ inDev: 'tun0', outDev: 'tun0' }),
    );
    const [ok] = runChain(
      tables(),
      'filter',
      'FORWARD',
      packet('10.128.0.2', '10.129.0.9', 8080),
      ctx({ inDev: 'tun0', outDev: 'tun0' }),
    );
    expect(rejected?.verdict).toBe('REJECT');
    expect(rejected?.rule).toContain('has no endpoints');
    expect(ok?.verdict).toBe('ACCEPT');
  });

  it('lets an inserted DROP rule win (iptables-drop, 39.7.4.1)', () => {
    const drop = '-A FORWARD -s 10.128.0.0/14 -p tcp -m tcp --dport 8080 -j DROP';
    const [b] = runChain(
      tables([drop]),
      'filter',
      'FORWARD',
      packet('10.128.0.2', '10.129.0.9', 8080),
      ctx({ inDev: 'tun0', outDev: 'tun0' }),
    );
    expect(b).toMatchObject({ verdict: 'DROP', rule: drop });
  });

  it('applies a DROP policy when no rule accepts, and ACCEPT for a table never collected', () => {
    const t = indexIptables(
      parseIptablesSave('*filter\n:FORWARD DROP [0:0]\n-A FORWARD -d 10.0.0.0/8 -j ACCEPT\nCOMMIT\n').records,
    );
    expect(runChain(t, 'filter', 'FORWARD', packet('10.128.0.2', '8.8.8.8', 53), ctx())[0]?.verdict).toBe(
      'DROP',
    );
    expect(runChain(t, 'filter', 'FORWARD', packet('10.128.0.2', '10.1.1.1', 53), ctx())[0]?.verdict).toBe(
      'ACCEPT',
    );
    expect(runChain(t, 'nat', 'PREROUTING', packet('10.128.0.2', '10.1.1.1', 53), ctx())[0]?.steps).toEqual(
      [],
    );
  });
});
