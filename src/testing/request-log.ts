/**
 * What the emulator remembers of each request: enough to assert on, and never a credential. With a
 * bound, only the latest requests: a long-running emulator must not keep every body it was sent.
 */
import { snapshotRequest } from '../client/redact.js';
import type { FaultSpec } from './faults.js';
import type { OperationId } from './routes.js';

/** One request as the emulator received and answered it. */
export interface EmulatedRequest {
  method: string;
  /** The full URL as received. */
  url: string;
  /** The path as received, still percent-encoded (a custom base URL's path prefix included). */
  path: string;
  /** The operation of our spec the request was routed to, or undefined for an unknown path or method. */
  operation: OperationId | undefined;
  /** Path parameters, percent-decoded, such as `{ identifier: 'ada@example.com' }`. */
  params: Record<string, string>;
  /** Query parameters, decoded, such as `{ id_type: 'email' }`; the last value of a repeated name. */
  query: Record<string, string>;
  /** Header names in lower case; Authorization (and Cookie) values are redacted, keeping the scheme. */
  headers: Record<string, string>;
  /** The body parsed as JSON, or undefined when it was empty or not JSON. */
  body: unknown;
  /** The body as received. */
  bodyText: string;
  /** The emulator clock (`now()`) when the request arrived, in milliseconds since the epoch. */
  receivedAt: number;
  /**
   * The status answered; undefined while the answer is pending (latency, a delay fault), and for good
   * when no answer was given: the connection was reset, or the client gave up first.
   */
  status: number | undefined;
  /** The JSON body answered; undefined when the answer had no body (401) or there was no answer. */
  response: unknown;
  /** The fault this request drew, if any. */
  fault: FaultSpec | undefined;
  /** Whether the request changed the workspace (for a batch: whether any item was applied). */
  applied: boolean;
}

/** The requests received, in order of arrival; with a bound, the oldest are forgotten first. */
export class RequestLog {
  readonly #bound: number | undefined;
  /** Unbounded: every entry in order. Bounded and full: a ring whose oldest entry is at `#oldest`. */
  readonly #entries: EmulatedRequest[] = [];
  #oldest = 0;
  /** The entries in order, for a bounded log; rebuilt on the first read after a change. */
  #ordered: readonly EmulatedRequest[] | undefined;

  /** @param bound most entries kept; undefined keeps every one */
  constructor(bound: number | undefined) {
    this.#bound = bound;
  }

  add(entry: EmulatedRequest): void {
    const bound = this.#bound;
    if (bound === undefined) {
      this.#entries.push(entry);
      return;
    }
    if (bound === 0) return;
    this.#ordered = undefined;
    if (this.#entries.length < bound) {
      this.#entries.push(entry);
      return;
    }
    this.#entries[this.#oldest] = entry;
    this.#oldest = (this.#oldest + 1) % bound;
  }

  /**
   * The entries, oldest first. Unbounded, the log's own array, which grows as requests come; bounded,
   * the entries at the moment of the call.
   */
  entries(): readonly EmulatedRequest[] {
    if (this.#bound === undefined) return this.#entries;
    this.#ordered ??= [...this.#entries.slice(this.#oldest), ...this.#entries.slice(0, this.#oldest)];
    return this.#ordered;
  }

  clear(): void {
    this.#entries.length = 0;
    this.#oldest = 0;
    this.#ordered = undefined;
  }
}

export async function receive(request: Request, receivedAt: number): Promise<EmulatedRequest> {
  const bodyText = await request.text();
  const url = new URL(request.url);
  return {
    method: request.method,
    url: request.url,
    path: url.pathname,
    operation: undefined,
    params: {},
    query: Object.fromEntries(url.searchParams),
    headers: snapshotRequest(request).headers,
    body: parseJson(bodyText),
    bodyText,
    receivedAt,
    status: undefined,
    response: undefined,
    fault: undefined,
    applied: false,
  };
}

/** The parsed body, or undefined when it is empty or not JSON. */
export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
