/**
 * Sending one planned request through the typed client. The body was written as UTF-8 when the request
 * was planned (batch-packer.ts); a per-request `bodySerializer` hands those bytes to openapi-fetch instead
 * of letting it serialise the objects again.
 */
import type { Middleware } from 'openapi-fetch';
import type { FetchResult } from '../client/api-result.js';
import type { TrackClient } from '../client/track-client.js';
import type { RequestPlan } from './batch-packer.js';

/** What a plan's body is once it was handed to the client. */
const handedOver = new Uint8Array(0);

/**
 * What openapi-fetch is given as the body of a v2 request. Its `bodySerializer` writes the plan's bytes
 * instead, so it is never read; the operations themselves are not kept once serialised (tracked-message.ts).
 */
const writtenFromPlan = {} as never;

/** What the caller of `sendPlan` gives each request besides its plan. */
export interface SendControls {
  /** Aborts the request (close() gave up on it). */
  signal: AbortSignal;
  /**
   * Called once the request is built and handed on to be sent; not called for a request refused before
   * that (an InvalidRequestError: nothing was sent).
   */
  sent: () => void;
}

/** Sends the request; resolves with openapi-fetch's result, or rejects with the transport's error. */
export function sendPlan(
  client: TrackClient,
  plan: RequestPlan,
  controls: SendControls,
): Promise<FetchResult<unknown>> {
  let body = plan.body;
  // The plan is kept until its answer, for its items; its body (up to 500 KB) need not be, since the
  // Request openapi-fetch builds holds a copy of it. Nor need the serializer keep it, though openapi-fetch
  // keeps the serializer for the whole exchange: let go, the bytes die young, before a garbage collection
  // can move them to the old generation, where they would wait for a full one.
  plan.body = handedOver;
  const bodySerializer = () => {
    const bytes = body;
    body = handedOver;
    return bytes;
  };
  // openapi-fetch runs request middleware once the URL is built, which is where a path it cannot
  // carry is refused: past that point the request goes out.
  const sent: Middleware = {
    onRequest() {
      controls.sent();
    },
  };
  const options = { bodySerializer, signal: controls.signal, middleware: [sent] };
  switch (plan.kind) {
    case 'entity':
      return client.POST('/api/v2/entity', { body: writtenFromPlan, ...options });
    case 'batch':
      return client.POST('/api/v2/batch', { body: writtenFromPlan, ...options });
    case 'solo':
      return sendSolo(client, plan.request, options);
  }
}

interface RequestOptions {
  bodySerializer: () => Uint8Array;
  signal: AbortSignal;
  middleware: Middleware[];
}

function sendSolo(
  client: TrackClient,
  request: Extract<RequestPlan, { kind: 'solo' }>['request'],
  options: RequestOptions,
): Promise<FetchResult<unknown>> {
  switch (request.endpoint) {
    case 'identifyPerson':
      return client.PUT('/api/v1/customers/{identifier}', {
        params: { path: { identifier: request.identifier } },
        body: request.body,
        ...options,
      });
    case 'trackEvent':
      return client.POST('/api/v1/customers/{identifier}/events', {
        params: { path: { identifier: request.identifier } },
        body: request.body,
        ...options,
      });
    case 'trackAnonymousEvent':
      return client.POST('/api/v1/events', { body: request.body, ...options });
    case 'reportMetric':
      return client.POST('/api/v1/metrics', { body: request.body, ...options });
  }
}
