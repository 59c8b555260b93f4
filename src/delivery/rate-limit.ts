/**
 * The request rate limit of one destination, shared by every request it makes (retries, split batches
 * and v1 requests included), with p-throttle's strict algorithm: no more than the limit in any sliding
 * window, not merely per fixed second.
 *
 * It acts at two points. The slot throttle wraps the function that forms a request, behind a pacer
 * that spreads requests evenly over the window (pacer.ts): a request is only packed when it may go, so
 * it carries everything queued at that moment. The start throttle wraps the
 * caller's `fetch`, where requests really start: between forming and starting, a request crosses
 * openapi-fetch's middleware and the transport, which usually takes microseconds but can take tens of
 * milliseconds (the first requests' warm-up, a busy event loop). The start throttle holds back a request
 * that got there early, so the limit holds where it is observed; it otherwise never waits.
 */
import pThrottle from 'p-throttle';
import { Pacer } from './pacer.js';

type Fetch = (request: Request) => Promise<Response>;

/**
 * The windows counted in, in milliseconds: a little over a second, so that a request that reaches
 * Customer.io (and is counted there) a little later than it started, after one that was early, still
 * falls in a second of its own. The margin is a trade-off. At full speed it costs its share of the rate:
 * 3% here (at a limit of 100, about 97 requests a second). A smaller one gives more, but a request that
 * takes longer than the margin to arrive (a loaded machine or network, a body of 500 KB) can be counted
 * in the same second as one a window later: on a loaded two-core machine, 15 ms margins let 101 arrive
 * in a second at a limit of 100, and 6 at a limit of 5, even with the requests paced; 25 ms have held.
 * The first request is the exception, slower than any margin (connection set-up, the HTTP stack
 * loading): see the cold start in `gate`. The slot window is the wider one, so the start throttle rarely
 * has to wait.
 */
const slotWindowMs = 1030;
const startWindowMs = 1025;

export class RequestRateLimit {
  readonly #abort = new AbortController();
  readonly #slots: ReturnType<typeof pThrottle>;
  readonly #pacer: Pacer;
  readonly #starts: ReturnType<typeof pThrottle>;
  /** Takes a place in the start window now, for a request that already went. */
  readonly #stamp: () => Promise<void>;
  #cold = true;
  /** Settles once the first request is answered and counted; until then no other request starts. */
  #warming: Promise<void> | undefined;

  /** @param requestsPerSecond most requests in any sliding second */
  constructor(requestsPerSecond: number) {
    const common = {
      limit: requestsPerSecond,
      strict: true,
      // With a weight, strict mode counts a true sliding window. Without one it also spaces calls at
      // least ceil(window / limit) apart once they have spread over a window (11 ms at 100 per 1030 ms),
      // which caps the rate at 91 a second, and lower still when timers fire late.
      weight: () => 1,
      signal: this.#abort.signal,
    } as const;
    this.#slots = pThrottle({ ...common, interval: slotWindowMs });
    this.#pacer = new Pacer(slotWindowMs / requestsPerSecond);
    this.#starts = pThrottle({ ...common, interval: startWindowMs });
    this.#stamp = this.#starts(async () => {});
  }

  /** Paces and throttles the function that forms and starts a request. */
  slot(start: () => Promise<void>): () => Promise<void> {
    const throttled = this.#slots(start);
    return () => this.#pacer.next(Date.now())?.then(throttled) ?? throttled();
  }

  /**
   * The fetch every request goes through: the caller's, or `globalThis.fetch` looked up at each request
   * (so interceptors installed later still see it), behind the start throttle.
   *
   * Cold start: the very first request can take tens of milliseconds from starting to arriving (a new
   * connection, the HTTP stack loading), longer than the margin of the windows, and be counted by the
   * server in the same second as requests a window later. So it goes alone: it takes its place in the
   * start window when its answer (or failure) comes back, by which time it has certainly arrived, and
   * requests formed meanwhile wait for that before they start, in their order.
   */
  gate(fetch: Fetch | undefined): Fetch {
    const send = (request: Request) => (fetch ?? globalThis.fetch)(request);
    const throttled = this.#starts(send);
    return async (request: Request) => {
      if (this.#cold) {
        this.#cold = false;
        const first = this.#first(send, request);
        this.#warming = first.then(
          () => {
            this.#warming = undefined;
          },
          () => {
            this.#warming = undefined;
          },
        );
        return first;
      }
      if (this.#warming !== undefined) await this.#warming;
      return throttled(request);
    };
  }

  async #first(send: Fetch, request: Request): Promise<Response> {
    try {
      return await send(request);
    } finally {
      // Rejected only once stopped, when nothing is left to send.
      await this.#stamp().catch(() => {});
    }
  }

  /** Rejects every throttled call still waiting and clears its timer; for a destination with nothing left to send. */
  stop(): void {
    this.#pacer.stop();
    this.#abort.abort();
  }
}
