/**
 * Addresses that never belong to a country: private, loopback, link-local, carrier-grade NAT,
 * documentation, benchmarking, multicast and reserved ranges (IANA special-purpose registries,
 * RFC 6890). An event from a developer's laptop or behind a proxy carries one of these.
 */
import { BlockList, isIP } from 'node:net';

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** IPv4 ranges as [first, last] 32-bit numbers; checked by arithmetic, a tenth of BlockList's cost. */
const IPV4_RANGES: Array<[number, number]> = (
  [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['224.0.0.0', 3],
  ] as const
).map(([network, prefix]) => {
  const first = ipv4Number(network)!;
  return [first, first + 2 ** (32 - prefix) - 1];
});

function ipv4Number(ip: string): number | null {
  const m = IPV4.exec(ip);
  if (!m) return null;
  const octets = [m[1], m[2], m[3], m[4]].map(Number);
  if (octets.some((o) => o > 255)) return null;
  return ((octets[0]! * 256 + octets[1]!) * 256 + octets[2]!) * 256 + octets[3]!;
}

const isNonPublicIpv4 = (n: number) => IPV4_RANGES.some(([first, last]) => n >= first && n <= last);

const blocked = new BlockList();
for (const [network, prefix] of [
  ['::', 127],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

/** True for an address that is not a public unicast address, or that does not parse at all. */
export function isNonPublicIp(ip: string): boolean {
  const v4 = ipv4Number(ip);
  if (v4 !== null) return isNonPublicIpv4(v4);
  if (isIP(ip) !== 6) return true;
  // An IPv4-mapped IPv6 address is judged as the IPv4 address it carries.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return isNonPublicIp(mapped[1]!);
  return blocked.check(ip, 'ipv6');
}
