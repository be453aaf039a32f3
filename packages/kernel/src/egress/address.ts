import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Which destinations an outbound request may reach. Pure functions over ipaddr.js: no I/O, no URL parsing.
 * The policy is "global unicast only": an address is refused unless it is ordinary public unicast, or it sits inside an
 * operator allowlist CIDR. Cloud metadata services are refused even then.
 */

export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

/** Why a destination was refused. `details.reason` of an `egress_refused` AppError. */
export const EGRESS_REFUSAL_REASONS = {
  invalid_url: 'the URL is not valid',
  scheme: 'only http and https are allowed',
  userinfo: 'URLs with credentials (user:password@) are not allowed',
  localhost: 'the name points at this machine',
  metadata: 'it is a cloud metadata service',
  loopback: 'it is a loopback address',
  private: 'it is a private network address',
  link_local: 'it is a link-local address',
  cgnat: 'it is a carrier-grade NAT (100.64.0.0/10) address',
  multicast: 'it is a multicast address',
  unspecified: 'it is the unspecified address',
  broadcast: 'it is the broadcast address',
  reserved: 'it is a reserved, documentation or benchmarking address',
  unique_local: 'it is an IPv6 unique-local address',
  site_local: 'it is an IPv6 site-local address',
  tunnel: 'it is an IPv6 transition address (Teredo, NAT64 local-use, IPv4-translated)',
  not_global: 'it is not a global unicast address',
} as const;

export type EgressRefusalReason = keyof typeof EGRESS_REFUSAL_REASONS;

export interface EgressAllowList {
  readonly cidrs: ReadonlyArray<readonly [IpAddress, number]>;
  /** Lower-case host names without a trailing dot. */
  readonly hosts: ReadonlySet<string>;
}

const cidr = (text: string): readonly [IpAddress, number] => ipaddr.parseCIDR(text);

/** Never reachable, not even through an allowlist CIDR: the instance credentials of every major cloud live here. */
const METADATA_ADDRESSES = [
  '169.254.169.254/32', // AWS, GCP, Azure, OCI, DigitalOcean, Hetzner, OpenStack
  '169.254.170.2/32', // AWS ECS task metadata
  '169.254.170.23/32', // AWS EKS pod identity
  '169.254.0.23/32', // Tencent Cloud
  '100.100.100.200/32', // Alibaba Cloud
  '168.63.129.16/32', // Azure WireServer (a public address, reachable only from inside Azure)
  '192.0.0.192/32', // Oracle Cloud (legacy)
  'fd00:ec2::254/128', // AWS IMDS over IPv6
  'fd00:ec2::23/128', // AWS EKS pod identity over IPv6
].map(cidr);

/** Host names refused before any DNS query (their addresses would be refused anyway; this is the clearer message). */
const METADATA_NAMES = new Set(['metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal']);
const LOCAL_NAMES = new Set(['localhost', 'localhost.localdomain', 'ip6-localhost', 'ip6-loopback']);

const GLOBAL_UNICAST_V6 = cidr('2000::/3');
/** NAT64 well-known prefix (RFC 6052) and 6to4 (RFC 3056): judged by the IPv4 address they carry. */
const NAT64 = cidr('64:ff9b::/96');
const SIX_TO_FOUR = cidr('2002::/16');

const V4_REASONS: Partial<Record<string, EgressRefusalReason>> = {
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link_local',
  loopback: 'loopback',
  carrierGradeNat: 'cgnat',
  private: 'private',
};
const V6_REASONS: Partial<Record<string, EgressRefusalReason>> = {
  unspecified: 'unspecified',
  loopback: 'loopback',
  linkLocal: 'link_local',
  multicast: 'multicast',
  uniqueLocal: 'unique_local',
  deprecatedSiteLocal: 'site_local',
  teredo: 'tunnel',
  rfc6052: 'tunnel', // 64:ff9b:1::/48, local-use NAT64; the well-known /96 is handled before
  rfc6145: 'tunnel',
};

const matches = (ip: IpAddress, [net, bits]: readonly [IpAddress, number]): boolean =>
  ip.kind() === net.kind() && ip.match(net, bits);

