/**
 * The request rate limit of one destination, shared by every request it makes (retries, split batches,
 * v1 requests and redirect hops included), so that Customer.io never counts more than the limit in any
 * sliding second.
 *
 * It acts at two points. The slot throttle wraps the function that forms a request, behind a pacer that
 * spreads requests evenly over the second (pacer.ts) and a wait for a free place in the arrival window:
 * a request is only packed when it may go, so it carries everything queued at that moment. It is a
 * p-throttle in strict mode, counting when requests are formed. The arrival window (arrival-window.ts)
 * wraps the caller's `fetch`, where requests really start: each HTTP request holds a place there from
 * its start until a second after its answer, which bounds what Customer.io counts by when requests
 * arrive, however long they take to get there.
 */
import pThrottle from 'p-throttle';
import { ArrivalWindow } from './arrival-window.js';
import { Pacer } from './pacer.js';

type Fetch = (request: Request) => Promise<Response>;

/** The sliding window Customer.io counts requests in, in milliseconds. */
const windowMs = 1000;

export class RequestRateLimit {
  readonly #abort = new AbortController();
  readonly #slots: ReturnType<typeof pThrottle>;
  readonly #pacer: Pacer;
  readonly #arrivals: ArrivalWindow;
  /** The time between two request starts at full pace, in milliseconds. */
  readonly spacingMs: number;

  /** @param requestsPerSecond most requests in any sliding second */
  constructor(requestsPerSecond: number) {
    this.spacingMs = windowMs / requestsPerSecond;
    this.#slots = pThrottle({
      limit: requestsPerSecond,
      interval: windowMs,
      strict: true,
      // With a weight, strict mode counts a true sliding window. Without one it also spaces calls at
      // least ceil(window / limit) apart once they have spread over a window, which loses a share of
      // the rate whenever timers fire late.
      weight: () => 1,
      signal: this.#abort.signal,
    });
    this.#pacer = new Pacer(this.spacingMs);
    this.#arrivals = new ArrivalWindow(requestsPerSecond, windowMs);
  }

  /** Paces and throttles the function that forms and starts a request. */
  slot(start: () => Promise<void>): () => Promise<void> {
    const throttled = this.#slots(start);
    const whenFree = () => this.#arrivals.whenFree()?.then(throttled) ?? throttled();
    return () => this.#pacer.next(Date.now())?.then(whenFree) ?? whenFree();
  }

  /**
   * The fetch every HTTP request goes through: the caller's, or `globalThis.fetch` looked up at each
   * request (so interceptors installed later still see it), each call holding a place in the arrival
   * window from its start until a second after it settles.
   */
  gate(fetch: Fetch | undefined): Fetch {
    return async (request: Request) => {
      const release = await this.#arrivals.acquire();
      try {
        return await (fetch ?? globalThis.fetch)(request);
      } finally {
        release();
      }
    };
  }

  /**
   * Whether a start that waits on a timer (the pace, or a place in the arrival window) is due: it goes
   * as soon as the event loop turns, which code that keeps the thread should then let it do.
   */
  get startIsDue(): boolean {
    return this.#pacer.isDue(Date.now()) || this.#arrivals.placeIsDue;
  }

  /** Rejects every throttled call still waiting and clears its timer; for a destination with nothing left to send. */
  stop(): void {
    this.#pacer.stop();
    this.#arrivals.stop();
    this.#abort.abort();
  }
}
