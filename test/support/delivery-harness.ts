/**
 * Destinations and delivery engines aimed at a fresh Track API emulator through its fetch function (no
 * sockets), plus builders for hand-written operations and readers of the emulator's request log.
 */
import { DeliveryEngine } from '../../src/delivery/delivery-engine.js';
import type { DeliveryResult } from '../../src/delivery/delivery-result.js';
import { type ResolvedDeliveryOptions, resolveDeliveryOptions } from '../../src/delivery/options.js';
import type { MappedMessage } from '../../src/delivery/tracked-message.js';
import { createDestination, type Destination, type DestinationOptions } from '../../src/destination.js';
import type { SegmentMessage } from '../../src/mapping/messages.js';
import type { EntityTrackOperation, TrackOperation } from '../../src/mapping/operations.js';
import {
  createTrackApiEmulator,
  type EmulatedRequest,
  type TrackApiEmulator,
  type TrackApiEmulatorOptions,
} from '../../src/testing/index.js';

export interface DestinationUnderTest {
  emulator: TrackApiEmulator;
  destination: Destination;
  /** Every result handed to `onResult`, in order. */
  results: DeliveryResult[];
}

/** A destination whose every request goes to a new emulator, through `emulator.fetch`. */
export function destinationWithEmulator(
  emulatorOptions: TrackApiEmulatorOptions = {},
  options: Partial<DestinationOptions> = {},
): DestinationUnderTest {
  const emulator = createTrackApiEmulator(emulatorOptions);
  const results: DeliveryResult[] = [];
  const destination = createDestination({
    ...emulator.clientOptions(),
    fetch: emulator.fetch,
    onResult: (result) => results.push(result),
    ...options,
  });
  return { emulator, destination, results };
}

export interface EngineUnderTest {
  emulator: TrackApiEmulator;
  engine: DeliveryEngine;
  /** Submits hand-written operations as one message and resolves with its result. */
  deliver(operations: TrackOperation[], fields?: Partial<MappedMessage>): Promise<DeliveryResult>;
}

/**
 * A delivery engine (below mapping) aimed at a new emulator. `overrides` replace resolved options as
 * they are, unchecked, so a test can go past Customer.io's limits on purpose.
 */
export function engineWithEmulator(
  emulatorOptions: TrackApiEmulatorOptions = {},
  overrides: Partial<ResolvedDeliveryOptions> = {},
  clientOptions: { timeoutMs?: number } = {},
): EngineUnderTest {
  const emulator = createTrackApiEmulator(emulatorOptions);
  const client = { ...emulator.clientOptions(), fetch: emulator.fetch, ...clientOptions };
  const options = { ...resolveDeliveryOptions({ retry: { baseDelayMs: 1, maxDelayMs: 5 } }), ...overrides };
  const engine = new DeliveryEngine({ client, options });
  let count = 0;
  return {
    emulator,
    engine,
    deliver: (operations, fields = {}) =>
      new Promise((resolve) => {
        engine.submit(
          { messageId: `message-${count++}`, operations, warnings: [], anonymousId: undefined, ...fields },
          resolve,
        );
      }),
  };
}

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A valid ULID numbered `n`, for the dedupe id of hand-written events. */
export function ulid(n: number): string {
  let tail = '';
  for (let rest = n, index = 0; index < 16; index++, rest = Math.floor(rest / 32)) {
    tail = crockford.charAt(rest % 32) + tail;
  }
  return `01HQWY5CG0${tail}`;
}

/** A person event operation as mapping makes it. */
export function eventOperation(
  person: string,
  name: string,
  n: number,
  attributes: Record<string, unknown> = {},
): EntityTrackOperation {
  return {
    endpoint: 'entity',
    body: {
      type: 'person',
      identifiers: { id: person },
      action: 'event',
      name,
      id: ulid(n),
      timestamp: 1_709_294_400,
      attributes,
    },
  };
}

/** A person identify operation as mapping makes it. */
export function identifyOperation(
  person: string,
  attributes: Record<string, unknown> = {},
): EntityTrackOperation {
  return {
    endpoint: 'entity',
    body: { type: 'person', identifiers: { id: person }, action: 'identify', attributes },
  };
}

/** A string of `bytes` ASCII characters, to make operations of a known size. */
export const filler = (bytes: number): string => 'x'.repeat(bytes);

/** The largest number of requests the emulator received within any sliding second. */
export function busiestSecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let busiest = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[start] ?? 0) <= (sorted[end] ?? 0) - 1000) start++;
    busiest = Math.max(busiest, end - start + 1);
  }
  return busiest;
}

/** The batch items a logged request carried: the items of a batch, or the one operation of an entity request. */
export function itemsOf(request: EmulatedRequest): unknown[] {
  const body = request.body as { batch?: unknown[] } | undefined;
  return Array.isArray(body?.batch) ? body.batch : [body];
}

/** Each logged request as `status path`, for order assertions. */
export function requestLines(emulator: TrackApiEmulator): string[] {
  return emulator.requests.map(
    (request) => `${request.status ?? 'no answer'} ${request.method} ${request.path}`,
  );
}

/** The n-th of a run of distinct Order Completed events, each from its own person. */
export function orderCompletedBy(n: number): SegmentMessage {
  return {
    type: 'track',
    userId: `user-${n}`,
    messageId: `msg-${n}`,
    event: 'Order Completed',
    properties: { n },
  };
}
