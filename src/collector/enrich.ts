/**
 * What Segment's servers add to a message as it arrives: `receivedAt`, a `timestamp` corrected for the
 * device's clock, the client's address as `context.ip`, and a `messageId` when the client sent none.
 */
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { ConnectionInfo } from '../http/node-listener.js';
import { isObject } from './tracking-request.js';

export interface Arrival {
  /** When the request arrived, in milliseconds since the epoch. */
  receivedAt: number;
  /** The client's address, when known. */
  ip: string | undefined;
}

/**
 * Enriches a message in place (it is the collector's own copy, parsed from the request).
 * - `writeKey` is removed: it is a credential, and nothing downstream needs it.
 * - `messageId`, when missing, is derived from the message's content, so that a client that retries
 *   the same message without an id gets the same one, which deduplication then recognises.
 * - `timestamp`, when missing: `receivedAt - (sentAt - originalTimestamp)` when both times are given
 *   and readable, as Segment computes it (the device's clock may be off, but the time between its two
 *   readings is right); else `originalTimestamp` is left for mapping to use; else `receivedAt`.
 * - `context.ip`, when the message has none and the address is known.
 */
export function enrich(message: Record<string, unknown>, arrival: Arrival, receivedAtIso: string): void {
  if ('writeKey' in message) delete message.writeKey;
  if (!isId(message.messageId)) message.messageId = derivedMessageId(message);
  message.receivedAt = receivedAtIso;
  if (message.timestamp === undefined || message.timestamp === null) {
    const corrected = correctedTimestamp(message.originalTimestamp, message.sentAt, arrival.receivedAt);
    if (corrected !== undefined) message.timestamp = corrected;
    else if (message.originalTimestamp === undefined || message.originalTimestamp === null) {
      message.timestamp = receivedAtIso;
    }
  }
  if (arrival.ip !== undefined) {
    const { context } = message;
    if (context === undefined || context === null) message.context = { ip: arrival.ip };
    else if (isObject(context) && (context.ip === undefined || context.ip === null)) context.ip = arrival.ip;
  }
}

function isId(value: unknown): boolean {
  return (typeof value === 'string' && value !== '') || (typeof value === 'number' && Number.isFinite(value));
}

/** `api-` and 32 hex digits of the SHA-256 of the message as it came (its writeKey left out). */
function derivedMessageId(message: Record<string, unknown>): string {
  return `api-${createHash('sha256').update(JSON.stringify(message)).digest('hex').slice(0, 32)}`;
}

function correctedTimestamp(original: unknown, sent: unknown, receivedAt: number): string | undefined {
  const originalMs = instant(original);
  const sentMs = instant(sent);
  if (originalMs === undefined || sentMs === undefined) return undefined;
  const corrected = receivedAt - (sentMs - originalMs);
  // A time past what a Date can hold (a garbled sentAt) is left alone rather than turned into an error.
  return Math.abs(corrected) <= 8.64e15 ? new Date(corrected).toISOString() : undefined;
}

/** An ISO-8601 string's time in milliseconds; other forms are left to mapping, which reads them all. */
function instant(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The client's address: from a trusted proxy's header when one is configured (for a list such as
 * `x-forwarded-for`, its last address: the one that proxy appended), else the connection's. Undefined
 * when it is not an IP address.
 */
export function clientAddress(
  request: Request,
  connection: ConnectionInfo | undefined,
  header: string | undefined,
): string | undefined {
  const address =
    header === undefined ? connection?.remoteAddress : request.headers.get(header)?.split(',').at(-1)?.trim();
  if (address === undefined) return undefined;
  // An IPv4 client of a dual-stack socket shows as ::ffff:203.0.113.7.
  const bare = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  return isIP(bare) === 0 ? undefined : bare;
}
