import { describe, expect, it } from 'vitest';
import { addressRefusal, hostNameRefusal, normalizeHostName, parseEgressAllow, parseIp, type EgressRefusalReason } from './address.ts';

const none = parseEgressAllow([]);
const reasonOf = (ip: string, allow = none): EgressRefusalReason | undefined => {
  const parsed = parseIp(ip);
  if (parsed === undefined) throw new Error(`not an address: ${ip}`);
  return addressRefusal(parsed, allow);
};

describe('addressRefusal', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['2130706433', 'loopback'],
    ['0177.0.0.1', 'loopback'],
    ['0x7f.0.0.1', 'loopback'],
    ['127.1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.1.1', 'link_local'],
    ['169.254.169.254', 'metadata'],
    ['169.254.170.2', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['168.63.129.16', 'metadata'],
    ['100.64.0.1', 'cgnat'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['192.0.2.1', 'reserved'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.9', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['::ffff:0:7f00:1', 'tunnel'],
    ['::7f00:1', 'not_global'],
    ['fe80::1', 'link_local'],
    ['fe80::1%eth0', 'link_local'],
    ['fc00::1', 'unique_local'],
    ['fd12:3456::1', 'unique_local'],
    ['fd00:ec2::254', 'metadata'],
    ['fec0::1', 'site_local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['2001:2::1', 'reserved'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'tunnel'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['64:ff9b:1::a00:1', 'tunnel'],
    ['2002:7f00:1::1', 'loopback'],
    ['2002:c0a8:101::1', 'private'],
    ['4000::1', 'not_global'],
  ] as const)('%s is refused (%s)', (ip, reason) => {
    expect(reasonOf(ip)).toBe(reason);
  });

  it.each(['8.8.8.8', '93.184.215.14', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1'])(
    '%s is a public destination',
    (ip) => {
      expect(reasonOf(ip)).toBeUndefined();
    },
  );

  it('lets allowlist CIDRs open private ranges, never metadata', () => {
    const allow = parseEgressAllow(['127.0.0.0/8', '::1/128', '10.1.0.0/16', '169.254.0.0/16', 'fd00::/8', '::ffff:192.168.0.0/112']);
    expect(reasonOf('127.0.0.2', allow)).toBeUndefined();
    expect(reasonOf('::ffff:127.0.0.1', allow)).toBeUndefined();
    expect(reasonOf('::1', allow)).toBeUndefined();
    expect(reasonOf('10.1.200.3', allow)).toBeUndefined();
    expect(reasonOf('10.2.0.1', allow)).toBe('private');
    expect(reasonOf('192.168.4.4', allow)).toBeUndefined();
    expect(reasonOf('169.254.10.10', allow)).toBeUndefined();
    expect(reasonOf('169.254.169.254', allow)).toBe('metadata');
    expect(reasonOf('fd00:ec2::254', allow)).toBe('metadata');
    // The allowlist opens the address itself, not an IPv4 address reached through NAT64 or 6to4.
    expect(reasonOf('64:ff9b::7f00:1', allow)).toBe('loopback');
  });
});

describe('host names', () => {
  it.each([
    ['localhost', 'localhost'],
    ['LocalHost.', 'localhost'],
    ['localhost..', 'localhost'],
    ['api.localhost', 'localhost'],
    ['ip6-localhost', 'localhost'],
    ['metadata.google.internal', 'metadata'],
    ['metadata.google.internal.', 'metadata'],
    ['metadata.goog', 'metadata'],
  ] as const)('%s is refused (%s)', (name, reason) => {
    expect(hostNameRefusal(normalizeHostName(name))).toBe(reason);
  });

  it('leaves other names to DNS', () => {
    expect(hostNameRefusal(normalizeHostName('api.example.cl'))).toBeUndefined();
    expect(hostNameRefusal(normalizeHostName('localhost.example.cl'))).toBeUndefined();
  });
});

describe('parseEgressAllow', () => {
  it('reads CIDRs, single addresses and host names', () => {
    const allow = parseEgressAllow([' 127.0.0.0/8 ', '::1/128', '10.0.0.5', '[fd00::1]', 'Upstream.Internal.', 'db_1', '']);
    expect(allow.cidrs.map(([ip, bits]) => `${ip.toString()}/${bits}`)).toEqual(['127.0.0.0/8', '::1/128', '10.0.0.5/32', 'fd00::1/128']);
    expect([...allow.hosts]).toEqual(['upstream.internal', 'db_1']);
  });

  it.each(['127.0.0.0/33', '127.1/8', '10.0.0.0/', '::1/129', 'http://upstream.internal', 'upstream.internal:8080', 'bad name', '*.internal', '1.2.3', '0x7f.1', '-x.example'])(
    'names the bad entry %s',
    (entry) => {
      expect(() => parseEgressAllow(['127.0.0.0/8', entry])).toThrow(`"${entry}"`);
    },
  );
});
