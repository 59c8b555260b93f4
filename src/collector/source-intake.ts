/**
 * One source's way into its destination: duplicate messageIds set aside, then the request's messages
 * accepted together, once the queue has room for all of them, or none of them.
 *
 * `enqueue` waits without bound while the queue is full, and a message given to it can no longer be
 * taken back: so nothing is given before there is room for the whole request. A request that finds no
 * room within the wait is answered 429 and has left nothing behind; its client sends it again. The
 * room is read from the destination's own counters, checked and taken in one synchronous step, and
 * requests waiting for it are served in order of arrival.
 */
import type { Destination } from '../destination.js';
import { isCustomerIoError } from '../errors.js';
import type { SegmentMessage } from '../mapping/messages.js';
import type { DedupeClaim } from '../webhooks/dedupe-store.js';
import type { MessageIdStore } from './message-id-store.js';
import type { CollectorMetrics } from './metrics.js';
import type { MessageProblem } from './tracking-request.js';

export interface IndexedMessage {
  /** Its position in the request. */
  index: number;
  message: Record<string, unknown>;
}

export type Admission =
  | { status: 'accepted'; accepted: number; duplicates: number; rejected: MessageProblem[] }
  | { status: 'queue_full' }
  | { status: 'closing' }
  | { status: 'dedupe_failed'; error: unknown };

interface Waiter {
  count: number;
  deadline: number;
  resolve: (admitted: boolean) => void;
}

/** How often requests waiting for room look again, in milliseconds. */
const pollMs = 5;

export class SourceIntake {
  readonly name: string;
  readonly destination: Destination;
  readonly #maxQueueSize: number;
  readonly #dedupe: MessageIdStore | undefined;
  readonly #metrics: CollectorMetrics;
  readonly #waiters: Waiter[] = [];
  /** Room promised to waiters let through, not yet taken by their messages. */
  #reserved = 0;
  #poller: ReturnType<typeof setInterval> | undefined;
  #closing = false;

  constructor(parts: {
    name: string;
    destination: Destination;
    maxQueueSize: number;
    dedupe: MessageIdStore | undefined;
    metrics: CollectorMetrics;
  }) {
    this.name = parts.name;
    this.destination = parts.destination;
    this.#maxQueueSize = parts.maxQueueSize;
    this.#dedupe = parts.dedupe;
    this.#metrics = parts.metrics;
  }

  /**
   * Accepts the messages, or none of them.
   * @param arrivedAt when the request arrived (performance.now()), for the delivery latency
   * @param waitMs how long to wait for room
   */
  async admit(messages: readonly IndexedMessage[], arrivedAt: number, waitMs: number): Promise<Admission> {
    if (this.#closing) return { status: 'closing' };
    const claimed = await this.#claim(messages);
    if (!Array.isArray(claimed)) return claimed;
    const duplicates = messages.length - claimed.length;
    this.#metrics.received(this.name, 'duplicate', duplicates);

    const admitted = await this.#room(claimed.length, waitMs);
    if (!admitted) {
      await this.#settleClaims(claimed, 'release');
      return { status: this.#closing ? 'closing' : 'queue_full' };
    }
    const rejected = this.#enqueue(claimed, arrivedAt);
    this.#reserved = Math.max(0, this.#reserved - claimed.length);
    const problems = await rejected;
    const refused = new Set(problems.map((problem) => problem.index));
    const taken = claimed.filter((each) => !refused.has(each.index));
    this.#metrics.received(this.name, 'accepted', taken.length);
    this.#metrics.received(this.name, 'rejected', problems.length);
    await Promise.all([
      this.#settleClaims(taken, 'complete'),
      this.#settleClaims(
        claimed.filter((each) => refused.has(each.index)),
        'release',
      ),
    ]);
    return { status: 'accepted', accepted: taken.length, duplicates, rejected: problems };
  }

  /** Refuses requests from now on; those waiting for room are answered at once. */
  close(): void {
    this.#closing = true;
    for (const waiter of this.#waiters.splice(0)) waiter.resolve(false);
    this.#stopPolling();
  }

  /** The messages whose messageId this source has not accepted yet, each now claimed. */
  async #claim(messages: readonly IndexedMessage[]): Promise<IndexedMessage[] | Admission> {
    const store = this.#dedupe;
    if (store === undefined) return [...messages];
    const given: Array<DedupeClaim | PromiseLike<DedupeClaim>> = [];
    let thrown: { error: unknown } | undefined;
    for (const each of messages) {
      try {
        given.push(store.claim(this.#key(each)));
      } catch (error) {
        thrown = { error };
        break;
      }
    }
    // A store in memory answers at once: no promise to wait for, a hundred times a request.
    let claims: Array<DedupeClaim | undefined> = given as DedupeClaim[];
    if (given.some(isThenable)) {
      const settled = await Promise.allSettled(given);
      claims = settled.map((claim) => (claim.status === 'fulfilled' ? claim.value : undefined));
      const rejected = settled.find((claim) => claim.status === 'rejected');
      if (rejected !== undefined) thrown ??= { error: rejected.reason };
    }
    if (thrown !== undefined) {
      await this.#settleClaims(
        messages.filter((_, index) => claims[index] === 'claimed'),
        'release',
      );
      return { status: 'dedupe_failed', error: thrown.error };
    }
    // A messageId being accepted by another request, or twice in this one, is a duplicate too: the
    // other either accepts it, or is answered 429 and its client sends it again.
    return messages.filter((_, index) => claims[index] === 'claimed');
  }

  async #settleClaims(messages: readonly IndexedMessage[], how: 'complete' | 'release'): Promise<void> {
    const store = this.#dedupe;
    if (store === undefined || messages.length === 0) return;
    // The answer is decided by now: a store that fails here only forgets (or keeps) an id.
    const pending: unknown[] = [];
    for (const each of messages) {
      try {
        const outcome = store[how](this.#key(each));
        if (isThenable(outcome)) pending.push(outcome);
      } catch {
        // Same as a rejection.
      }
    }
    if (pending.length > 0) await Promise.allSettled(pending);
  }

  #key(each: IndexedMessage): string {
    return `${this.name}\n${String(each.message.messageId)}`;
  }

  /** Resolves true once `count` messages fit in the queue (room is then reserved), false at the deadline. */
  #room(count: number, waitMs: number): Promise<boolean> | boolean {
    if (count === 0) return true;
    if (this.#waiters.length === 0 && this.#free() >= count) {
      this.#reserved += count;
      return true;
    }
    if (waitMs === 0) return false;
    return new Promise((resolve) => {
      this.#waiters.push({ count, deadline: performance.now() + waitMs, resolve });
      this.#poller ??= setInterval(() => this.#serveWaiters(), pollMs);
    });
  }

