/**
 * Deterministic ULIDs for Customer.io's event dedupe `id`. Customer.io documents the id as a ULID
 * (48-bit millisecond time, then 80 bits, in 26 characters of Crockford base32) and ignores a second
 * event with the same id. Segment sends the messageId, often a UUID, which is not a ULID; a random
 * ULID would defeat deduplication on retry. So:
 *
 * - a messageId that already is a ULID is used as it is, uppercased (Crockford base32 ignores case);
 * - otherwise the 80 bits are the first 80 bits of SHA-256 of the messageId, and the time is the
 *   message's time in milliseconds;
 * - a message without a messageId is hashed whole, as canonical JSON (keys sorted), so replaying the
 *   same file twice gives the same ids;
 * - a message without a readable time takes its time from `receivedAt`, else `sentAt`, else 0: derived
 *   from its content, never from the clock, so the id stays the same on every replay.
 */
import { hash } from 'node:crypto';
import type { MessageTimes } from './timestamps.js';
import { readInstant } from './timestamps.js';

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ulidPattern = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/i;
/** The largest time a ULID holds: 48 bits of milliseconds. */
export const maxUlidTime = 2 ** 48 - 1;

export function isUlid(value: string): boolean {
  return ulidPattern.test(value);
}

/** The millisecond time in a ULID's first 10 characters. */
export function ulidTime(ulid: string): number {
  let ms = 0;
  for (const char of ulid.slice(0, 10).toUpperCase()) ms = ms * 32 + crockford.indexOf(char);
  return ms;
}

/** What a dedupe id is derived from. */
export interface DedupeSource extends MessageTimes {
  messageId?: string | null | undefined;
}

/**
 * The dedupe id of a message's event, page view or screen view. `timeMs` is the message's resolved
 * time; `content` is the whole message, hashed when it has no messageId.
 */
export function dedupeId(message: DedupeSource, timeMs: number | undefined, content: unknown): string {
  const messageId = message.messageId;
  if (typeof messageId === 'string' && isUlid(messageId)) return messageId.toUpperCase();
  const seed =
    typeof messageId === 'string' && messageId !== ''
      ? `messageId\u0000${messageId}`
      : `content\u0000${canonicalJson(content)}`;
  const time = timeMs ?? fallbackTime(message);
  // Hex, not a Buffer: allocating the Buffer costs more than the hash itself on an id this short.
  return encodeTime(time) + encodeBits(hash('sha256', seed, 'hex'));
}

function fallbackTime(message: DedupeSource): number {
  for (const value of [message.receivedAt, message.sentAt]) {
    const instant = value == null ? undefined : readInstant(value);
    if (instant !== undefined) return instant.ms;
  }
  return 0;
}

function encodeTime(ms: number): string {
  let time = Math.min(Math.max(Math.floor(ms), 0), maxUlidTime);
  let text = '';
  for (let index = 0; index < 10; index++) {
    text = crockford.charAt(time % 32) + text;
    time = Math.floor(time / 32);
  }
  return text;
}

/** The first 80 bits of a hex digest as 16 base32 characters, most significant first. */
function encodeBits(hex: string): string {
  let text = '';
  // 20 bits (5 hex digits) make exactly 4 base32 characters: no BigInt, no carry between chunks.
  for (let start = 0; start < 20; start += 5) {
    const chunk = Number.parseInt(hex.slice(start, start + 5), 16);
    text +=
      crockford.charAt((chunk >>> 15) & 31) +
      crockford.charAt((chunk >>> 10) & 31) +
      crockford.charAt((chunk >>> 5) & 31) +
      crockford.charAt(chunk & 31);
  }
  return text;
}

/**
 * JSON with object keys sorted at every level, so two messages with the same content serialise the
 * same whatever their key order. Values JSON cannot carry are written as JSON would (left out in
 * objects, `null` in arrays); a bigint is written as its digits, a circular reference as `null`.
 */
export function canonicalJson(value: unknown): string {
  return write(value, new Set()) ?? 'null';
}

function write(value: unknown, ancestors: Set<object>): string | undefined {
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (ancestors.has(value)) return 'null';
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return write(toJSON.call(value, ''), ancestors);
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return `[${value.map((item) => write(item, ancestors) ?? 'null').join(',')}]`;
    const entries: string[] = [];
    for (const key of Object.keys(value).sort()) {
      const item = write((value as Record<string, unknown>)[key], ancestors);
      if (item !== undefined) entries.push(`${JSON.stringify(key)}:${item}`);
    }
    return `{${entries.join(',')}}`;
  } finally {
    ancestors.delete(value);
  }
}
