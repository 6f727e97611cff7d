// Host names as MySQL's account matching sees them. A TCP client on a loopback address is
// 'localhost' (mysqld resolves 127.0.0.1 to localhost), so root@localhost is reachable only from
// this machine; any other client is its IP address.

import { isIPv4 } from 'node:net';

const LOCALHOST = 'localhost';
const IPV4_MAPPED_PREFIX = '::ffff:';
const IPV4_LOOPBACK_PREFIX = '127.';
const IPV6_LOOPBACK = '::1';

function unmapIpv4(address: string): string {
  return address.startsWith(IPV4_MAPPED_PREFIX) && isIPv4(address.slice(IPV4_MAPPED_PREFIX.length))
    ? address.slice(IPV4_MAPPED_PREFIX.length)
    : address;
}

export function isLoopbackAddress(address: string): boolean {
  const plain = unmapIpv4(address.trim().toLowerCase());
  return (
    plain === LOCALHOST ||
    plain === IPV6_LOOPBACK ||
    (isIPv4(plain) && plain.startsWith(IPV4_LOOPBACK_PREFIX))
  );
}

/** The host an account is matched against: 'localhost' for loopback clients, else the IP. */
export function clientHost(remoteAddress: string | undefined): string {
  if (remoteAddress === undefined) return LOCALHOST;
  return isLoopbackAddress(remoteAddress) ? LOCALHOST : unmapIpv4(remoteAddress);
}

/** bind_address as net.Server.listen() takes it: '*' (mysqld's "every address") means any. */
export function listenHost(bindAddress: string): string | undefined {
  const trimmed = bindAddress.trim();
  return trimmed === '*' || trimmed === '' ? undefined : trimmed;
}
