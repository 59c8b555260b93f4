/** The typed low-level client: openapi-fetch over the generated paths, with authentication and our transport. */
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from '../../generated/track-api.js';
import { trackApiOperations } from '../../generated/track-api.operations.js';
import { packageVersion } from '../version.js';
import { rememberOperation } from './exchange.js';
import { resolveClientOptions, type TrackClientOptions } from './options.js';
import { serializePath } from './path-segments.js';
import { createTransport } from './transport.js';

/** A client for every Track API operation in `spec/track-api.yaml`, typed by its generated `paths`. */
export type TrackClient = Client<paths, 'application/json'>;

/**
 * Operations the spec waives credentials for (`security: []`), by `METHOD /path/template`: sending the
 * key there would only widen its exposure.
 */
const unauthenticatedOperations = new Set(
  Object.entries(trackApiOperations)
    .filter(([, operation]) => !operation.authenticated)
    .map(([label]) => label),
);

/**
 * Creates the typed Track API client. Options are checked at once and a wrong one throws ConfigError.
 *
 * @example
 * const client = createTrackClient({ siteId, apiKey, region: 'eu' });
 * const { error } = await client.PUT('/api/v1/customers/{identifier}', {
 *   params: { path: { identifier: 'user-42' } },
 *   body: { email: 'ada@example.com', plan: 'pro' },
 * });
 */
export function createTrackClient(options: TrackClientOptions): TrackClient {
  const resolved = resolveClientOptions(options);
  const credentials = base64(`${resolved.siteId}:${resolved.apiKey}`);
  const userAgent =
    resolved.userAgent ?? `customerio-destination/${packageVersion} node/${process.versions.node}`;

  const client = createClient<paths, 'application/json'>({
    baseUrl: resolved.baseUrl,
    fetch: createTransport({
      fetch: resolved.fetch,
      timeoutMs: resolved.timeoutMs,
      secrets: [resolved.apiKey, credentials],
    }),
    pathSerializer: serializePath,
  });

  const authentication: Middleware = {
    onRequest({ request, schemaPath }) {
      const operation = `${request.method} ${schemaPath}`;
      rememberOperation(request, operation);
      request.headers.set('Accept', 'application/json');
      request.headers.set('User-Agent', userAgent);
      if (!unauthenticatedOperations.has(operation))
        request.headers.set('Authorization', `Basic ${credentials}`);
    },
  };
  client.use(authentication);
  return client;
}

/** Base64 of the UTF-8 bytes, with no dependency on Node's Buffer. */
function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
