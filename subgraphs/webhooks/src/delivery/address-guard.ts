import type { LookupAddress, LookupAllOptions, LookupOptions } from 'node:dns';
import { lookup } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** A target the guard refuses: loopback, private, link-local, or otherwise not public unicast. */
export class RefusedAddressError extends Error {
  constructor(readonly address: string) {
    super(`refused address ${address}: not a public unicast address`);
    this.name = 'RefusedAddressError';
  }
}

/** True for public unicast addresses; everything else (loopback, private, link-local, ...) is not. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

/** The host of a URL as an address when it is a literal (brackets of IPv6 removed), else null. */
export function literalAddressOf(url: URL): string | null {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return isIP(host) ? host : null;
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `dns.lookup` for the HTTP client's connections: it resolves the name and refuses the connection
 * when any address is not public, so a name that resolved to a public address when the webhook was
 * made and to a private one now (DNS rebinding) is refused at the moment of connecting.
 */
export function guardedLookup(
  hostname: string,
  options: LookupOptions | LookupAllOptions,
  callback: LookupCallback,
): void {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((entry) => !isPublicAddress(entry.address));
    if (refused) return callback(new RefusedAddressError(refused.address), []);
    if ((options as LookupAllOptions).all) return callback(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
}

/** Every address `hostname` resolves to (for the check at creation). */
export function resolveAll(hostname: string): Promise<string[]> {
  return new Promise((resolve, reject) =>
    lookup(hostname, { all: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses.map((entry) => entry.address)),
    ),
  );
}
