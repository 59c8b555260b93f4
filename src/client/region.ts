/** Finding which region a workspace lives in. */

import { unwrap } from './api-result.js';
import { type Region, trackApiUrls } from './hosts.js';
import type { TrackClientOptions } from './options.js';
import { UnexpectedResponseError } from './request-errors.js';
import { createTrackClient } from './track-client.js';

/**
 * Asks Customer.io which region the credentials belong to. The question goes to `baseUrl` when given,
 * else to the US host, which answers for both regions.
 * @throws AuthError when the credentials are wrong; ApiError, NetworkError or TimeoutError otherwise.
 */
export async function detectRegion(options: Omit<TrackClientOptions, 'region'>): Promise<Region> {
  const client = createTrackClient({ ...options, region: 'us' });
  const info = unwrap(await client.GET('/api/v1/accounts/region'));
  if (info.region === 'us' || info.region === 'eu') return info.region;
  // Fall back on the URL, in case a future answer names the region only through it.
  const byUrl = (Object.keys(trackApiUrls) as Region[]).find((region) => trackApiUrls[region] === info.url);
  if (byUrl) return byUrl;
  throw new UnexpectedResponseError(
    'GET /api/v1/accounts/region',
    `unknown region ${JSON.stringify(info.region)}`,
  );
}
