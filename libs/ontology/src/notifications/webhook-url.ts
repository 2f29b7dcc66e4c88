import { fail, ok, type Result } from '../shared/result';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

const ipv4 = (host: string): number[] | null => {
  const parts = host.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  const bytes = parts.map(Number);
  return bytes.every((b) => b <= 255) ? bytes : null;
};

/** The first 16 bits of an IPv6 address in its canonical (URL or resolver) form, or null when it is none. */
const ipv6Head = (host: string): number | null => {
  const bare = host.replace(/^\[|\]$/g, '');
  if (!bare.includes(':')) return null;
  const head = bare.startsWith('::') ? '0' : bare.split(':')[0]!;
  return /^[0-9a-f]{1,4}$/i.test(head) ? parseInt(head, 16) : null;
};

/**
 * An IPv4 address mapped into IPv6, which connects to the IPv4 address: `::ffff:10.0.0.1` as a
 * resolver writes it, `::ffff:a00:1` as the URL parser does.
 */
const mappedIpv4 = (host: string): number[] | null => {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  if (dotted) return ipv4(dotted[1]!);
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(bare);
  if (!hex) return null;
  const [high, low] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
  return [high >> 8, high & 0xff, low >> 8, low & 0xff];
};

const isLoopback = (host: string): boolean => {
  const v4 = ipv4(host) ?? mappedIpv4(host);
  if (v4 !== null) return v4[0] === 127;
  return host.replace(/^\[|\]$/g, '') === '::1';
};

/**
 * Whether an address is one a webhook may not reach: private ranges (RFC 1918, unique local,
 * carrier-grade NAT), link-local (cloud metadata lives there), unspecified and multicast. Loopback
 * is not refused here: it is allowed for local use, and only by its literal names.
 */
export const isForbiddenAddress = (host: string): boolean => {
  const v4 = ipv4(host) ?? mappedIpv4(host);
  if (v4 !== null) {
    const [a, b] = v4 as [number, number];
    return (
      a === 0 ||
      a === 10 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254) ||
      (a === 100 && b >= 64 && b <= 127) ||
      a >= 224
    );
  }
  const head = ipv6Head(host);
  if (head === null) return false;
  const bare = host.replace(/^\[|\]$/g, '');
  return bare === '::' || (head & 0xfe00) === 0xfc00 || (head & 0xffc0) === 0xfe80 || (head & 0xff00) === 0xff00;
};

/** Whether a resolved address may receive a delivery to `hostname` (a name never resolves to loopback unless it is `localhost`). */
export const isDeliverableAddress = (hostname: string, address: string): boolean =>
  !isForbiddenAddress(address) && (!isLoopback(address) || LOOPBACK_NAMES.has(hostname) || isLoopback(hostname));

/**
 * A webhook URL: `https://` to a public host, or `http://` to loopback (127.0.0.1, localhost,
 * [::1]) for local use. A literal private, link-local or other reserved address is refused here;
 * names are resolved and checked again at delivery time (the notifier), so DNS cannot lead there.
 */
export const checkWebhookUrl = (value: string): Result<URL> => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail('validation_failed', 'url must be an absolute URL', 'url');
  }
  if (url.username !== '' || url.password !== '') return fail('validation_failed', 'url must not carry credentials', 'url');
  if (url.protocol === 'http:') {
    return LOOPBACK_NAMES.has(url.hostname)
      ? ok(url)
      : fail('validation_failed', 'url must use https:// (http:// only to 127.0.0.1, localhost or [::1])', 'url');
  }
  if (url.protocol !== 'https:') return fail('validation_failed', 'url must use https://', 'url');
  if (isForbiddenAddress(url.hostname)) {
    return fail('validation_failed', `url must not point at a private, link-local or reserved address (${url.hostname})`, 'url');
  }
  return ok(url);
};
