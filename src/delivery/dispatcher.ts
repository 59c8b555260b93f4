/**
 * The loop that sends: while the rate limit and `maxConcurrentRequests` allow and work is ready, a
 * request goes out carrying everything ready at that moment, packed by bytes. There is no batching
 * timer: at low load a message waits one round trip; when the limits are reached, work piles up
 * behind them and the next request carries more of it.
 *
 * The destination's rate limit (rate-limit.ts) wraps the function that starts a request, so every
 * request, retries and split batches included, is counted in one sliding window. The user's `fetch`
 * sits beneath it, inside the typed client, and so sees requests when they really start.
 *
 * Timers exist only while work is waiting (a retry's backoff, a `Retry-After` pause, `lingerMs`), like
 * the requests in flight beside them; when the destination is idle there is none, and the process can exit.
 *
 * Each request in flight has its own AbortController, so that a destination giving up (close() with a
 * limit) can abort them all; their late answers are then ignored.
 */
import type { TrackClient } from '../client/track-client.js';
import { CustomerIoError } from '../errors.js';
import { applyOutcome, type OperationSettlement } from './apply-outcome.js';
import type { RequestPlan } from './batch-packer.js';
import { afterThisTurn } from './next-turn.js';
import { entityLimitBytes, type ResolvedDeliveryOptions } from './options.js';
import type { RequestRateLimit } from './rate-limit.js';
import { classifyResult, classifyThrown, type RequestOutcome } from './request-outcome.js';
import type { RetryPolicy } from './retry-policy.js';
import { sendPlan } from './send-plan.js';
import type { StatCounters } from './stats.js';
import type { QueuedOperation } from './tracked-message.js';
import { WakeTimer } from './wake-timer.js';
import type { WorkQueue } from './work-queue.js';

export interface DispatcherParts {
  client: TrackClient;
  rateLimit: RequestRateLimit;
  queue: WorkQueue;
  options: ResolvedDeliveryOptions;
  policy: RetryPolicy;
  counters: StatCounters;
  settlement: OperationSettlement;
  clock: () => number;
}

export class Dispatcher {
  readonly #parts: DispatcherParts;
  readonly #startSlot: () => Promise<void>;
  /** Calls waiting in the throttle; each will start a request if work is ready when it runs. */
  #reserved = 0;
  /** The requests in flight, each with what aborts it. */
  readonly #inFlight = new Map<RequestPlan, AbortController>();
  /** Set once stopped: nothing is looked for or sent any more. */
  #stopped = false;
  #pumpScheduled = false;
  /** When the pending look for work was asked for, in milliseconds. */
  #pumpScheduledAt = 0;
  readonly #timer = new WakeTimer(() => this.#pump());
  /** No request starts before this time (milliseconds): the server asked for a pause with `Retry-After`. */
  #pausedUntil = 0;
  /** Whether the next look for work comes in a turn given only to read answers (see `wantsTurn`). */
  #readingOnly = false;
  /** When the code queueing messages last gave a turn because `wantsTurn` asked, in milliseconds. */
  #lastTurnAt = Number.NEGATIVE_INFINITY;

