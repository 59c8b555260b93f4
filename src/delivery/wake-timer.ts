/**
 * One timer that wakes its owner at a given time: setting the time it is already set for keeps it, so
 * an owner can set it each time it looks for work without piling up timers.
 */
export class WakeTimer {
  readonly #wake: () => void;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #at = 0;
  /** When the timer fires, on the owner's clock: `at` rounded up to the timer's whole milliseconds. */
  #firesAt = 0;

  /** @param wake called once the time comes */
  constructor(wake: () => void) {
    this.#wake = wake;
  }

  /**
   * Wakes the owner at `at`, or never when undefined.
   * @param at milliseconds, on the owner's clock
   * @param now the time now on that clock
   */
  set(at: number | undefined, now: number): void {
    if (at === undefined) {
      this.clear();
      return;
    }
    if (this.#timer !== undefined && this.#at === at) return;
    this.clear();
    this.#at = at;
    // Whole milliseconds, rounded up: a timer a fraction early would only have to be set again.
    const delayMs = Math.max(0, Math.ceil(at - now));
    this.#firesAt = now + delayMs;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#wake();
    }, delayMs);
  }

  /** Whether a wake is pending. */
  get isSet(): boolean {
    return this.#timer !== undefined;
  }

  /**
   * Whether a wake is pending and its time has come, so that it fires as soon as the event loop turns.
   * @param now the time now on the owner's clock
   */
  isDue(now: number): boolean {
    return this.#timer !== undefined && now >= this.#firesAt;
  }

  clear(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
