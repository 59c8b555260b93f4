/**
 * The delivery engine: takes messages already mapped to operations, holds at most `maxQueueSize` of
 * them unsettled (the rest wait their turn to be accepted), feeds their operations to the dispatcher
 * one at a time per message, and settles each message once: delivered when its last operation is, failed
 * as soon as one operation finally fails (the rest are then never sent), or failed when the destination
 * gives up on it (`abandon`). Settling is idempotent: whatever comes later about a settled message is
 * ignored.
 */
import type { TrackClientOptions } from '../client/options.js';
import { createTrackClient } from '../client/track-client.js';
import type { CustomerIoError } from '../errors.js';
import type { OperationSettlement } from './apply-outcome.js';
import type { DeliveryResult } from './delivery-result.js';
import { Deque } from './deque.js';
import { Dispatcher } from './dispatcher.js';
import { DeliveryAbandonedError } from './errors.js';
import type { ResolvedDeliveryOptions } from './options.js';
import { RequestRateLimit } from './rate-limit.js';
import { RetryPolicy } from './retry-policy.js';
import { type DeliveryStats, emptyCounters } from './stats.js';
import {
  type MappedMessage,
  type QueuedOperation,
  skippedResult,
  TrackedMessage,
} from './tracked-message.js';
import { WorkQueue } from './work-queue.js';

/**
 * The longest a producer that never yields (a tight `await enqueue()` loop) keeps the event loop from
 * turning while delivery needs a turn (see `Dispatcher.wantsTurn` for when), in milliseconds. Such a
 * loop sends at most one request per turn it gives the event loop, and a turn also spends a few
 * milliseconds sending and reading: half the request spacing at the default rate (10 ms) lets it keep
 * up with the limit.
 */
const maxTurnWaitMs = 5;

/**
 * The longest such a loop keeps a ready message waiting for a fuller request, in milliseconds. It
 * bounds the delay of a loop that queues slowly (heavy work between messages); one that queues fast
 * fills a batch well before (in about 25 ms at 50,000 events a second).
 */
const maxHoldMs = 100;

export interface DeliveryEngineParts {
  /** How to reach Customer.io; its `fetch` ends up beneath the rate limit. Checked here (ConfigError). */
  client: TrackClientOptions;
  options: ResolvedDeliveryOptions;
  /** Milliseconds; injectable for tests. */
  clock?: () => number;
  /** A number in [0, 1) for the retry jitter; injectable for tests. */
  random?: () => number;
}

interface Waiting {
  message: TrackedMessage;
  accepted: () => void;
}

interface FlushWaiter {
  /** Messages registered before the flush (sequence numbers below this) are the ones it waits for. */
  before: number;
  remaining: number;
  resolve: () => void;
}

export class DeliveryEngine {
  readonly #options: ResolvedDeliveryOptions;
  readonly #clock: () => number;
  readonly #queue = new WorkQueue();
  readonly #dispatcher: Dispatcher;
  readonly #counters = emptyCounters();
  readonly #waiting = new Deque<Waiting>();
  #flushes: FlushWaiter[] = [];
  #sequence = 0;
  /** Accepted and not yet settled. */
  #unsettled = 0;
  #admitting = false;
  /** Set once the destination gave up waiting (`abandon`): every message then fails as its turn comes. */
  #abandoned = false;

