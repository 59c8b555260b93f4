/** A message from acceptance to settlement, and each of its operations on the way. */
import type { CustomerIoError } from '../errors.js';
import type { MappingWarning, TrackOperation } from '../mapping/operations.js';
import type { DeliveryResult, DeliveryStatus, OperationResult, OperationStatus } from './delivery-result.js';
import { type OperationRoute, routeOperation } from './operation-route.js';

/** What the engine takes: a message already mapped to operations. */
export interface MappedMessage {
  messageId: string | undefined;
  /** The message's `anonymousId`, which a v1 screen view of a known person must carry. */
  anonymousId?: string | undefined;
  /** In the order they must be sent. */
  operations: TrackOperation[];
  warnings: MappingWarning[];
}

/** One operation of a tracked message. */
export interface QueuedOperation {
  readonly message: TrackedMessage;
  /** Its position in the message. */
  readonly index: number;
  readonly route: OperationRoute;
  status: 'pending' | OperationStatus;
  /** Requests that carried it. */
  attempts: number;
  /** Requests that carried it and failed with a retryable error. */
  failures: number;
  /** When it was first sent, in milliseconds; the retry budget counts from here. */
  firstAttemptAt: number | undefined;
  /** When it last became ready to send, in milliseconds; `lingerMs` counts from here. */
  readyAt: number;
  /** The request that carried it last. */
  request: string | undefined;
  error: CustomerIoError | undefined;
}

export class TrackedMessage {
  readonly messageId: string | undefined;
  readonly operations: QueuedOperation[];
  /**
   * The operation whose turn it is. The ones before it are delivered and the ones after it wait:
   * a message's operations go out one after the other, in order.
   */
  current = 0;
  settled = false;
  /**
   * What mapping made of the message, kept only when its result will be built. Otherwise a waiting
   * message holds the JSON of its operations and not their bodies: at full speed thousands wait, and
   * garbage collections move each of them once or twice before it is sent.
   */
  readonly #mapped: MappedMessage | undefined;

  /**
   * @param seq order of acceptance, which `flush` waits by
   * @param onSettled told the result once the message settles
   * @param wantsResult whether `result()` will be asked for (someone listens)
   */
  constructor(
    readonly seq: number,
    mapped: MappedMessage,
    readonly onSettled: ((result: DeliveryResult) => void) | undefined,
    readonly wantsResult: boolean,
  ) {
    this.messageId = mapped.messageId;
    this.#mapped = wantsResult ? mapped : undefined;
    this.operations = mapped.operations.map((operation, index) => ({
      message: this,
      index,
      route: routeOperation(operation, mapped),
      status: 'pending',
      attempts: 0,
      failures: 0,
      firstAttemptAt: undefined,
      readyAt: 0,
      request: undefined,
      error: undefined,
    }));
  }

  /** The result once every operation is delivered, or one has failed (the rest then count as not sent). */
  result(status: Exclude<DeliveryStatus, 'skipped'>, error?: CustomerIoError): DeliveryResult {
    const mapped = this.#mapped;
    if (mapped === undefined) throw new Error('the result of a message no one listens to was not kept');
    let attempts = 0;
    const operations = this.operations.map((queued) => {
      attempts += queued.attempts;
      const status = queued.status === 'pending' ? 'not_sent' : queued.status;
      const result: OperationResult = {
        operation: mapped.operations[queued.index] as TrackOperation,
        status,
        request: queued.request,
        attempts: queued.attempts,
      };
      if (queued.error !== undefined) result.error = queued.error;
      return result;
    });
    const result: DeliveryResult = {
      status,
      messageId: this.messageId,
      operations,
      attempts,
      warnings: mapped.warnings,
    };
    if (error !== undefined) result.error = error;
    return result;
  }
}

/** The result of a message mapping decided not to send. */
export function skippedResult(mapped: MappedMessage, reason: string): DeliveryResult {
  return {
    status: 'skipped',
    messageId: mapped.messageId,
    operations: [],
    attempts: 0,
    warnings: mapped.warnings,
    skipped: reason,
  };
}
