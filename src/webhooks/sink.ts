/**
 * An `onEvents` that hands each event to something with a `track` method: this library's Destination,
 * or Segment's analytics-node. It sorts failures by whether a retry can help, since the webhook's
 * answer decides whether Customer.io sends it again (for up to seven days, holding back later ones).
 */
import { ConfigError, isCustomerIoError } from '../errors.js';
import type { TrackMessage } from '../mapping/messages.js';
import { checkOptionKeys, type OptionKeys } from '../option-keys.js';

/** A track message as a `track` method takes it: without `type`, which the method implies. */
export type ForwardedTrack = Omit<TrackMessage, 'type'>;

/**
 * Anything that takes track messages. A Destination's `track` resolves with a DeliveryResult once the
 * message is delivered or finally failed; analytics-node's returns nothing and delivers later, so the
 * webhook is acknowledged once the message is queued (flush it with `closeAndFlush()` on shutdown).
 */
export interface TrackTarget {
  track(message: ForwardedTrack): unknown;
}

export interface ForwardToOptions {
  /**
   * Told of an event the target refused for good: one it cannot map, or one Customer.io rejected. No
   * retry can change that, so the webhook is still acknowledged and the event is not sent again.
   * @default none: such an event is dropped without a word
   */
  onRejected?: (event: TrackMessage, error: unknown) => void;
}

const forwardToOptionKeys = { onRejected: true } as const satisfies OptionKeys<ForwardToOptions>;

/**
 * Failures no retry can cure: the message cannot be mapped or is over a limit, or Customer.io refused
 * it. Anything else (a closed destination, a network failure, retries exhausted, an error of another
 * library) fails the webhook, so it is delivered again later.
 */
const permanentCodes: ReadonlySet<string> = new Set([
  'invalid_message',
  'oversize',
  'trait_limit',
  'invalid_request',
  'rejected',
]);

/**
 * Forwards every event of a webhook to `target`, all at once, and resolves when each is accepted. It
 * rejects (so the webhook is answered 5xx and retried) when any failed in a way a retry may cure; the
 * events that went through are then sent again, which their `messageId` (the webhook's `event_id`)
 * lets Customer.io and Segment recognise.
 * @example
 * createWebhookHandler({ signingKey, onEvents: forwardTo(destination) });
 */
export function forwardTo(
  target: TrackTarget,
  options: ForwardToOptions = {},
): (events: TrackMessage[]) => Promise<void> {
  if (typeof target !== 'object' || target === null || typeof target.track !== 'function') {
    throw new ConfigError('target', 'must be an object with a track(message) method');
  }
  checkOptionKeys(options, forwardToOptionKeys);
  const { onRejected } = options;
  if (onRejected !== undefined && typeof onRejected !== 'function') {
    throw new ConfigError('onRejected', 'must be a function');
  }

  return async (events) => {
    const outcomes = await Promise.allSettled(events.map((event) => forwardOne(target, event)));
    const failures: unknown[] = [];
    outcomes.forEach((outcome, index) => {
      if (outcome.status === 'fulfilled') return;
      const event = events[index] as TrackMessage;
      if (isPermanent(outcome.reason)) onRejected?.(event, outcome.reason);
      else failures.push(outcome.reason);
    });
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) {
      throw new AggregateError(failures, `${failures.length} events were not forwarded`);
    }
  };
}

async function forwardOne(target: TrackTarget, event: TrackMessage): Promise<void> {
  const { type: _type, ...message } = event;
  const result = await target.track(message);
  if (isFailedDelivery(result)) {
    throw result.error ?? new Error(`The event ${JSON.stringify(event.messageId)} was not delivered`);
  }
}

/** A DeliveryResult that failed; any other value (analytics-node's, a chainable `this`) is success. */
function isFailedDelivery(value: unknown): value is { status: 'failed'; error?: unknown } {
  return typeof value === 'object' && value !== null && (value as { status?: unknown }).status === 'failed';
}

function isPermanent(error: unknown): boolean {
  return isCustomerIoError(error) && permanentCodes.has(error.code);
}