/** Parses an IP address in any textual form ipaddr.js knows (dotted, decimal, octal, hex, short; [v6], v6%zone). */
export function parseIp(text: string): IpAddress | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (!ipaddr.isValid(bare)) return undefined;
  const ip = ipaddr.parse(bare);
  // ::ffff:a.b.c.d is the IPv4 socket a.b.c.d: judge (and allowlist) it as that.
  return ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress() ? (ip as ipaddr.IPv6).toIPv4Address() : ip;
}

/** True for a literal IP address the way net.connect sees it (then it does no DNS lookup). */
export const isIpLiteral = (host: string): boolean => isIP(host.startsWith('[') ? host.slice(1, -1) : host) !== 0;

function embeddedIPv4(ip: ipaddr.IPv6, hextet: number): ipaddr.IPv4 {
  const hi = ip.parts[hextet]!;
  const lo = ip.parts[hextet + 1]!;
  return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
}

/** Why this address may not be a destination, or undefined when it may. */
export function addressRefusal(ip: IpAddress, allow: EgressAllowList): EgressRefusalReason | undefined {
  if (METADATA_ADDRESSES.some((range) => matches(ip, range))) return 'metadata';
  if (allow.cidrs.some((range) => matches(ip, range))) return undefined;
  if (ip.kind() === 'ipv4') {
    const range = ip.range();
    return range === 'unicast' ? undefined : (V4_REASONS[range] ?? 'reserved');
  }
  const v6 = ip as ipaddr.IPv6;
  if (matches(v6, NAT64)) return addressRefusal(embeddedIPv4(v6, 6), { cidrs: [], hosts: allow.hosts });
  if (matches(v6, SIX_TO_FOUR)) return addressRefusal(embeddedIPv4(v6, 1), { cidrs: [], hosts: allow.hosts });
  const range = v6.range();
  if (range !== 'unicast') return V6_REASONS[range] ?? 'reserved';
  return matches(v6, GLOBAL_UNICAST_V6) ? undefined : 'not_global';
}

/** Lower case, without trailing dots: `LocalHost.` and `localhost` are one name. */
export const normalizeHostName = (host: string): string => host.toLowerCase().replace(/\.+$/, '');

/** Why this (normalized) host name may not be a destination, or undefined when DNS should decide. */
export function hostNameRefusal(name: string): EgressRefusalReason | undefined {
  if (LOCAL_NAMES.has(name) || name.endsWith('.localhost')) return 'localhost';
  if (METADATA_NAMES.has(name)) return 'metadata';
  return undefined;
}

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/**
 * Parses SMARTEROS_EGRESS_ALLOW entries: CIDRs (127.0.0.0/8, ::1/128), single addresses (127.0.0.1) and host names
 * (upstream.internal). Throws an Error naming the first bad entry.
 */
export function parseEgressAllow(entries: readonly string[]): EgressAllowList {
  const cidrs: Array<readonly [IpAddress, number]> = [];
  const hosts = new Set<string>();
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === '') continue;
    if (entry.includes('/')) {
      const [address = '', bits = ''] = entry.split('/');
      if (isIP(address) === 0 || !/^\d{1,3}$/.test(bits) || !ipaddr.isValidCIDR(entry)) {
        throw new Error(`SMARTEROS_EGRESS_ALLOW: "${entry}" is not a valid CIDR (for example 10.0.0.0/8 or fd00::/8)`);
      }
      const [ip, prefix] = ipaddr.parseCIDR(entry);
      // ::ffff:127.0.0.0/104 is 127.0.0.0/8: mapped addresses are judged as IPv4 (see parseIp).
      const mapped = ip.kind() === 'ipv6' && prefix >= 96 && (ip as ipaddr.IPv6).isIPv4MappedAddress();
      cidrs.push(mapped ? [(ip as ipaddr.IPv6).toIPv4Address(), prefix - 96] : [ip, prefix]);
    } else if (isIpLiteral(entry)) {
      const ip = parseIp(entry)!;
      cidrs.push([ip, ip.kind() === 'ipv4' ? 32 : 128]);
    } else {
      const name = normalizeHostName(entry);
      // A last label made of digits would be read as an IPv4 address by URL parsers, never as a name.
      if (!HOST_NAME.test(name) || /(^|\.)(\d+|0x[0-9a-f]*)$/.test(name)) {
        throw new Error(
          `SMARTEROS_EGRESS_ALLOW: "${entry}" is neither a CIDR (10.0.0.0/8), an IP address nor a host name (upstream.internal)`,
        );
      }
      hosts.add(name);
    }
  }
  return { cidrs, hosts };
}
