/** A message from acceptance to settlement, and each of its operations on the way. */
import type { CustomerIoError } from '../errors.js';
import type { MappingWarning, TrackOperation } from '../mapping/operations.js';
import type { DeliveryResult, DeliveryStatus, OperationStatus } from './delivery-result.js';
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
  readonly operation: TrackOperation;
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
  readonly operations: QueuedOperation[];
  /**
   * The operation whose turn it is. The ones before it are delivered and the ones after it wait:
   * a message's operations go out one after the other, in order.
   */
  current = 0;
  settled = false;

  constructor(
    /** Order of acceptance, which `flush` waits by. */
    readonly seq: number,
    readonly mapped: MappedMessage,
    readonly onSettled: ((result: DeliveryResult) => void) | undefined,
  ) {
    const context = { messageId: mapped.messageId, anonymousId: mapped.anonymousId };
    this.operations = mapped.operations.map((operation, index) => ({
      message: this,
      index,
      operation,
      route: routeOperation(operation, context),
      status: 'pending',
      attempts: 0,
      failures: 0,
      firstAttemptAt: undefined,
      readyAt: 0,
      request: undefined,
      error: undefined,
    }));
  }

  get messageId(): string | undefined {
    return this.mapped.messageId;
  }

  /** The result once every operation is delivered, or one has failed (the rest then count as not sent). */
  result(status: Exclude<DeliveryStatus, 'skipped'>, error?: CustomerIoError): DeliveryResult {
    let attempts = 0;
    const operations = this.operations.map((queued) => {
      attempts += queued.attempts;
      const status = queued.status === 'pending' ? 'not_sent' : queued.status;
      return {
        operation: queued.operation,
        status,
        request: queued.request,
        attempts: queued.attempts,
        ...(queued.error === undefined ? {} : { error: queued.error }),
      };
    });
    return {
      status,
      messageId: this.messageId,
      operations,
      attempts,
      warnings: this.mapped.warnings,
      ...(error === undefined ? {} : { error }),
    };
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
