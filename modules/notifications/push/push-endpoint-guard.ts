import dns from 'node:dns';
import https from 'node:https';
import net from 'node:net';
import type { LookupFunction } from 'node:net';
import { AppError } from '@/core/http/app-error';

/**
 * The SSRF guard of web push: a subscription's endpoint comes from a browser, i.e. from whoever
 * calls our API, and the server POSTs to it. Only https endpoints on public addresses are accepted,
 * both when stored (the host as written) and when sent (every address the name resolves to, checked
 * by the connection's own lookup, so a name that later resolves to 10.0.0.1 is refused too).
 * `devServiceOrigin` (PUSH_DEV_SERVICE_ORIGIN, local only) is the one exception: dev/push on loopback.
 */
const blocked = new net.BlockList();
for (const [network, prefix] of [
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
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  // (IPv4-mapped ::ffff:0:0/96 is judged by its IPv4 address below: BlockList would match every IPv4 against it.)
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return false;
  if (family === 6 && address.toLowerCase().startsWith('::ffff:')) {
    // IPv4-mapped: judge the IPv4 address it carries.
    const mapped = address.slice(7);
    if (net.isIPv4(mapped)) return !blocked.check(mapped, 'ipv4');
  }
  return !blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/** Why an endpoint may not be stored or sent to; null when it may. */
export function pushEndpointProblem(endpoint: string, devServiceOrigin?: string): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.protocol !== 'https:') return 'must be an https URL';
  if (url.username || url.password) return 'must not carry credentials';
  if (devServiceOrigin && url.origin === devServiceOrigin) return null;
  const host = hostOf(url).toLowerCase();
  if (net.isIP(host)) return isPublicAddress(host) ? null : 'must not point at a private or local address';
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal') || !host.includes('.')) {
    return 'must be a public push service host';
  }
  return null;
}

/** Throws a `validation` AppError naming the endpoint field when it is refused. */
export function assertPushEndpointAllowed(endpoint: string, devServiceOrigin?: string): void {
  const problem = pushEndpointProblem(endpoint, devServiceOrigin);
  if (problem) throw new AppError({ code: 'validation', message: `The push endpoint ${problem}.`, fields: { endpoint: [problem] } });
}

/** A DNS lookup that fails for names resolving to any private or local address. */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const list = addresses as dns.LookupAddress[];
    const refused = list.find((entry) => !isPublicAddress(entry.address));
    if (refused || list.length === 0) {
      const denied = Object.assign(new Error(`push endpoint ${hostname} resolves to a non-public address`), { code: 'EPUSHPRIVATE' });
      return callback(denied, '', 0);
    }
    if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    return callback(null, list[0]!.address, list[0]!.family);
  });
};

/** The agent every push goes out through: keep-alive, and the public-only lookup. */
export function createPushAgent(): https.Agent {
  return new https.Agent({ keepAlive: true, maxSockets: 32, lookup: publicOnlyLookup });
}
