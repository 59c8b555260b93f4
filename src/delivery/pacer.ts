/**
 * Spreads the requests of a destination at least `1000 / limit` milliseconds apart, on a schedule that
 * does not drift: each start is due one spacing after the previous one was due, not after it really
 * ran, so a timer that fires late (a busy event loop) is caught up on instead of costing rate for good.
 *
 * The sliding window (rate-limit.ts) alone would let a whole second's requests go at once, after which
 * they repeat as a burst every window; their bodies (up to 500 KB each) then upload side by side and
 * reach Customer.io spread out, some in the same second as the next burst. Evenly spaced starts keep
 * arrivals apart too. The window still bounds what any catching up may send.
 */
export class Pacer {
  readonly #spacingMs: number;
  /** When the next start is due, in milliseconds. */
  #nextAt = Number.NEGATIVE_INFINITY;
  readonly #waiting = new Set<{ timer: ReturnType<typeof setTimeout>; reject: (error: Error) => void }>();

  /** @param perSecond most starts a second; the spacing is its inverse */
  constructor(perSecond: number) {
    this.#spacingMs = 1000 / perSecond;
  }

  /** Resolves when the next start is due: at once (undefined) when it already is. */
  next(now: number): Promise<void> | undefined {
    const at = Math.max(now, this.#nextAt);
    this.#nextAt = at + this.#spacingMs;
    if (at <= now) return undefined;
    return new Promise((resolve, reject) => {
      const entry = {
        timer: setTimeout(() => {
          this.#waiting.delete(entry);
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
