/**
 * Errors of delivery: a destination that no longer accepts messages or stopped waiting for them, and
 * messages Customer.io did not take.
 */
import type { ApiErrorDetail } from '../client/request-errors.js';
import { CustomerIoError, quote } from '../errors.js';

/** The destination was closed; the message was not accepted and nothing was sent. */
export class ClosedError extends CustomerIoError {
  /**
   * @param code for subclasses: a closed destination that gave up on a message it had accepted
   * @param message for subclasses, as `code`
   */
  constructor(
    code = 'closed',
    message = 'The destination is closed and accepts no more messages; create a new one to send more.',
  ) {
    super(code, message);
  }
}

/** What a `DeliveryAbandonedError` is built from. */
export interface DeliveryAbandonedInit {
  messageId: string | undefined;
  /** The operation whose turn it was, counting from 0. */
  operationIndex: number;
  /** Whether a request carrying that operation was in flight (it was aborted). */
  inFlight: boolean;
  /** Requests that had carried that operation. */
  attempts: number;
}

/**
 * `close()` stopped waiting (its `signal` aborted or its `timeoutMs` passed) before the message was
 * delivered: it was queued, waiting for a retry or for room in the queue, or in flight. In the last
 * case (`inFlight`) the request was aborted, and Customer.io may or may not have received it.
 */
export class DeliveryAbandonedError extends ClosedError {
  readonly messageId: string | undefined;
  readonly operationIndex: number;
  readonly inFlight: boolean;
  readonly attempts: number;

  constructor(init: DeliveryAbandonedInit) {
    super('abandoned', describeAbandoned(init));
    this.messageId = init.messageId;
    this.operationIndex = init.operationIndex;
    this.inFlight = init.inFlight;
    this.attempts = init.attempts;
  }
}

function describeAbandoned(init: DeliveryAbandonedInit): string {
  const message = init.messageId === undefined ? 'a message' : `message ${quote(init.messageId)}`;
  const operation = `operation ${init.operationIndex}`;
  const where = init.inFlight
    ? `${operation} was in a request in flight, which was aborted: Customer.io may or may not have received it`
    : init.attempts > 0
      ? `${operation} was waiting to be sent again after ${plural(init.attempts, 'attempt')}`
      : `${operation} was never sent`;
  return `close() stopped waiting before ${message} was delivered; ${where}.`;
}

/** Why a message was not delivered, when Customer.io's answer (or its silence) decided it. */
export type DeliveryFailureCode = 'rejected' | 'retries_exhausted' | 'unexpected';

/** What a `DeliveryError` is built from: the operation that failed, and the last answer about it. */
export interface DeliveryErrorInit {
  code: DeliveryFailureCode;
  messageId: string | undefined;
  /** Which operation of the message, counting from 0. */
  operationIndex: number;
  /** The request, such as `POST /api/v2/batch`. */
  request: string;
  /** The HTTP status of the last answer, when there was one. */
  status: number | undefined;
  /** Customer.io's reasons, for a rejected operation. */
  details: ApiErrorDetail[];
  /** Requests that carried the operation. */
  attempts: number;
  /**
   * For `retries_exhausted` because of the server: the wait it asked for (`Retry-After`), in
   * milliseconds, and the retry budget (`retry.maxElapsedMs`) that wait would have passed.
   */
  retryAfter?: { waitMs: number; budgetMs: number };
  cause?: unknown;
}

/**
 * An operation of a message was not delivered: Customer.io rejected it (a 207 item, or a 4xx on a request
 * that carried it alone), or every attempt failed with a retryable error until the retry budget ran out.
 * The last underlying error, if any, is the `cause`.
 */
export class DeliveryError extends CustomerIoError {
  readonly messageId: string | undefined;
  readonly operationIndex: number;
  readonly request: string;
  readonly status: number | undefined;
  readonly details: ApiErrorDetail[];
  readonly attempts: number;
  /**
   * When the operation failed because the server asked (`Retry-After`) for a wait beyond its retry
   * budget: that wait, in milliseconds.
   */
  declare readonly retryAfterMs?: number;

  constructor(init: DeliveryErrorInit) {
    super(init.code, describe(init), { cause: init.cause });
    this.messageId = init.messageId;
    this.operationIndex = init.operationIndex;
    this.request = init.request;
    this.status = init.status;
    this.details = init.details;
    this.attempts = init.attempts;
    // Only on the errors it concerns, so the others do not show it.
    if (init.retryAfter !== undefined) Object.assign(this, { retryAfterMs: init.retryAfter.waitMs });
  }
}

function describe(init: DeliveryErrorInit): string {
  const which = `operation ${init.operationIndex} of message${
    init.messageId === undefined ? '' : ` ${quote(init.messageId)}`
  }`;
  const status = init.status === undefined ? '' : ` ${init.status}`;
  switch (init.code) {
    case 'rejected': {
      const reasons = init.details.map(formatDetail).join('; ');
      return `Customer.io rejected ${which} (${init.request}${status})${reasons ? `: ${reasons}` : ''}`;
    }
    case 'retries_exhausted': {
      const last = init.cause instanceof Error ? `; last error: ${init.cause.message}` : '';
      const why = init.retryAfter
        ? `: Customer.io asked to wait ${formatWait(init.retryAfter.waitMs)} (Retry-After), which would pass the retry budget of ${init.retryAfter.budgetMs} ms from the first attempt (retry.maxElapsedMs)`
        : '';
      return `Gave up on ${which} after ${plural(init.attempts, 'attempt')} (${init.request})${why}${last}`;
    }
    case 'unexpected': {
      const reason = init.cause instanceof Error ? `: ${init.cause.message}` : '';
      return `Could not send ${which} (${init.request})${reason}`;
    }
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** A wait as `Retry-After` gives it: whole seconds when it is, else milliseconds. */
function formatWait(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function formatDetail(detail: ApiErrorDetail): string {
  const field = detail.field ? `${detail.field}: ` : '';
  const reason = detail.reason && detail.reason !== detail.message ? ` (${detail.reason})` : '';
  return `${field}${detail.message}${reason}`;
}
