/**
 * The fetch function the typed client uses: it applies the timeout, follows redirects without
 * leaking credentials, reads the whole body within the timeout, and turns failures into typed errors.
 */
import { operationOf, rememberExchange } from './exchange.js';
import { ExchangeSignal } from './exchange-signal.js';
import { isCustomerIoTrackUrl } from './hosts.js';
import { snapshotRequest } from './redact.js';
import { NetworkError, TimeoutError } from './request-errors.js';

export interface TransportOptions {
  /** The user's fetch, or undefined to look up `globalThis.fetch` at each request. */
  fetch: ((request: Request) => Promise<Response>) | undefined;
  /** Limit for the whole exchange, redirects and body included, in milliseconds. */
  timeoutMs: number;
  /** Values scrubbed from anything later derived from a response. */
  secrets: readonly string[];
}

/** Customer.io redirects a workspace to its region with these; each keeps the method and the body. */
const followedRedirects = new Set([301, 302, 307, 308]);
const maxRedirects = 5;
/** Statuses whose responses cannot carry a body. */
const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);

export function createTransport(options: TransportOptions): (request: Request) => Promise<Response> {
  const send = (request: Request) => (options.fetch ?? globalThis.fetch)(request);

  return async function transport(request: Request): Promise<Response> {
    const operation = operationOf(request);
    const snapshot = snapshotRequest(request);
    const exchange = new ExchangeSignal(request.signal, options.timeoutMs);
    const signal = exchange.signal;
    try {
      let url = new URL(request.url);
      // Copied one by one: `new Headers(headers)` can lose some when fetch is instrumented (msw).
      const headers = new Headers();
      request.headers.forEach((value, name) => {
        headers.append(name, value);
      });
      // The first hop sends the request's own body stream, not a copy of it (a batch is up to 500 KB);
      // a clone is kept for a redirect, which sends the same bytes again, and is only read if one comes.
      const replay = request.body ? request.clone() : undefined;
      let body: ArrayBuffer | undefined;
      let outgoing = new Request(request, { headers, signal, redirect: 'manual' });
      for (let hop = 0; ; hop++) {
        const response = await send(outgoing);
        const location = response.headers.get('location');
        if (!followedRedirects.has(response.status) || location === null) {
          const complete = await readWhole(response);
          rememberExchange(complete, { operation, request: snapshot, secrets: options.secrets });
          return complete;
        }
        await response.body?.cancel();
        if (hop === maxRedirects) throw new Error(`more than ${maxRedirects} redirects`);
        const next = new URL(location, url);
        if (next.protocol !== 'https:' && next.protocol !== 'http:')
          throw new Error('redirected to a non-HTTP URL');
        // Credentials only go to the origin they were meant for, or to Customer.io's own hosts.
        if (next.origin !== url.origin && !isCustomerIoTrackUrl(next)) headers.delete('authorization');
        url = next;
        body ??= replay ? await replay.arrayBuffer() : undefined;
        outgoing = new Request(url, { method: request.method, headers, body, signal, redirect: 'manual' });
      }
    } catch (error) {
      if (exchange.timedOut) throw new TimeoutError(operation, snapshot, options.timeoutMs, error);
      if (request.signal.aborted) throw error;
      throw new NetworkError(operation, snapshot, error);
    } finally {
      exchange.end();
    }
  };
}

/** A copy of the response with its body already read, so a slow or broken body fails here, within the timeout. */
async function readWhole(response: Response): Promise<Response> {
  const body = nullBodyStatuses.has(response.status) ? null : await response.arrayBuffer();
  const complete = new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  Object.defineProperty(complete, 'url', { value: response.url });
  return complete;
}
