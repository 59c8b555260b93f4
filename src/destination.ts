/**
 * The destination users hold: Segment-spec messages in, delivered to Customer.io's Track API within
 * its limits. Each message is checked and mapped at once, in the caller's turn, so invalid input
 * rejects before anything is queued; delivery then happens in the background.
 */
import { type TrackClientOptions, trackClientOptionKeys } from './client/options.js';
import { DeliveryEngine } from './delivery/delivery-engine.js';
import type { DeliveryResult } from './delivery/delivery-result.js';
import { ClosedError } from './delivery/errors.js';
import { nextTurn } from './delivery/next-turn.js';
import {
  type CloseOptions,
  type DeliveryOptions,
  deliveryOptionKeys,
  resolveCloseOptions,
  resolveDeliveryOptions,
} from './delivery/options.js';
import type { DeliveryStats } from './delivery/stats.js';
import type { MappedMessage } from './delivery/tracked-message.js';
import { ConfigError } from './errors.js';
import { mapMessage, mapMessageResolved, resolveMappingOptions } from './mapping/map-message.js';
import type {
  AliasMessage,
  GroupMessage,
  IdentifyMessage,
  PageMessage,
  ScreenMessage,
  SegmentMessage,
  TrackMessage,
} from './mapping/messages.js';
import { defaultMappingOptions, type MappingOptions } from './mapping/options.js';
import { checkOptionKeys } from './option-keys.js';

/** Everything a destination can be told: how to reach Customer.io, how to map, how to deliver. */
export interface DestinationOptions extends TrackClientOptions, MappingOptions, DeliveryOptions {}

/** Every option of `DestinationOptions`: other names are refused. */
const destinationOptionKeys = {
  ...trackClientOptionKeys,
  ...defaultMappingOptions,
  ...deliveryOptionKeys,
} satisfies Record<keyof DestinationOptions, unknown>;

/** A message of a given type, without its `type` (the shorthand supplies it). */
export type ShorthandMessage<M extends SegmentMessage> = Omit<M, 'type'>;

export interface Destination {
  /**
   * Sends one message. Resolves once it is delivered, finally failed, or skipped; never rejects for a
   * delivery failure (see the result's `status` and `error`). Waits for room while `maxQueueSize`
   * messages are unsettled.
   * @throws (rejects at once) InvalidMessageError, TraitLimitError or OversizeError when the message
   *   cannot be mapped; ClosedError once `close()` was called
   */
  send(message: SegmentMessage): Promise<DeliveryResult>;
  identify(message: ShorthandMessage<IdentifyMessage>): Promise<DeliveryResult>;
  track(message: ShorthandMessage<TrackMessage>): Promise<DeliveryResult>;
  page(message: ShorthandMessage<PageMessage>): Promise<DeliveryResult>;
  screen(message: ShorthandMessage<ScreenMessage>): Promise<DeliveryResult>;
  group(message: ShorthandMessage<GroupMessage>): Promise<DeliveryResult>;
  alias(message: ShorthandMessage<AliasMessage>): Promise<DeliveryResult>;
  /**
   * Accepts one message for delivery and resolves as soon as it is accepted, waiting while the queue is
   * full (`maxQueueSize`): await it in a loop to get backpressure. Outcomes go to `onResult`. In a loop
   * that does nothing else, it also lets the event loop turn, so requests leave and answers are read
   * while the loop runs: about every 5 ms while the rate limit sets the pace (up to 200 requests a
   * second); otherwise as soon as a request would leave nearly full, once a message has waited 100 ms,
   * and every 5 ms while a request is in flight, to read answers (such a turn sends nothing part full).
   * @throws (rejects at once) like `send`
   */
  enqueue(message: SegmentMessage): Promise<void>;
  /** Resolves once every message sent or enqueued before the call has settled. */
  flush(): Promise<void>;
  /**
   * Refuses new messages from now on (ClosedError), waits for every message already given to settle,
   * then releases every timer. With a `signal` that aborts or a `timeoutMs` that passes first, it stops
   * waiting: every message still unsettled (queued, waiting for a retry or for room in the queue, or in
   * flight) fails with DeliveryAbandonedError, requests in flight are aborted, and it resolves. Calling it
   * again returns the same promise; that call's own `signal` and `timeoutMs` apply too.
   * @throws (rejects) ConfigError when an option is wrong; the destination is then not closed
   */
  close(options?: CloseOptions): Promise<void>;
  /** Counters since creation: messages, requests, retries, batches, bytes, queue depth. */
  stats(): DeliveryStats;
  /** Whether `close()` was called. */
  readonly closed: boolean;
}

/**
 * Creates a destination. Every option is checked at once; a wrong one throws ConfigError.
 *
 * @example
 * const destination = createDestination({ siteId, apiKey, region: 'eu' });
 * const result = await destination.track({ userId: 'user-42', event: 'Order Completed', properties: { total: 42 } });
 * await destination.close();
 */