  constructor(parts: DeliveryEngineParts) {
    this.#options = parts.options;
    this.#clock = parts.clock ?? Date.now;
    const rateLimit = new RequestRateLimit(parts.options.requestsPerSecond);
    const { fetch } = parts.client;
    // A fetch that is not a function is left as it is, for the client to refuse with ConfigError.
    const client = createTrackClient({
      ...parts.client,
      fetch: fetch === undefined || typeof fetch === 'function' ? rateLimit.gate(fetch) : fetch,
    });
    const settlement: OperationSettlement = {
      delivered: (item) => this.#delivered(item),
      failed: (item, error) => this.#failed(item, error),
    };
    this.#dispatcher = new Dispatcher({
      client,
      rateLimit,
      queue: this.#queue,
      options: parts.options,
      policy: new RetryPolicy(parts.options.retry, parts.random),
      counters: this.#counters,
      settlement,
      clock: this.#clock,
    });
  }

  /**
   * Takes a mapped message. Resolves `onSettled` once with its result.
   * @returns undefined when the message was accepted at once, else a promise that resolves when it is
   *   (there was no room: `maxQueueSize` messages are unsettled)
   */
  submit(mapped: MappedMessage, onSettled?: (result: DeliveryResult) => void): Promise<void> | undefined {
    const wantsResult = onSettled !== undefined || this.#options.onResult !== undefined;
    const message = new TrackedMessage(this.#sequence++, mapped, onSettled, wantsResult);
    if (this.#waiting.length === 0 && this.#unsettled < this.#options.maxQueueSize) {
      this.#accept(message);
      return undefined;
    }
    return new Promise((accepted) => this.#waiting.push({ message, accepted }));
  }

  /**
   * Whether the caller should let the event loop turn before giving more (see `enqueue` in
   * destination.ts, and `Dispatcher.wantsTurn` for when).
   */
  shouldYield(): boolean {
    return this.#dispatcher.wantsTurn(maxTurnWaitMs, maxHoldMs, this.#clock());
  }

  /** Settles a message mapping decided not to send, at once. */
  skip(mapped: MappedMessage, reason: string): DeliveryResult {
    this.#counters.accepted++;
    this.#counters.skipped++;
    const result = skippedResult(mapped, reason);
    this.#report(result);
    return result;
  }

  /** Resolves once every message submitted before the call has settled. */
  flush(): Promise<void> {
    const remaining = this.#unsettled + this.#waiting.length;
    if (remaining === 0) return Promise.resolve();
    return new Promise((resolve) => this.#flushes.push({ before: this.#sequence, remaining, resolve }));
  }

  /** Drops every timer and pending throttled call. Only for an engine with nothing left to send. */
  stop(): void {
    this.#dispatcher.stop();
  }

  /**
   * Gives up on every message not yet settled, and stops: requests in flight are aborted, and every
   * message still unsettled (in flight, queued, waiting for a retry, or waiting for room to be accepted)
   * fails with DeliveryAbandonedError, so that every `flush()` resolves. Later calls do nothing.
   */
  abandon(): void {
    if (this.#abandoned) return;
    this.#abandoned = true;
    const inFlight = this.#dispatcher.abortRequests();
    this.#dispatcher.stop();
    for (const item of inFlight) this.#abandonOperation(item, true);
    for (const item of this.#queue.drain()) this.#abandonOperation(item, false);
    // Each is accepted, then fails at once (#advance), so that it is counted as given and failed.
    this.#admitWaiting();
  }

  stats(): DeliveryStats {
    return {
      ...this.#counters,
      queued: this.#unsettled,
      waiting: this.#waiting.length,
      inFlight: this.#dispatcher.inFlight,
    };
  }

  #accept(message: TrackedMessage): void {
    this.#unsettled++;
    this.#counters.accepted++;
    this.#advance(message);
  }

  /** Queues the operation whose turn it is, or settles the message when there is none left. */
  #advance(message: TrackedMessage): void {
    const item = message.operations[message.current];
    if (item === undefined) {
      this.#settle(message, 'delivered');
      return;
    }
    if (item.route.kind === 'unsendable') {
      this.#failed(item, item.route.error);
      return;
    }
    if (this.#abandoned) {
      this.#abandonOperation(item, false);
      return;
    }
    this.#queue.add(item, this.#clock());
    this.#dispatcher.wake();
  }

  #delivered(item: QueuedOperation): void {
    if (item.message.settled) return;
    item.status = 'delivered';
    this.#counters.operations++;
    item.message.current++;
    this.#advance(item.message);
  }

  #failed(item: QueuedOperation, error: CustomerIoError): void {
    if (item.message.settled) return;
    item.status = 'failed';
    item.error = error;
    this.#settle(item.message, 'failed', error);
  }

  #settle(message: TrackedMessage, status: 'delivered' | 'failed', error?: CustomerIoError): void {
    if (message.settled) return;
    message.settled = true;
    this.#unsettled--;
    this.#counters[status]++;
    if (error) {
      this.#options.logger.warn?.(`Message not delivered: ${error.message}`, {
        messageId: message.messageId,
      });
    }
    // Built only for someone to read: an `enqueue` loop without `onResult` settles millions without one.
    if (message.wantsResult) {
      const result = message.result(status, error);
      message.onSettled?.(result);
      this.#report(result);
    }
    this.#countDown(message.seq);
    this.#admitWaiting();
  }

  /** Fails the message of an operation the destination gave up on. */
  #abandonOperation(item: QueuedOperation, inFlight: boolean): void {
    const { message } = item;
    if (message.settled) return;
    const error = new DeliveryAbandonedError({
      messageId: message.messageId,
      operationIndex: item.index,
      inFlight,
      attempts: item.attempts,
    });
    this.#failed(item, error);
  }

  /** Hands the result to `onResult`, which is guarded (user-code.ts): it never throws. */
  #report(result: DeliveryResult): void {
    this.#options.onResult?.(result);
  }

  #countDown(seq: number): void {
    if (this.#flushes.length === 0) return;
    const done: FlushWaiter[] = [];
    for (const flush of this.#flushes) {
      if (seq < flush.before && --flush.remaining === 0) done.push(flush);
    }
    if (done.length === 0) return;
    this.#flushes = this.#flushes.filter((flush) => flush.remaining > 0);
    for (const flush of done) flush.resolve();
  }

  #admitWaiting(): void {
    // Accepting can settle at once (an operation that cannot be sent), which lands here again: the
    // outer loop carries on instead of recursing once per waiting message.
    if (this.#admitting) return;
    this.#admitting = true;
    try {
      while (this.#unsettled < this.#options.maxQueueSize) {
        const next = this.#waiting.shift();
        if (next === undefined) return;
        this.#accept(next.message);
        next.accepted();
      }
    } finally {
      this.#admitting = false;
    }
  }
}
