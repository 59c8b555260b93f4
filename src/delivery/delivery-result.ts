/** What became of one message. */
import type { CustomerIoError } from '../errors.js';
import type { MappingWarning, TrackOperation } from '../mapping/operations.js';

/**
 * - `delivered`: Customer.io accepted every operation of the message.
 * - `failed`: one operation finally failed; the operations after it were not sent.
 * - `skipped`: the message is not for Customer.io (for example `integrations: {"Customer.io": false}`).
 */
export type DeliveryStatus = 'delivered' | 'failed' | 'skipped';

/**
 * - `delivered`: Customer.io accepted it.
 * - `failed`: it was rejected, could not be sent, or every attempt failed.
 * - `not_sent`: an earlier operation of the same message failed, so it was never sent.
 */
export type OperationStatus = 'delivered' | 'failed' | 'not_sent';

/** What became of one operation of a message. */
export interface OperationResult {
  /** The operation, as mapping made it. */
  operation: TrackOperation;
  status: OperationStatus;
  /** The request that carried it last, such as `POST /api/v2/batch`; undefined when never sent. */
  request: string | undefined;
  /** Requests that carried it, retries included. */
  attempts: number;
  /** Why it failed. */
  error?: CustomerIoError;
}

export interface DeliveryResult {
  status: DeliveryStatus;
  /** The message's `messageId`, when it had one. */
  messageId: string | undefined;
  /** Each operation the message was mapped to, in the order they were sent. Empty when skipped. */
  operations: OperationResult[];
  /** Requests that carried any operation of the message, retries included. */
  attempts: number;
  /** What mapping changed in the message, or chose, that the sender should know. */
  warnings: MappingWarning[];
  /** Why the message failed: the error of the operation that failed. */
  error?: CustomerIoError;
  /** Why the message was skipped. */
  skipped?: string;
}