export function createDestination(options: DestinationOptions): Destination {
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', 'expected an object');
  checkOptionKeys(options, destinationOptionKeys);
  const { siteId, apiKey, region, baseUrl, fetch, timeoutMs, userAgent } = options;
  const client = { siteId, apiKey, region, baseUrl, fetch, timeoutMs, userAgent };
  const { maxTraitsPerIdentify, traitOverflow, maxOperationsPerIdentify, oversize, convertTimestamps } =
    options;
  const mapping: MappingOptions = {
    maxTraitsPerIdentify,
    traitOverflow,
    maxOperationsPerIdentify,
    oversize,
    convertTimestamps,
    deviceEventsAlsoTracked: options.deviceEventsAlsoTracked,
  };
  checkMappingOptions(mapping);
  // Resolved once, not for every message; `mapping` is never changed.
  const resolvedMapping = resolveMappingOptions(mapping);
  const delivery = resolveDeliveryOptions(options);
  const engine = new DeliveryEngine({ client, options: delivery });
  // Without `onResult`, nothing keeps what `enqueue` maps: the engine serialises each operation as it
  // accepts it, in the same call, so attributes need not be copies of the user's values.
  const enqueueBorrows = delivery.onResult === undefined;

  let closing: Promise<void> | undefined;

  /** Maps the message, or throws why it cannot be sent. */
  const prepare = (
    message: unknown,
    borrowInput: boolean,
  ): { mapped: MappedMessage; skipped: string | undefined } => {
    if (closing) throw new ClosedError();
    const result = mapMessageResolved(message, resolvedMapping, borrowInput);
    const mapped: MappedMessage = {
      messageId: idField(message, 'messageId'),
      anonymousId: idField(message, 'anonymousId'),
      operations: result.operations,
      warnings: result.warnings,
    };
    return { mapped, skipped: result.skipped };
  };

  const send = (message: SegmentMessage): Promise<DeliveryResult> => {
    try {
      const { mapped, skipped } = prepare(message, false);
      if (skipped !== undefined) return Promise.resolve(engine.skip(mapped, skipped));
      return new Promise((resolve) => {
        engine.submit(mapped, resolve);
      });
    } catch (error) {
      return Promise.reject(error);
    }
  };

  return {
    send,
    identify: (message) => send({ ...message, type: 'identify' }),
    track: (message) => send({ ...message, type: 'track' }),
    page: (message) => send({ ...message, type: 'page' }),
    screen: (message) => send({ ...message, type: 'screen' }),
    group: (message) => send({ ...message, type: 'group' }),
    alias: (message) => send({ ...message, type: 'alias' }),
    enqueue(message) {
      try {
        const { mapped, skipped } = prepare(message, enqueueBorrows);
        if (skipped !== undefined) {
          engine.skip(mapped, skipped);
          return accepted;
        }
        // Accepted at once; while requests have waited too long for a turn of the event loop, resolves
        // after one, so that a loop awaiting each enqueue (which otherwise only runs microtasks until the
        // queue is full) lets requests leave and answers come back as it goes.
        return engine.submit(mapped) ?? (engine.shouldYield() ? nextTurn() : accepted);
      } catch (error) {
        return Promise.reject(error);
      }
    },
    flush: () => engine.flush(),
    close(options) {
      let limits: CloseOptions;
      try {
        limits = resolveCloseOptions(options);
      } catch (error) {
        return Promise.reject(error);
      }
      closing ??= engine.flush().then(() => engine.stop());
      stopWaitingWhen(limits, closing, () => engine.abandon());
      return closing;
    },
    stats: () => engine.stats(),
    get closed() {
      return closing !== undefined;
    },
  };
}

/**
 * Calls `abandon` when the signal aborts or the timeout passes, whichever comes first, unless `closing`
 * resolves before; then the timer and the listener are released.
 */
function stopWaitingWhen(
  { signal, timeoutMs }: CloseOptions,
  closing: Promise<void>,
  abandon: () => void,
): void {
  if (signal === undefined && timeoutMs === undefined) return;
  if (signal?.aborted) {
    abandon();
    return;
  }
  const timer = timeoutMs === undefined ? undefined : setTimeout(abandon, timeoutMs);
  signal?.addEventListener('abort', abandon, { once: true });
  void closing.then(() => {
    clearTimeout(timer);
    signal?.removeEventListener('abort', abandon);
  });
}

/** What `enqueue` returns for a message accepted at once: one settled promise serves every call. */
const accepted: Promise<void> = Promise.resolve();

/**
 * Mapping checks its options when it maps; mapping one fixed message here makes a wrong option fail
 * when the destination is created, not with the first message.
 */
function checkMappingOptions(mapping: MappingOptions): void {
  try {
    mapMessage({ type: 'identify', userId: 'options-check' }, mapping);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
  }
}

/** A message's id field as mapping reads it: a non-empty string, or a finite number as its digits. */
function idField(message: unknown, name: 'messageId' | 'anonymousId'): string | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const value = (message as Record<string, unknown>)[name];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}
