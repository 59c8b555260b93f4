/** Where the Track API lives, and which hosts may receive credentials. */

/** A Customer.io data-centre region. */
export type Region = 'us' | 'eu';

/** The Track API base URL of each region. */
export const trackApiUrls: Readonly<Record<Region, string>> = {
  us: 'https://track.customer.io',
  eu: 'https://track-eu.customer.io',
};

const customerIoTrackHosts = new Set(Object.values(trackApiUrls).map((url) => new URL(url).host));

/** True for Customer.io's own Track hosts over https: the only foreign hosts that may receive credentials. */
export function isCustomerIoTrackUrl(url: URL): boolean {
  return url.protocol === 'https:' && customerIoTrackHosts.has(url.host);
}

/** True for hosts that never leave this machine, where plain http is acceptable. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '[::1]') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
