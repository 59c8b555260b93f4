/**
 * The timers Node had when this module loaded: a test's fake timers leave the timeout in real time,
 * as `AbortSignal.timeout` does.
 */
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

/** Whatever ends an exchange that is over, so that aborting it can only tidy up. */
const exchangeOver = new DOMException('The exchange is over', 'AbortError');

/**
 * The signal every hop of one exchange is sent with: aborted when the caller's request is, when the
 * timeout runs out, and when the exchange is over.
 *
 * The last one is what keeps memory down. Each Request made from another, and fetch itself, attach
 * listeners to the signal they were given, held through WeakRefs; V8 keeps what a WeakRef points to
 * through every young-generation collection, and those listeners reach the request's body (up to
 * 500 KB). So every body would wait for a full collection, tens of megabytes of them at full speed.
 * Aborting the signal once the exchange is over runs and removes those listeners, and the bodies die
 * young.
 */
export class ExchangeSignal {
  readonly #controller = new AbortController();
  readonly #caller: AbortSignal;
  readonly #timer: ReturnType<typeof realSetTimeout>;
  readonly #cancel = () => this.#controller.abort(this.#caller.reason);
  #timedOut = false;

  /**
   * @param caller the signal of the request being sent
   * @param timeoutMs how long the whole exchange may take, in milliseconds
   */
  constructor(caller: AbortSignal, timeoutMs: number) {
    this.#caller = caller;
    this.#timer = realSetTimeout(() => {
      this.#timedOut = true;
      this.#controller.abort(new DOMException('The operation timed out.', 'TimeoutError'));
    }, timeoutMs);
    // Like AbortSignal.timeout: the timer alone does not keep the process running.
    this.#timer.unref?.();
    if (caller.aborted) this.#cancel();
    else caller.addEventListener('abort', this.#cancel, { once: true });
  }

  /** Whether the timeout ran out (rather than the caller aborting). */
  get timedOut(): boolean {
    return this.#timedOut;
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** For when the exchange is over, whichever way it ended. */
  end(): void {
    realClearTimeout(this.#timer);
    this.#caller.removeEventListener('abort', this.#cancel);
    this.#controller.abort(exchangeOver);
  }
}
