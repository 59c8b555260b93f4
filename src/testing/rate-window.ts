/**
 * A sliding one-second window over the requests accepted for processing. Refused requests do not
 * count, so a client that backs off as told gets through once the window has moved on.
 */

export type RateDecision = { accepted: true } | { accepted: false; retryAfterSeconds: number };

const windowMs = 1000;

export class RateWindow {
  /** Acceptance times in milliseconds, oldest first. */
  readonly #accepted: number[] = [];

  /** @param limit requests accepted in any one second */
  constructor(readonly limit: number) {}

  /** Accepts the request at `nowMs` when fewer than `limit` were accepted in the second before it. */
  admit(nowMs: number): RateDecision {
    while (this.#accepted.length > 0 && (this.#accepted[0] ?? 0) <= nowMs - windowMs) this.#accepted.shift();
    if (this.#accepted.length < this.limit) {
      this.#accepted.push(nowMs);
      return { accepted: true };
    }
    // The oldest acceptance leaves the window first; Retry-After is in whole seconds, never 0.
    const waitMs = (this.#accepted[0] ?? nowMs) + windowMs - nowMs;
    return { accepted: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  reset(): void {
    this.#accepted.length = 0;
  }
}
