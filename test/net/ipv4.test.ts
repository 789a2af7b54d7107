import { describe, expect, it } from 'vitest';
import {
  addressOf,
  cidrContains,
  cidrCovers,
  cidrSize,
  cidrsOverlap,
  formatCidr,
  formatIp,
  gatewayOf,
  hostInCidr,
  inCidr,
  ipHex,
  nthAddress,
  nthSubnet,
  parseCidr,
  parseIp,
  podMac,
  prefixMask,
  prefixOf,
  sameCidr,
} from '../../src/net/ipv4.js';

const cidr = (text: string) => {
  const c = parseCidr(text);
  if (!c) throw new Error(`fixture does not parse: ${text}`);
  return c;
};

describe('addresses', () => {
  it('parses dotted quads and formats them back', () => {
    expect(parseIp('10.128.0.1')).toBe(0x0a800001);
    expect(parseIp('0.0.0.0')).toBe(0);
    expect(parseIp('255.255.255.255')).toBe(0xffffffff);
    expect(formatIp(0xffffffff)).toBe('255.255.255.255');
    expect(formatIp(0x0a800001)).toBe('10.128.0.1');
    expect(formatIp(parseIp('192.168.122.12')!)).toBe('192.168.122.12');
  });

  it.each([
    '10.128.0',
    '256.0.0.1',
    '1.2.3.4.5',
    '1..2.3',
    '.1.2.3',
    '1.2.3.',
    '',
    'a.b.c.d',
    '01.2.3.4',
    ' 1.2.3.4',
    '1.2.3.1000',
  ])('refuses %j', (text) => expect(parseIp(text)).toBeUndefined());

  it('spells the octets in hex, as pod MACs embed them', () => {
    expect(ipHex(parseIp('10.128.2.5')!)).toBe('0a:80:02:05');
    expect(podMac(parseIp('10.129.0.255')!)).toBe('0a:58:0a:81:00:ff');
  });
});

describe('CIDRs', () => {
  it('parses prefixes, clearing host bits', () => {
    expect(parseCidr('10.128.3.7/14')).toEqual({ base: 0x0a800000, len: 14, mask: 0xfffc0000 });
    expect(formatCidr(cidr('10.128.3.7/14'))).toBe('10.128.0.0/14');
  });

  it('/0, /32, `default`, a bare address and dotted masks', () => {
    expect(parseCidr('0.0.0.0/0')).toEqual({ base: 0, len: 0, mask: 0 });
    expect(parseCidr('8.8.8.8/0')).toEqual({ base: 0, len: 0, mask: 0 });
    expect(parseCidr('default')).toEqual({ base: 0, len: 0, mask: 0 });
    expect(parseCidr('10.1.2.3/32')).toEqual({ base: 0x0a010203, len: 32, mask: 0xffffffff });
    expect(parseCidr('10.1.2.3')).toEqual(parseCidr('10.1.2.3/32'));
    expect(parseCidr('255.255.255.255')).toEqual({ base: 0xffffffff, len: 32, mask: 0xffffffff });
    expect(parseCidr('10.128.0.0/255.252.0.0')).toEqual(parseCidr('10.128.0.0/14'));
    expect(parseCidr('10.0.0.0/255.255.255.255')?.len).toBe(32);
    expect(parseCidr('10.0.0.0/0.0.0.0')?.len).toBe(0);
    expect(parseCidr(' 10.128.0.0/14 ')).toEqual(parseCidr('10.128.0.0/14'));
  });

  it.each([
    '10.1.2.3/33',
    '10.1.2.3/',
    '10.1.2.3/x',
    '10.1.2.3/14/1',
    '10.1.2/24',
    '10.0.0.0/255.0.255.0',
    'Default',
    '',
  ])('refuses %j', (text) => expect(parseCidr(text)).toBeUndefined());

  it('masks and sizes at the edges', () => {
    expect(prefixMask(0)).toBe(0);
    expect(prefixMask(32)).toBe(0xffffffff);
    expect(prefixMask(23)).toBe(0xfffffe00);
    expect(cidrSize(cidr('default'))).toBe(2 ** 32);
    expect(cidrSize(cidr('1.2.3.4/32'))).toBe(1);
  });

  it('membership: /0 holds everything, /32 only itself', () => {
    expect(inCidr(0xffffffff, cidr('default'))).toBe(true);
    expect(inCidr(0, cidr('0.0.0.0/0'))).toBe(true);
    expect(inCidr(parseIp('10.1.2.3')!, cidr('10.1.2.3/32'))).toBe(true);
    expect(inCidr(parseIp('10.1.2.4')!, cidr('10.1.2.3/32'))).toBe(false);
    expect(inCidr(0xffffffff, cidr('255.255.255.255'))).toBe(true);
    expect(inCidr(0xffffffff, cidr('255.255.255.0/24'))).toBe(true);
    expect(cidrCovers(cidr('10.128.0.0/14'), cidr('10.130.0.0/23'))).toBe(true);
    expect(cidrCovers(cidr('10.130.0.0/23'), cidr('10.128.0.0/14'))).toBe(false);
    expect(cidrCovers(cidr('default'), cidr('255.255.255.255'))).toBe(true);
  });

  it('addresses and subnets by position', () => {
    expect(formatIp(nthAddress(cidr('10.128.2.0/23'), 1))).toBe('10.128.2.1');
    expect(formatIp(nthAddress(cidr('255.255.255.0/24'), 255))).toBe('255.255.255.255');
    expect(formatCidr(nthSubnet(cidr('10.128.0.0/14'), 23, 2))).toBe('10.128.4.0/23');
    expect(formatCidr(nthSubnet(cidr('10.128.0.0/14'), 23, 0))).toBe('10.128.0.0/23');
  });
});

