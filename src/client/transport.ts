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
      // The body is read once and every hop sends those bytes (a redirect sends them again). Neither a
      // copy of the stream (a clone) nor a Request made from this one, which proxies its stream through
      // another, is needed: each costs several streams and a copy of up to 500 KB on every request.
      const body = request.body === null ? undefined : await readAll(request.body);
      const init: RequestInit = {
        ...requestOptions(request),
        method: request.method,
        headers,
        body,
        signal,
        redirect: 'manual',
      };
      let outgoing = new Request(url, init);
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
        outgoing = new Request(url, init);
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

/** What else the caller's request says about how to send it, which every hop keeps. */
function requestOptions(request: Request): RequestInit {
  const { cache, credentials, integrity, keepalive, mode, referrer, referrerPolicy } = request;
  return { cache, credentials, integrity, keepalive, mode, referrer, referrerPolicy };
}

/** Every byte of a body stream: the one chunk a body built from bytes comes in, else the chunks joined. */
async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array<ArrayBuffer>> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    chunks.push(read.value);
    size += read.value.byteLength;
  }
  // A body's chunks are views of plain ArrayBuffers, never shared ones.
  if (chunks.length === 1) return chunks[0] as Uint8Array<ArrayBuffer>;
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
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
