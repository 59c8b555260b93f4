/**
 * Spreads the requests of a destination evenly: one every `spacingMs` (the window divided by the limit,
 * see rate-limit.ts).
 *
 * The sliding window alone would let a whole second's requests go at once, after which they repeat as a
 * burst every window: the first request of a burst carries everything queued and the others next to
 * nothing, and their bodies (up to 500 KB each) upload side by side. Evenly spaced starts give each
 * request its share of what is queued, and Customer.io a steady flow.
 *
 * A timer that fires late (a busy event loop) is caught up on, but never by sending back to back: the
 * next start is due one spacing after the last one was due, and at least half a spacing after the last
 * one really went.
 */
export class Pacer {
  readonly #spacingMs: number;
  /** When the next start is due on the schedule, in milliseconds. */
  #dueAt = Number.NEGATIVE_INFINITY;
  /** When the last start really went, in milliseconds. */
  #lastAt = Number.NEGATIVE_INFINITY;
  readonly #waiting = new Set<{ timer: ReturnType<typeof setTimeout>; reject: (error: Error) => void }>();

  /** @param spacingMs the time between two starts, in milliseconds */
  constructor(spacingMs: number) {
    this.#spacingMs = spacingMs;
  }

  /** Resolves when the next start is due: at once (undefined) when it already is. */
  next(now: number): Promise<void> | undefined {
    const at = Math.max(now, this.#dueAt, this.#lastAt + this.#spacingMs / 2);
    this.#dueAt = at + this.#spacingMs;
    if (at <= now) {
      this.#lastAt = now;
      return undefined;
    }
    return new Promise((resolve, reject) => {
      const entry = {
        timer: setTimeout(() => {
          this.#waiting.delete(entry);
          this.#lastAt = Date.now();
          resolve();
        }, at - now),
        reject,
      };
      this.#waiting.add(entry);
    });
  }

  /** Rejects every wait and clears its timer. */
  stop(): void {
    for (const { timer, reject } of this.#waiting) {
      clearTimeout(timer);
      reject(new Error('The destination stopped'));
    }
    this.#waiting.clear();
  }
}