describe('string-level helpers', () => {
  it('parses, compares and contains', () => {
    expect(sameCidr('10.1.2.3', '10.1.2.3/32')).toBe(true);
    expect(sameCidr('10.128.0.0/14', '10.128.0.0/23')).toBe(false);
    expect(sameCidr('default', '0.0.0.0/0')).toBe(true);
    expect(cidrContains('10.128.0.0/14', '10.131.255.255')).toBe(true);
    expect(cidrContains('10.128.0.0/14', '10.132.0.0')).toBe(false);
    expect(cidrContains('0.0.0.0/0', '8.8.8.8')).toBe(true);
    expect(cidrContains('default', '255.255.255.255')).toBe(true);
    expect(cidrsOverlap('10.128.0.0/14', '10.130.0.0/23')).toBe(true);
    expect(cidrsOverlap('10.130.0.0/23', '10.128.0.0/14')).toBe(true);
    expect(cidrsOverlap('10.128.0.0/14', '172.30.0.0/16')).toBe(false);
    expect(gatewayOf('10.128.2.0/23')).toBe('10.128.2.1');
    expect(hostInCidr('172.30.0.0/16', 258)).toBe('172.30.1.2');
  });

  it('unreadable text is never inside, equal to or overlapping anything', () => {
    expect(cidrContains('10.0.0.0/8', '10.0.0')).toBe(false);
    expect(cidrContains('10.0.0.0/33', '10.0.0.1')).toBe(false);
    expect(sameCidr('x', 'x')).toBe(false);
    expect(cidrsOverlap('default', 'nonsense')).toBe(false);
    expect(gatewayOf('10.128.2.0/40')).toBeUndefined();
    expect(gatewayOf('10.128.2.1/32')).toBeUndefined();
    expect(hostInCidr('bad', 1)).toBeUndefined();
  });

  it('splits an interface address into its parts', () => {
    expect(addressOf('10.128.0.1/23')).toBe('10.128.0.1');
    expect(addressOf('10.128.0.1')).toBe('10.128.0.1');
    expect(prefixOf('10.128.0.1/23')).toBe('23');
    expect(prefixOf('10.128.0.1')).toBeUndefined();
  });
});
