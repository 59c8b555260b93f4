/**
 * Spreads the requests of a destination evenly: one every `spacingMs` (the window divided by the limit,
 * see rate-limit.ts).
 *
 * The sliding window alone would let a whole second's requests go at once, after which they repeat as a
 * burst every window: the first request of a burst carries everything queued and the others next to
 * nothing, and their bodies (up to 500 KB each) upload side by side. Evenly spaced starts give each
 * request its share of what is queued, and Customer.io a steady flow.
 *
 * Lateness does not add up. A start is due one spacing after the previous one was due, not after it
 * went, so starts whose timers ran late (a busy event loop) go as soon as they can, and one asked for
 * late (work that came just after its time, or a thread busy for a moment: a garbage collection, a long
 * turn of the event loop) keeps the schedule, the starts that came due meanwhile going one after the
 * other. Without that, every such moment was lost for good: a tight loop queueing messages sustained
 * 97 to 98 requests a second at a limit of 100, 99 with it. Going early never pushes the limit: the
 * arrival window (arrival-window.ts) counts every request, however close to the last.
 */

/**
 * How late a start may be asked for and still keep the schedule, in milliseconds, when that is more
 * than one spacing: later than that, the schedule starts again from now, so no burst follows an idle
 * spell. A tenth of a second is ten starts at Customer.io's 100 a second.
 */
const maxCatchUpMs = 100;
export class Pacer {
  readonly #spacingMs: number;
  /** When the next start is due on the schedule, in milliseconds. */
  #dueAt = Number.NEGATIVE_INFINITY;
  /** Waits in the order their starts are due. */
  readonly #waiting = new Set<{
    timer: ReturnType<typeof setTimeout>;
    at: number;
    reject: (error: Error) => void;
  }>();

  /** @param spacingMs the time between two starts, in milliseconds */
  constructor(spacingMs: number) {
    this.#spacingMs = spacingMs;
  }

  /** Resolves when the next start is due: at once (undefined) when it already is. */
  next(now: number): Promise<void> | undefined {
    const catchUpMs = Math.max(this.#spacingMs, maxCatchUpMs);
    const due = this.#dueAt >= now - catchUpMs ? this.#dueAt : now;
    const at = Math.max(now, due);
    this.#dueAt = due + this.#spacingMs;
    if (at <= now) return undefined;
    return new Promise((resolve, reject) => {
      const entry = {
        timer: setTimeout(() => {
          this.#waiting.delete(entry);
          resolve();
        }, at - now),
        at,
        reject,
      };
      this.#waiting.add(entry);
    });
  }

  /**
   * Whether the earliest start waited for is due, and goes as soon as the event loop turns.
   * @param now milliseconds, on the clock `next` was given
   */
  isDue(now: number): boolean {
    const earliest = this.#waiting.values().next().value;
    return earliest !== undefined && now >= earliest.at;
  }

  /** Rejects every wait and clears its timer. */
  stop(): void {
    for (const { timer, reject } of this.#waiting) {
      clearTimeout(timer);
      reject(stoppedError());
    }
    this.#waiting.clear();
  }
}

/** What a wait of a stopped rate limit is rejected with; nothing is left to send by then. */
export function stoppedError(): Error {
  return new Error('The destination stopped');
}
