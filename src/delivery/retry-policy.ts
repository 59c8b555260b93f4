/**
 * When to try again: exponential backoff with full jitter (a delay drawn at random between 0 and the
 * backoff, so that senders failed by the same outage do not come back together), at least what
 * `Retry-After` asked for (in full: `maxDelayMs` bounds only our own backoff), within `maxAttempts`
 * and `maxElapsedMs`.
 */
import type { RetryOptions } from './options.js';

/** Statuses worth another attempt: the request may succeed later as it is. */
export const retryableStatuses: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504, 522, 524]);

export class RetryPolicy {
  constructor(
    readonly options: Required<RetryOptions>,
    /** A number in [0, 1); injectable so tests can pin the jitter. */
    private readonly random: () => number = Math.random,
  ) {}

  /**
   * The delay before the next attempt, in milliseconds.
   * @param failures retryable failures so far, 1 or more
   * @param retryAfterMs what the server asked for, when it did
   */
  delayMs(failures: number, retryAfterMs: number | undefined): number {
    const { baseDelayMs, maxDelayMs } = this.options;
    // 2 ** 30 already exceeds any delay a timer can hold; the cap keeps the power finite.
    const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(failures - 1, 30));
    const jittered = Math.floor(this.random() * (backoff + 1));
    if (retryAfterMs === undefined) return jittered;
    return Math.max(jittered, retryAfterMs);
  }

  /**
   * Whether another attempt may start `delayMs` from `now`.
   * @param failures retryable failures so far
   * @param firstAttemptAt when the first attempt started, in milliseconds
   */
  allows(failures: number, firstAttemptAt: number, now: number, delayMs: number): boolean {
    if (failures >= this.options.maxAttempts) return false;
    return this.withinBudget(firstAttemptAt, now, delayMs);
  }

  /** Whether an attempt `delayMs` from `now` starts within `maxElapsedMs` of the first, at `firstAttemptAt`. */
  withinBudget(firstAttemptAt: number, now: number, delayMs: number): boolean {
    return now + delayMs - firstAttemptAt <= this.options.maxElapsedMs;
  }
}
