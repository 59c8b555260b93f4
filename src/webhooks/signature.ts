/**
 * Customer.io signs each reporting webhook: `X-CIO-Signature` is the lowercase hex HMAC-SHA256, keyed
 * by the webhook signing key, of `v0:<X-CIO-Timestamp>:<body>`. The body is hashed as the bytes that
 * arrived: parsing and serialising JSON again changes spacing, key order or escapes, and with them the
 * hash. Customer.io documents no replay window; five minutes either way is common practice.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../errors.js';
import { checkOptionKeys, type OptionKeys } from '../option-keys.js';
import { WebhookSignatureError } from './errors.js';

/** The header carrying when Customer.io sent the request, in unix seconds. */
export const webhookTimestampHeader = 'x-cio-timestamp';
/** The header carrying the signature. */
export const webhookSignatureHeader = 'x-cio-signature';

/** A body as received: a string is hashed as its UTF-8 bytes; a Buffer is a Uint8Array. */
export type WebhookRawBody = string | Uint8Array;

export interface VerifyWebhookSignatureOptions {
  /** The request body exactly as received, before any parsing. */
  rawBody: WebhookRawBody;
  /** The `X-CIO-Timestamp` header, or null/undefined when the request has none. */
  timestamp: string | null | undefined;
  /** The `X-CIO-Signature` header, or null/undefined when the request has none. */
  signature: string | null | undefined;
  /** The signing key shown on Customer.io's reporting webhook settings page. */
  signingKey: string;
  /**
   * How far the timestamp may be from now, in seconds, in either direction. Requests outside the
   * window are refused as `stale`, so a captured request cannot be replayed later.
   * @default 300
   */
  toleranceSeconds?: number;
  /**
   * The current time, as a Date or milliseconds since the epoch.
   * @default the system clock
   */
  now?: Date | number;
}

const verifyOptionKeys = {
  rawBody: true,
  timestamp: true,
  signature: true,
  signingKey: true,
  toleranceSeconds: true,
  now: true,
} as const satisfies OptionKeys<VerifyWebhookSignatureOptions>;

/** The two headers a signed request carries, named in lower case as Fetch `Headers` report them. */
export interface WebhookSignatureHeaders {
  'x-cio-timestamp': string;
  'x-cio-signature': string;
}

export interface SignWebhookPayloadOptions {
  /** The exact body that will be sent. */
  rawBody: WebhookRawBody;
  signingKey: string;
  /**
   * When the request is sent, as a Date or unix seconds.
   * @default the system clock
   */
  timestamp?: Date | number;
}

const signOptionKeys = {
  rawBody: true,
  signingKey: true,
  timestamp: true,
} as const satisfies OptionKeys<SignWebhookPayloadOptions>;

/** @default 300 seconds, the window checked when `toleranceSeconds` is not given. */
export const defaultToleranceSeconds = 300;

const timestampPattern = /^\d{1,15}$/;
const signaturePattern = /^[0-9a-f]{64}$/i;

/**
 * Checks that a request comes from Customer.io, unchanged and recently. Returns nothing when it does.
 * @throws WebhookSignatureError naming the `reason` when it does not; ConfigError for a missing
 *   signing key or a negative tolerance. No error ever contains the signing key.
 */
export function verifyWebhookSignature(options: VerifyWebhookSignatureOptions): void {
  checkOptionKeys(options, verifyOptionKeys);
  const { rawBody, timestamp, signature, signingKey } = options;
  checkSigningKey(signingKey);
  const tolerance = resolveToleranceSeconds(options.toleranceSeconds);
  if (timestamp == null || timestamp === '') {
    throw new WebhookSignatureError('missing_header', 'the X-CIO-Timestamp header is missing');
  }
  if (signature == null || signature === '') {
    throw new WebhookSignatureError('missing_header', 'the X-CIO-Signature header is missing');
  }
  if (!timestampPattern.test(timestamp)) {
    throw new WebhookSignatureError('malformed', 'X-CIO-Timestamp must be unix seconds (digits only)');
  }
  if (!signaturePattern.test(signature)) {
    throw new WebhookSignatureError('malformed', 'X-CIO-Signature must be 64 hexadecimal digits');
  }

  const expected = hmac(signingKey, timestamp, rawBody);
  if (!sameBytes(Buffer.from(signature, 'hex'), expected)) {
    throw new WebhookSignatureError(
      'mismatch',
      'the signature does not match the body and timestamp for this signing key',
    );
  }

  // Checked after the signature, so `stale` always means a genuine request that arrived too late or
  // too early: a replay, or a clock that is off.
  const skew = nowSeconds(options.now) - Number(timestamp);
  if (skew > tolerance) {
    throw new WebhookSignatureError(
      'stale',
      `the request was signed ${Math.floor(skew)} seconds ago; at most ${tolerance} are accepted`,
    );
  }
  if (-skew > tolerance) {
    throw new WebhookSignatureError(
      'stale',
      `the request is dated ${Math.ceil(-skew)} seconds in the future; at most ${tolerance} are accepted`,
    );
  }
}

/**
 * Signs a body as Customer.io does, for contract tests of a webhook endpoint.
 * @example
 * const body = JSON.stringify(webhook);
 * await fetch(url, { method: 'POST', body, headers: { ...signWebhookPayload({ rawBody: body, signingKey }) } });
 */
export function signWebhookPayload(options: SignWebhookPayloadOptions): WebhookSignatureHeaders {
  checkOptionKeys(options, signOptionKeys);
  checkSigningKey(options.signingKey);
  const seconds = timestampSeconds(options.timestamp);
  const timestamp = String(seconds);
  return {
    'x-cio-timestamp': timestamp,
    'x-cio-signature': hmac(options.signingKey, timestamp, options.rawBody).toString('hex'),
  };
}

/** The tolerance to apply, checked. */
export function resolveToleranceSeconds(value: number | undefined): number {
  if (value === undefined) return defaultToleranceSeconds;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ConfigError('toleranceSeconds', 'must be a finite number of seconds, 0 or more');
  }
  return value;
}

/** Throws when there is no usable key; the message never repeats what was given. */
export function checkSigningKey(signingKey: unknown): asserts signingKey is string {
  if (typeof signingKey !== 'string' || signingKey === '') {
    throw new ConfigError('signingKey', 'must be the non-empty signing key of the reporting webhook');
  }
}

function hmac(signingKey: string, timestamp: string, rawBody: WebhookRawBody): Buffer {
  return createHmac('sha256', signingKey).update(`v0:${timestamp}:`).update(rawBody).digest();
}

/** Constant-time equality; different lengths are unequal rather than an exception from timingSafeEqual. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function nowSeconds(now: Date | number | undefined): number {
  const ms = now === undefined ? Date.now() : now instanceof Date ? now.getTime() : now;
  if (!Number.isFinite(ms))
    throw new ConfigError('now', 'must be a valid Date or milliseconds since the epoch');
  return ms / 1000;
}

function timestampSeconds(timestamp: Date | number | undefined): number {
  if (timestamp === undefined) return Math.floor(Date.now() / 1000);
  const seconds = timestamp instanceof Date ? Math.floor(timestamp.getTime() / 1000) : timestamp;
  if (!Number.isSafeInteger(seconds) || seconds < 0) {
    throw new ConfigError('timestamp', 'must be a valid Date or whole unix seconds, 0 or more');
  }
  return seconds;
}
