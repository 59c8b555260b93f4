/**
 * Errors of the webhook receiver. Neither carries the signing key, the signature received, nor any
 * value from the body: a body names people (emails, phone numbers), and errors end up in logs.
 */
import { CustomerIoError } from '../errors.js';

/**
 * Why a request was not accepted as coming from Customer.io:
 * - `missing_header`: `X-CIO-Timestamp` or `X-CIO-Signature` is absent or empty;
 * - `malformed`: the timestamp is not unix seconds, or the signature is not 64 hex digits;
 * - `stale`: the signature is right, but the timestamp is further from now than the tolerance, in
 *   either direction (a replayed request, or a clock far off);
 * - `mismatch`: the signature was not made with this signing key over these exact bytes.
 */
export type WebhookSignatureFailure = 'missing_header' | 'malformed' | 'stale' | 'mismatch';

/** A reporting webhook request failed signature verification; its body must not be trusted. */
export class WebhookSignatureError extends CustomerIoError {
  readonly reason: WebhookSignatureFailure;

  constructor(reason: WebhookSignatureFailure, detail: string) {
    super('webhook_signature', `Reporting webhook signature rejected (${reason}): ${detail}`);
    this.reason = reason;
  }
}

/** One thing wrong with a webhook body. */
export interface WebhookPayloadIssue {
  /** Where, as a path in the body: `data.identifiers.id`, `timestamp`; empty for the body itself. */
  path: string;
  /** What is wrong, in words, without quoting the value. */
  problem: string;
}

/** A reporting webhook body is not JSON, or not shaped as Customer.io documents it. */
export class WebhookPayloadError extends CustomerIoError {
  readonly issues: WebhookPayloadIssue[];

  constructor(issues: WebhookPayloadIssue[]) {
    const list = issues.map((issue) => `${issue.path || '(body)'}: ${issue.problem}`).join('; ');
    super('webhook_payload', `Invalid reporting webhook body: ${list}`);
    this.issues = issues;
  }
}
