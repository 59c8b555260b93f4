/**
 * The operations waiting to be sent. Only one operation of each message is ever here (the one whose
 * turn it is), so a batch never holds two operations of a message and a message's operations go out
 * in order, while operations of different messages batch freely.
 *
 * Ready operations wait in FIFO order: v2 operations to share batches, and v1 ones to travel alone.
 * Halves of a batch Customer.io refused as a whole are pinned: sent exactly as split. Operations
 * waiting for a retry are held until their time, then go back to the front.
 */
import { type RequestPlan, soloPlan, takeBatch, v2Plan } from './batch-packer.js';
import { Deque } from './deque.js';
import { batchEnvelopeBytes } from './options.js';
import type { QueuedOperation } from './tracked-message.js';

interface Deferred {
  /** When it may be sent again, in milliseconds. */
  at: number;
  items: QueuedOperation[];
  /** Whether to send the items again as one request, as they were. */
  pinned: boolean;
}

export class WorkQueue {
  readonly #ready = new Deque<QueuedOperation>();
  readonly #solo = new Deque<QueuedOperation>();
  readonly #pinned = new Deque<QueuedOperation[]>();
  /** Sorted by `at`; retries are few at any moment, so insertion into an array is cheap enough. */
  #deferred: Deferred[] = [];
  /** Serialised bytes of the ready v2 operations, plus a comma each. */
  #readyBytes = 0;

  /** Makes an operation ready to be sent, behind those already ready. */
  add(item: QueuedOperation, now: number): void {
    item.readyAt = now;
    if (item.route.kind === 'v2') {
      this.#ready.push(item);
      this.#readyBytes += item.route.bytes + 1;
    } else this.#solo.push(item);
  }

  /** Sends these items again, as one request, before anything else. */
  pin(items: QueuedOperation[]): void {
    this.#pinned.push(items);
  }

  /** Holds items until `at`, then makes them ready again, ahead of fresh work. */
  defer(items: QueuedOperation[], at: number, pinned: boolean): void {
    const entry: Deferred = { at, items, pinned };
    let index = this.#deferred.length;
    while (index > 0 && (this.#deferred[index - 1]?.at ?? 0) > at) index--;
    this.#deferred.splice(index, 0, entry);
  }

  /** Moves every deferred entry whose time has come back into line. */
  releaseDue(now: number): void {
    while (this.#deferred.length > 0 && (this.#deferred[0]?.at ?? Infinity) <= now) {
      const entry = this.#deferred.shift() as Deferred;
      if (entry.pinned) {
        this.#pinned.unshift(entry.items);
        continue;
      }
      // Back to the front, in their original order; they already waited, so they never linger.
      for (let index = entry.items.length - 1; index >= 0; index--) {
        const item = entry.items[index] as QueuedOperation;
        item.readyAt = Number.NEGATIVE_INFINITY;
        if (item.route.kind === 'v2') {
          this.#ready.unshift(item);
          this.#readyBytes += item.route.bytes + 1;
        } else this.#solo.unshift(item);
      }
    }
  }

  /** When the next deferred entry is due, if any is waiting. */
  nextDueAt(): number | undefined {
    return this.#deferred[0]?.at;
  }

  /** Whether anything at all is waiting, ready or not. */
  get isEmpty(): boolean {
    return (
      this.#ready.length === 0 &&
      this.#solo.length === 0 &&
      this.#pinned.length === 0 &&
      this.#deferred.length === 0
    );
  }

  /** The fewest requests that would carry everything ready now. */
  requestsNeeded(maxBatchBytes: number): number {
    const room = maxBatchBytes - batchEnvelopeBytes + 1;
    return this.#pinned.length + this.#solo.length + Math.ceil(this.#readyBytes / room);
  }

  /**
   * Until when a request may wait for more work to fill its batch: the oldest ready operation's time
   * plus `lingerMs`, unless a full batch, a pinned group or a lone operation is ready (then now).
   */
  lingerUntil(lingerMs: number, maxBatchBytes: number): number {
    const oldest = this.#ready.peek();
    if (lingerMs === 0 || oldest === undefined || this.readyAsTheyAre) return 0;
    if (this.#readyBytes + batchEnvelopeBytes >= maxBatchBytes) return 0;
    return oldest.readyAt + lingerMs;
  }

  /** When the v2 operation that has waited longest became ready, in milliseconds, if any is ready. */
  oldestReadyAt(): number | undefined {
    return this.#ready.peek()?.readyAt;
  }

  /** The body a batch of every ready v2 operation would have, in bytes (envelope included). */
  get readyBatchBytes(): number {
    return this.#readyBytes === 0 ? 0 : this.#readyBytes + batchEnvelopeBytes - 1;
  }

  /** Whether a pinned group or a lone operation is ready: requests that travel as they are. */
  get readyAsTheyAre(): boolean {
    return this.#pinned.length > 0 || this.#solo.length > 0;
  }

  /** Removes and returns every operation waiting, ready or not; for a destination that gives up on them. */
  drain(): QueuedOperation[] {
    const items = [...this.#pinned.drain().flat(), ...this.#solo.drain(), ...this.#ready.drain()];
    for (const entry of this.#deferred) items.push(...entry.items);
    this.#deferred = [];
    this.#readyBytes = 0;
    return items;
  }

  /** The next request to send: a pinned group first, then a lone operation, then a batch of what is ready. */
  take(maxBatchBytes: number): RequestPlan | undefined {
    const pinned = this.#pinned.shift();
    if (pinned)
      return pinned.length === 1 && pinned[0]?.route.kind === 'solo'
        ? soloPlan(pinned[0])
        : v2Plan(pinned, true);
    const solo = this.#solo.shift();
    if (solo) return soloPlan(solo);
    if (this.#ready.length === 0) return undefined;
    const items = takeBatch(this.#ready, maxBatchBytes);
    for (const item of items) if (item.route.kind === 'v2') this.#readyBytes -= item.route.bytes + 1;
    return v2Plan(items);
  }
}
