/** Errors of delivery: a destination that no longer accepts messages, and messages Customer.io did not take. */
import type { ApiErrorDetail } from '../client/request-errors.js';
import { CustomerIoError } from '../errors.js';

/** The destination was closed; the message was not accepted and nothing was sent. */
export class ClosedError extends CustomerIoError {
  constructor() {
    super('closed', 'The destination is closed and accepts no more messages; create a new one to send more.');
  }
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

  constructor(init: DeliveryErrorInit) {
    super(init.code, describe(init), { cause: init.cause });
    this.messageId = init.messageId;
    this.operationIndex = init.operationIndex;
    this.request = init.request;
    this.status = init.status;
    this.details = init.details;
    this.attempts = init.attempts;
  }
}

function describe(init: DeliveryErrorInit): string {
  const which = `operation ${init.operationIndex} of message${
    init.messageId === undefined ? '' : ` ${JSON.stringify(init.messageId)}`
  }`;
  const status = init.status === undefined ? '' : ` ${init.status}`;
  switch (init.code) {
    case 'rejected': {
      const reasons = init.details.map(formatDetail).join('; ');
      return `Customer.io rejected ${which} (${init.request}${status})${reasons ? `: ${reasons}` : ''}`;
    }
    case 'retries_exhausted': {
      const last = init.cause instanceof Error ? `; last error: ${init.cause.message}` : '';
      return `Gave up on ${which} after ${init.attempts} attempts (${init.request})${last}`;
    }
    case 'unexpected': {
      const reason = init.cause instanceof Error ? `: ${init.cause.message}` : '';
      return `Could not send ${which} (${init.request})${reason}`;
    }
  }
}

function formatDetail(detail: ApiErrorDetail): string {
  const field = detail.field ? `${detail.field}: ` : '';
  const reason = detail.reason && detail.reason !== detail.message ? ` (${detail.reason})` : '';
  return `${field}${detail.message}${reason}`;
}
