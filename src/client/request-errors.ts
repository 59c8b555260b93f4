/** Errors of a request that was sent: the server refused it, or it never completed. */
import { CustomerIoError } from '../errors.js';
import type { RequestSnapshot } from './redact.js';

/** One problem Customer.io reported, from whichever of its error shapes it used. */
export interface ApiErrorDetail {
  message: string;
  /** The field at fault (v2 bodies). */
  field?: string;
  /** Customer.io's short reason code (v2 bodies). */
  reason?: string;
  /** The position of the failed item in a batch (207 bodies). */
  batchIndex?: number;
}

/** What an `ApiError` is built from: the answer, and the request it was given to. */
export interface ApiErrorInit {
  status: number;
  operation: string;
  details: ApiErrorDetail[];
  /** Customer.io's message, or the raw body when it is not one of the known shapes. */
  serverMessage: string;
  request: RequestSnapshot | undefined;
  retryAfterMs: number | undefined;
  cause?: unknown;
}

/** Customer.io answered with an error status. */
export class ApiError extends CustomerIoError {
  /** The HTTP status. */
  readonly status: number;
  /** Method and path template, such as `POST /api/v2/batch`. */
  readonly operation: string;
  /** Customer.io's message: `meta.error`, `meta.errors[]` or v2 `errors[]`, else the raw body. */
  readonly serverMessage: string;
  /** Each problem the body listed, in order. */
  readonly details: ApiErrorDetail[];
  /** The request, with its Authorization header redacted. */
  readonly request: RequestSnapshot | undefined;
  /** How long the server asked us to wait before trying again, in milliseconds, when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(init: ApiErrorInit, code = 'api', explanation = '') {
    const said = init.serverMessage ? `: ${init.serverMessage}` : '';
    const explained = explanation ? ` (${explanation})` : '';
    super(code, `Customer.io answered ${init.status} to ${init.operation}${said}${explained}`, {
      cause: init.cause,
    });
    this.status = init.status;
    this.operation = init.operation;
    this.serverMessage = init.serverMessage;
    this.details = init.details;
    this.request = init.request;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** Customer.io refused the credentials (401): the Site ID or API key is wrong, or belongs to another region. */
export class AuthError extends ApiError {
  constructor(init: ApiErrorInit) {
    super(
      init,
      'auth',
      'the Site ID or API key is wrong, or the workspace is in the other region; see detectRegion()',
    );
  }
}

/** The request never got an answer: connection refused or reset, DNS failure, TLS error, or a broken body. */
export class NetworkError extends CustomerIoError {
  readonly operation: string;
  readonly request: RequestSnapshot;

  constructor(operation: string, request: RequestSnapshot, cause: unknown) {
    const reason =
      cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : '';
    super('network', `${operation} failed before Customer.io answered${reason ? `: ${reason}` : ''}`, {
      cause,
    });
    this.operation = operation;
    this.request = request;
  }
}

/** The request took longer than the client's `timeoutMs`. */
export class TimeoutError extends CustomerIoError {
  readonly operation: string;
  readonly request: RequestSnapshot;
  /** The limit that was reached, in milliseconds. */
  readonly timeoutMs: number;

  constructor(operation: string, request: RequestSnapshot, timeoutMs: number, cause: unknown) {
    super('timeout', `${operation} timed out after ${timeoutMs} ms`, { cause });
    this.operation = operation;
    this.request = request;
    this.timeoutMs = timeoutMs;
  }
}

/** Customer.io answered with a success status but a body this library cannot use. */
export class UnexpectedResponseError extends CustomerIoError {
  readonly operation: string;

  constructor(operation: string, problem: string) {
    super('unexpected_response', `${operation} answered with ${problem}`);
    this.operation = operation;
  }
}
