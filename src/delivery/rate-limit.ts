/**
 * The request rate limit of one destination, shared by every request it makes (retries, split batches
 * and v1 requests included), with p-throttle's strict algorithm: no more than the limit in any sliding
 * window, not merely per fixed second.
 *
 * It acts at two points. The slot throttle wraps the function that forms a request: a request is only
 * packed when it may go, so it carries everything queued at that moment. The start throttle wraps the
 * caller's `fetch`, where requests really start: between forming and starting, a request crosses
 * openapi-fetch's middleware and the transport, which usually takes microseconds but can take tens of
 * milliseconds (the first requests' warm-up, a busy event loop). The start throttle holds back a request
 * that got there early, so the limit holds where it is observed; it otherwise never waits.
 */
import pThrottle from 'p-throttle';

type Fetch = (request: Request) => Promise<Response>;

/**
 * The windows counted in, in milliseconds: 5% over a second, so that a request that reaches Customer.io
 * (and is counted there) a few tens of milliseconds later than it started, after one that was early,
 * still falls in a second of its own. At full speed this costs 5% of the rate. The slot window is the
 * wider one, so the start throttle rarely has to wait.
 */
const slotWindowMs = 1050;
const startWindowMs = 1040;

export class RequestRateLimit {
  readonly #abort = new AbortController();
  readonly #slots: ReturnType<typeof pThrottle>;
  readonly #starts: ReturnType<typeof pThrottle>;

  /** @param requestsPerSecond most requests in any sliding second */
  constructor(requestsPerSecond: number) {
    const common = { limit: requestsPerSecond, strict: true, signal: this.#abort.signal } as const;
    this.#slots = pThrottle({ ...common, interval: slotWindowMs });
    this.#starts = pThrottle({ ...common, interval: startWindowMs });
  }

  /** Throttles the function that forms and starts a request. */
  slot(start: () => Promise<void>): () => Promise<void> {
    return this.#slots(start);
  }

  /**
   * The fetch every request goes through: the caller's, or `globalThis.fetch` looked up at each request
   * (so interceptors installed later still see it), behind the start throttle.
   */
  gate(fetch: Fetch | undefined): Fetch {
    return this.#starts((request: Request) => (fetch ?? globalThis.fetch)(request));
  }

  /** Rejects every throttled call still waiting and clears its timer; for a destination with nothing left to send. */
  stop(): void {
    this.#abort.abort();
  }
}