  constructor(parts: DispatcherParts) {
    this.#parts = parts;
    this.#startSlot = parts.rateLimit.slot(async () => this.#slot());
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  /**
   * Whether the code queueing messages, which has kept the thread since it was last asked, should now
   * let the event loop turn. A request has a fixed cost (2 to 3 ms of the thread for nearly 500 KB,
   * whatever it carries), and messages waiting in the queue or for an answer that was not read yet are
   * alive at more garbage collections, which copy them. So a turn is given:
   * - at once when a request could leave nearly full (within one operation's 32 KB of
   *   `maxBatchBytes`) and the concurrency allows it: it leaves before it could overflow into two;
   * - at once, at limits up to 200 a second, when a start the rate limit held back on a timer is due:
   *   the timer fires in that turn, so the request starts on time and not up to `maxWaitMs` late (at
   *   full pace that lateness was a share of every place in the window, about 0.5% of the rate);
   * - after `maxWaitMs` while the rate limit spaces requests at least that far apart (at limits up to
   *   200 a second, which Customer.io's 100 is), or something waits on a timer (a start the limit holds
   *   back, a retry's backoff, a pause the server asked for): the limit sets the pace, and every start it
   *   allows is used, on time, carrying what is queued by then;
   * - after `maxWaitMs` when a request that travels as it is (a v1 operation, half of a split batch) is
   *   ready, or a message has been ready for `maxHoldMs` (a loop that queues slowly still sends);
   * - otherwise, every `maxWaitMs` while a request is in flight, only to read answers: that turn sends
   *   no part-full request (`#pump`), so the thread, which sets the pace here, sends full ones.
   */
  wantsTurn(maxWaitMs: number, maxHoldMs: number, now: number): boolean {
    if (!this.#pumpScheduled) return false;
    const { rateLimit, queue, options } = this.#parts;
    const free = this.#inFlight.size + this.#reserved < options.maxConcurrentRequests;
    if (free && this.#nearlyFullBatchReady()) return this.#turn(now, false);
    const paced = rateLimit.spacingMs >= maxWaitMs;
    if (paced && this.#reserved > 0 && rateLimit.startIsDue) return this.#turn(now, false);
    if (now - this.#pumpScheduledAt < maxWaitMs) return false;
    if (
      paced ||
      this.#reserved > 0 ||
      this.#timer.isSet ||
      queue.readyAsTheyAre ||
      now - (queue.oldestReadyAt() ?? now) >= maxHoldMs
    ) {
      return this.#turn(now, false);
    }
    if (this.#inFlight.size === 0 || now - this.#lastTurnAt < maxWaitMs) return false;
    return this.#turn(now, true);
  }

  /**
   * Whether the ready v2 operations make a batch within one operation's size (32 KB) of
   * `maxBatchBytes`: one more might not fit.
   */
  #nearlyFullBatchReady(): boolean {
    const { queue, options } = this.#parts;
    return queue.readyBatchBytes >= options.maxBatchBytes - entityLimitBytes;
  }

  #turn(now: number, readingOnly: boolean): true {
    this.#lastTurnAt = now;
    this.#readingOnly = readingOnly;
    return true;
  }

  /**
   * Looks for work to send once this turn of the event loop is over, not at the next microtask: a
   * producer that awaits each `enqueue` only runs microtasks between messages, so its whole burst is
   * queued by then and shares a request instead of going out one message per request.
   */
  wake(): void {
    if (this.#pumpScheduled || this.#stopped) return;
    this.#pumpScheduled = true;
    this.#pumpScheduledAt = this.#parts.clock();
    afterThisTurn(() => this.#pump());
  }

  /**
   * Drops every timer and throttled call, and looks for work no more; for a destination that is closed
   * and has nothing left to send (or gave up on what it had: see `abortRequests`).
   */
  stop(): void {
    this.#stopped = true;
    this.#timer.clear();
    this.#parts.rateLimit.stop();
  }

  /**
   * Aborts every request in flight; they no longer count as in flight, and their answers, when they
   * come, are ignored.
   * @returns the operations they carried, whose messages the caller settles
   */
  abortRequests(): QueuedOperation[] {
    const items: QueuedOperation[] = [];
    for (const [plan, controller] of this.#inFlight) {
      items.push(...plan.items);
      controller.abort(new DOMException('The destination stopped waiting for this request', 'AbortError'));
    }
    this.#inFlight.clear();
    return items;
  }

  #pump(): void {
    this.#pumpScheduled = false;
    if (this.#stopped) return;
    const readingOnly = this.#readingOnly;
    this.#readingOnly = false;
    const { queue, options } = this.#parts;
    const now = this.#parts.clock();
    queue.releaseDue(now);
    let wakeAt = queue.nextDueAt();
    if (now < this.#pausedUntil) {
      if (!queue.isEmpty) wakeAt = earliest(wakeAt, this.#pausedUntil);
    } else {
      const lingerUntil = queue.lingerUntil(options.lingerMs, options.maxBatchBytes);
      if (lingerUntil > now) wakeAt = earliest(wakeAt, lingerUntil);
      else if (!readingOnly || this.#nearlyFullBatchReady()) this.#reserveSlots();
      // Held back, with no answer to come that would look again: look at the next turn, whoever gives
      // it (the loop, if it goes on, or the event loop once it is over).
      else if (this.#inFlight.size + this.#reserved === 0 && !queue.isEmpty) this.wake();
    }
    this.#timer.set(wakeAt, now);
  }

  /** Asks the throttle for as many requests as the ready work needs, within `maxConcurrentRequests`. */
  #reserveSlots(): void {
    const { queue, options } = this.#parts;
    while (
      this.#inFlight.size + this.#reserved < options.maxConcurrentRequests &&
      queue.requestsNeeded(options.maxBatchBytes) > this.#reserved
    ) {
      this.#reserved++;
      // Only a stopped destination rejects; by then nothing is left to send.
      this.#startSlot().catch(() => {});
    }
  }

  /** The throttled function: the moment a request may start. It takes whatever is ready now. */
  #slot(): void {
    this.#reserved--;
    if (this.#stopped) return;
    const { queue, options } = this.#parts;
    const now = this.#parts.clock();
    if (now < this.#pausedUntil) {
      this.wake();
      return;
    }
    queue.releaseDue(now);
    const plan = queue.take(options.maxBatchBytes);
    if (plan === undefined) return;
    const controller = new AbortController();
    this.#inFlight.set(plan, controller);
    this.#send(plan, controller.signal, now).catch((error: unknown) => {
      this.#parts.options.logger.error?.('Sending a request failed unexpectedly', { error });
    });
  }

  async #send(plan: RequestPlan, signal: AbortSignal, startedAt: number): Promise<void> {
    const { counters, client } = this.#parts;
    // Counted once the request really goes: one refused before (InvalidRequestError) is no request.
    const sent = () => {
      for (const item of plan.items) {
        item.attempts++;
        item.firstAttemptAt ??= startedAt;
        item.request = plan.label;
      }
      counters.requests++;
      counters.bytes += plan.bytes;
      if (plan.kind === 'batch') counters.batches++;
    };
    let outcome: RequestOutcome;
    try {
      const result = await sendPlan(client, plan, { signal, sent });
      outcome = classifyResult(result, plan.items.length, plan.kind === 'batch');
    } catch (error) {
      outcome = classifyThrown(error);
    }
    // Aborted: its messages were settled when the destination gave up on them.
    if (!this.#inFlight.delete(plan)) return;
    const { queue, policy, settlement, options } = this.#parts;
    try {
      const context = {
        queue,
        policy,
        counters,
        settlement,
        logger: options.logger,
        now: this.#parts.clock(),
      };
      this.#pausedUntil = Math.max(this.#pausedUntil, applyOutcome(context, plan, outcome));
    } catch (error) {
      // Never expected (user code is guarded: user-code.ts). Should it happen, the request's messages
      // still settle, so that flush() and close() do not wait for them forever.
      options.logger.error?.('Settling a request failed', { error });
      const failure = new CustomerIoError('unexpected', `settling the answer to ${plan.label} failed`, {
        cause: error,
      });
      for (const item of plan.items) if (item.status === 'pending') settlement.failed(item, failure);
    } finally {
      this.wake();
    }
  }
}

function earliest(a: number | undefined, b: number): number {
  return a === undefined ? b : Math.min(a, b);
}
