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
 *   same file twice gives the same ids; one whose canonical JSON would be over 1,000,000 bytes is
 *   refused (InvalidMessageError) as soon as that is known, rather than read through: it needs a
 *   messageId;
 * - a message without a readable time takes its time from `receivedAt`, else `sentAt`, else 0: derived
 *   from its content, never from the clock, so the id stays the same on every replay.
 */
import { hash } from 'node:crypto';
import { InvalidMessageError } from './mapping-errors.js';
import type { MessageTimes } from './timestamps.js';
import { readInstant } from './timestamps.js';

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** The same characters as codes, so an id is written by one String.fromCharCode. */
const crockfordCodes: readonly number[] = Array.from(crockford, (char) => char.charCodeAt(0));
const ulidPattern = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/i;
/** The largest time a ULID holds: 48 bits of milliseconds. */
export const maxUlidTime = 2 ** 48 - 1;
/**
 * Most bytes of canonical JSON a message without messageId is hashed from: about 30 times the 32 KB
 * Segment takes in one message. Past it, the message is refused; reading on could take any time (a
 * sparse array a billion items long takes no memory).
 */
export const maxHashedContentBytes = 1_000_000;

export function isUlid(value: string): boolean {
  // Most messageIds are not 26 characters long: no need to run the pattern on them.
  return value.length === 26 && ulidPattern.test(value);
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
 * @throws InvalidMessageError when the message has no messageId and its content is over
 *   `maxHashedContentBytes` as canonical JSON
 */
export function dedupeId(message: DedupeSource, timeMs: number | undefined, content: unknown): string {
  const messageId = message.messageId;
  if (typeof messageId === 'string' && isUlid(messageId)) return messageId.toUpperCase();
  const seed =
    typeof messageId === 'string' && messageId !== ''
      ? `messageId\u0000${messageId}`
      : `content\u0000${hashedContent(content)}`;
  // 'binary' (Latin-1): one character per byte, read without parsing. A Buffer would cost more to
  // allocate than the hash itself on a seed this short, and hex would need parsing back into numbers.
  return encodeUlid(timeMs ?? fallbackTime(message), hash('sha256', seed, 'binary'));
}

function fallbackTime(message: DedupeSource): number {
  for (const value of [message.receivedAt, message.sentAt]) {
    const instant = value == null ? undefined : readInstant(value);
    if (instant !== undefined) return instant.ms;
  }
  return 0;
}

/**
 * A ULID of `ms` (clamped to what a ULID holds) and the first 80 bits of `digest`, a string of one
 * byte per character. Each character is 5 bits, taken from integers of at most 25 bits, so plain bit
 * operations do (no BigInt, no carry between groups), and the 26 characters are written at once.
 */
function encodeUlid(ms: number, digest: string): string {
  const time = Math.min(Math.max(Math.floor(ms), 0), maxUlidTime);
  const high = Math.floor(time / 2 ** 25);
  const low = time - high * 2 ** 25;
  // 20 bits (two and a half bytes) make exactly 4 characters.
  const bits0 = (byte(digest, 0) << 12) | (byte(digest, 1) << 4) | (byte(digest, 2) >>> 4);
  const bits1 = ((byte(digest, 2) & 15) << 16) | (byte(digest, 3) << 8) | byte(digest, 4);
  const bits2 = (byte(digest, 5) << 12) | (byte(digest, 6) << 4) | (byte(digest, 7) >>> 4);
  const bits3 = ((byte(digest, 7) & 15) << 16) | (byte(digest, 8) << 8) | byte(digest, 9);
  return String.fromCharCode(
    char(high, 20),
    char(high, 15),
    char(high, 10),
    char(high, 5),
    char(high, 0),
    char(low, 20),
    char(low, 15),
    char(low, 10),
    char(low, 5),
    char(low, 0),
    char(bits0, 15),
    char(bits0, 10),
    char(bits0, 5),
    char(bits0, 0),
    char(bits1, 15),
    char(bits1, 10),
    char(bits1, 5),
    char(bits1, 0),
    char(bits2, 15),
    char(bits2, 10),
    char(bits2, 5),
    char(bits2, 0),
    char(bits3, 15),
    char(bits3, 10),
    char(bits3, 5),
    char(bits3, 0),
  );
}

function byte(digest: string, index: number): number {
  return digest.charCodeAt(index);
}

/** The character code of the 5 bits of `value` from bit `shift` up; a NaN time is written as zeros. */
function char(value: number, shift: number): number {
  return crockfordCodes[(value >>> shift) & 31] as number;
}

/** The canonical JSON of a message without messageId, or the problem that it is too large to hash. */
function hashedContent(content: unknown): string {
  const json = canonicalJsonWithin(content, maxHashedContentBytes);
  if (json !== undefined) return json;
  throw new InvalidMessageError([
    {
      path: '',
      rule: 'max_bytes',
      limit: maxHashedContentBytes,
      message: `is over ${maxHashedContentBytes} bytes as JSON: a message without a messageId is identified by a hash of its content, and one this large needs a messageId`,
    },
  ]);
}

/**
 * JSON with object keys sorted at every level, so two messages with the same content serialise the
 * same whatever their key order. Values JSON cannot carry are written as JSON would (left out in
 * objects, `null` in arrays); a bigint is written as its digits, a circular reference as `null`.
 */
export function canonicalJson(value: unknown): string {
  return canonicalJsonWithin(value, Number.POSITIVE_INFINITY) as string;
}

/** Canonical JSON, or undefined as soon as it is known to be longer than `maxLength` characters. */
function canonicalJsonWithin(value: unknown, maxLength: number): string | undefined {
  const writing: Writing = { ancestors: new Set(), length: 0, maxLength };
  try {
    return write(value, writing) ?? 'null';
  } catch (error) {
    if (error === tooLong) return undefined;
    throw error;
  }
}

interface Writing {
  ancestors: Set<object>;
  /** Characters written so far, or known to come (an array's commas and at least a character an item). */
  length: number;
  maxLength: number;
}

const tooLong = Symbol('too long');

function count(writing: Writing, length: number): void {
  writing.length += length;
  if (writing.length > writing.maxLength) throw tooLong;
}

function write(value: unknown, writing: Writing): string | undefined {
  if (typeof value === 'bigint') return counted(writing, JSON.stringify(value.toString()));
  if (typeof value !== 'object' || value === null) {
    const json = JSON.stringify(value);
    return json === undefined ? undefined : counted(writing, json);
  }
  const { ancestors } = writing;
  if (ancestors.has(value)) return counted(writing, 'null');
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return write(toJSON.call(value, ''), writing);
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      // Brackets, commas and a character an item at least, known before any item is read: a sparse
      // array a billion items long is over the limit at once.
      if (writing.length + 2 * value.length + 1 > writing.maxLength) throw tooLong;
      count(writing, value.length + 1);
      const items: string[] = [];
      // By index, as JSON reads an array: a hole is written as null.
      for (let index = 0; index < value.length; index++) {
        items.push(write(value[index], writing) ?? counted(writing, 'null'));
      }
      return `[${items.join(',')}]`;
    }
    const entries: string[] = [];
    count(writing, 2);
    for (const key of Object.keys(value).sort()) {
      const item = write((value as Record<string, unknown>)[key], writing);
      if (item === undefined) continue;
      const name = JSON.stringify(key);
      count(writing, name.length + 2);
      entries.push(`${name}:${item}`);
    }
    return `{${entries.join(',')}}`;
  } finally {
    ancestors.delete(value);
  }
}

/** `json`, counted as written. */
function counted(writing: Writing, json: string): string {
  count(writing, json.length);
  return json;
}
