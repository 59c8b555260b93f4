/**
 * Packing ready operations into one request body by their serialised bytes: as many as fit in
 * `maxBatchBytes` go to `/api/v2/batch`, and a lone one goes to `/api/v2/entity`. Bodies are written
 * as UTF-8 straight into one buffer of their exact size, from the strings each operation was serialised
 * to when it was accepted: no joined string of up to 500 KB (twice that in memory for text outside
 * Latin-1) is built only to be encoded and dropped.
 */
import type { Deque } from './deque.js';
import type { SoloRequest } from './operation-route.js';
import { batchEnvelopeBytes } from './options.js';
import type { QueuedOperation } from './tracked-message.js';

/** One request, ready to send. */
export type RequestPlan = PlanCommon &
  ({ kind: 'entity' | 'batch' } | { kind: 'solo'; request: SoloRequest });

interface PlanCommon {
  /** The operations it carries, in order: a 207 names them by position. */
  items: QueuedOperation[];
  /**
   * The request body as UTF-8, written from the strings the operations were serialised to; empty once
   * handed to the client (send-plan.ts), which copies it.
   */
  body: Uint8Array;
  /** The body's size in UTF-8 bytes. */
  bytes: number;
  /** Method and path, such as `POST /api/v2/batch`. */
  label: string;
  /** Whether these items must go together again if the request is retried (half of a split batch). */
  pinned: boolean;
}

const soloLabels: Record<SoloRequest['endpoint'], string> = {
  identifyPerson: 'PUT /api/v1/customers/{identifier}',
  trackEvent: 'POST /api/v1/customers/{identifier}/events',
  trackAnonymousEvent: 'POST /api/v1/events',
  reportMetric: 'POST /api/v1/metrics',
};

/** The serialised operation of a v2 item; only v2 routes are ever queued for batching. */
function jsonOf(item: QueuedOperation): { json: string; bytes: number } {
  const route = item.route;
  if (route.kind !== 'v2') throw new Error(`operation ${item.index} is not a v2 operation`);
  return route;
}

/**
 * Takes operations from the front of `ready`, in order, while the batch body stays within `maxBytes`.
 * Takes at least one: every v2 operation is within 32 KB, and `maxBytes` leaves room for one.
 */
export function takeBatch(ready: Deque<QueuedOperation>, maxBytes: number): QueuedOperation[] {
  const items: QueuedOperation[] = [];
  // The envelope, then each item and the comma before it (the first has none).
  let bytes = batchEnvelopeBytes - 1;
  for (let next = ready.peek(); next !== undefined; next = ready.peek()) {
    const size = jsonOf(next).bytes + 1;
    if (items.length > 0 && bytes + size > maxBytes) break;
    bytes += size;
    items.push(next);
    ready.shift();
  }
  return items;
}

/** The request for some v2 operations: one alone goes to `/api/v2/entity`, several to `/api/v2/batch`. */
export function v2Plan(items: QueuedOperation[], pinned = false): RequestPlan {
  const [first] = items;
  if (items.length === 1 && first) {
    const { json, bytes } = jsonOf(first);
    return { kind: 'entity', items, body: utf8(json, bytes), bytes, label: 'POST /api/v2/entity', pinned };
  }
  let bytes = batchEnvelopeBytes + items.length - 1;
  for (const item of items) bytes += jsonOf(item).bytes;
  const body = Buffer.allocUnsafe(bytes);
  let at = body.write('{"batch":[', 0, 'latin1');
  for (let index = 0; index < items.length; index++) {
    if (index > 0) body[at++] = 0x2c; // ,
    const { json, bytes } = jsonOf(items[index] as QueuedOperation);
    at += writeExactly(body, json, at, bytes);
  }
  at += body.write(']}', at, 'latin1');
  if (at !== bytes) throw new Error(`batch body is ${at} bytes, expected ${bytes}`);
  return { kind: 'batch', items, body, bytes, label: 'POST /api/v2/batch', pinned };
}

/** The request for an operation that travels alone, on a v1 endpoint. */
export function soloPlan(item: QueuedOperation): RequestPlan {
  const route = item.route;
  if (route.kind !== 'solo') throw new Error(`operation ${item.index} does not travel alone`);
  return {
    kind: 'solo',
    items: [item],
    request: route.request,
    body: utf8(route.json, route.bytes),
    bytes: route.bytes,
    label: soloLabels[route.request.endpoint],
    pinned: false,
  };
}

function utf8(json: string, bytes: number): Uint8Array {
  const body = Buffer.allocUnsafe(bytes);
  writeExactly(body, json, 0, bytes);
  return body;
}

/**
 * Writes `json` at `offset`; `bytes` is its UTF-8 length as measured when it was serialised (a lone
 * surrogate as the 3 bytes of U+FFFD, which `write` also puts there). A short write would send a body
 * cut off mid-item, so it throws instead.
 */
function writeExactly(target: Buffer, json: string, offset: number, bytes: number): number {
  const written = target.write(json, offset, bytes, 'utf8');
  if (written !== bytes) throw new Error(`operation JSON is ${written} bytes, expected ${bytes}`);
  return written;
}