  #free(): number {
    const { queued, waiting } = this.destination.stats();
    return this.#maxQueueSize - queued - waiting - this.#reserved;
  }

  #serveWaiters(): void {
    const now = performance.now();
    while (this.#waiters.length > 0) {
      const first = this.#waiters[0] as Waiter;
      if (this.#free() < first.count) break;
      this.#waiters.shift();
      this.#reserved += first.count;
      first.resolve(true);
    }
    // Those past their deadline give up, wherever they are in the line.
    for (let index = this.#waiters.length - 1; index >= 0; index--) {
      const waiter = this.#waiters[index] as Waiter;
      if (waiter.deadline <= now) {
        this.#waiters.splice(index, 1);
        waiter.resolve(false);
      }
    }
    if (this.#waiters.length === 0) this.#stopPolling();
  }

  #stopPolling(): void {
    clearInterval(this.#poller);
    this.#poller = undefined;
  }

  /**
   * Gives every message to the destination, in order, in this turn: the room reserved for them is
   * there. The first goes through `send`, whose result times the delivery for the metrics; the others
   * through `enqueue`, which keeps nothing once a message is sent.
   * @returns the messages mapping refused
   */
  async #enqueue(messages: readonly IndexedMessage[], arrivedAt: number): Promise<MessageProblem[]> {
    const problems: MessageProblem[] = [];
    const refuse = (each: IndexedMessage, error: unknown) => {
      const messageId = each.message.messageId;
      problems.push({
        index: each.index,
        ...(messageId === undefined ? {} : { messageId: String(messageId) }),
        error: isCustomerIoError(error) ? error.code : 'invalid_message',
        message: error instanceof Error ? error.message : String(error),
      });
    };
    const [first, ...rest] = messages;
    if (first === undefined) return problems;
    // A message mapping refuses rejects at once, so this handler runs before the awaits below end.
    this.destination.send(first.message as unknown as SegmentMessage).then(
      (result) => this.#metrics.delivery(this.name, result.status, (performance.now() - arrivedAt) / 1000),
      (error: unknown) => refuse(first, error),
    );
    const outcomes = await Promise.allSettled(
      rest.map((each) => this.destination.enqueue(each.message as unknown as SegmentMessage)),
    );
    outcomes.forEach((outcome, index) => {
      if (outcome.status === 'rejected') refuse(rest[index] as IndexedMessage, outcome.reason);
    });
    return problems.sort((a, b) => a.index - b.index);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
