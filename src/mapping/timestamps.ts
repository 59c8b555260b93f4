/**
 * Times, as Customer.io wants them: integer unix seconds.
 *
 * Attribute values are converted only when they are strict ISO-8601 (what Segment's `isostring` check
 * accepts): `YYYY-MM-DD`, optionally `THH:mm`, `:ss`, 1 to 9 fractional digits, and `Z`, `±hh:mm` or
 * `±hhmm`. A date-time without an offset is read as UTC, so the result never depends on the machine's
 * time zone (Segment reads it in the server's zone). Fractions are parsed digit by digit, so 7 to 9
 * digits convert exactly where Segment's date parser gives up. Impossible dates (February 30th, hour 24)
 * are left as strings, like anything else that is not strict ISO: "25 Mar 2015", "2018-03-04T12:08:56 PDT".
 *
 * A time given as a number (or a string of digits) is unix seconds when it is below 1e10 (the year
 * 2286). Larger ones are another unit, told by magnitude, converted with a `timestamp_converted`
 * warning: milliseconds from 1e11, microseconds from 1e14, nanoseconds from 1e17 to 1e20 (each from
 * 1973 to 5138). From 1e10 to 1e11 a number is seconds after 2286 or milliseconds before 1973, both
 * implausible, and it is dropped, as is anything from 1e20 up. See docs/design.md, "Mapping".
 */

import { showValue } from './message-problems.js';
import type { TimeValue } from './messages.js';
import { isPlainObject } from './messages.js';
import type { MappingWarning } from './operations.js';
import { type JsonObject, type JsonValue, setOwn } from './sanitize.js';

/** A point in time, in whole unix seconds (what is sent) and milliseconds (for dedupe ids). */
export interface Instant {
  seconds: number;
  ms: number;
}

const unixSecondsPattern = /^\d+(?:\.\d+)?$/;
/** The largest time a JavaScript Date can hold, in milliseconds. */
const maxMs = 8.64e15;

/** A unit a numeric unix time may be given in, and how many of it make a millisecond. */
interface UnixUnit {
  readonly name: 'seconds' | 'milliseconds' | 'microseconds' | 'nanoseconds';
  readonly perMs: number;
}
const seconds: UnixUnit = { name: 'seconds', perMs: 1e-3 };
const milliseconds: UnixUnit = { name: 'milliseconds', perMs: 1 };
const microseconds: UnixUnit = { name: 'microseconds', perMs: 1e3 };
const nanoseconds: UnixUnit = { name: 'nanoseconds', perMs: 1e6 };

/** The unit a numeric unix time is in, told by its magnitude; undefined when no unit makes it a time from 1970 to 5138. */
function unixUnitOf(value: number): UnixUnit | undefined {
  // Written to be false for NaN too.
  if (!(value >= 0)) return undefined;
  if (value < 1e10) return seconds;
  if (value < 1e11) return undefined;
  if (value < 1e14) return milliseconds;
  if (value < 1e17) return microseconds;
  return value < 1e20 ? nanoseconds : undefined;
}

/** The instant `value` names in `unit`, to the millisecond; seconds exactly as before (they date dedupe ids). */
function unixInstant(value: number, unit: UnixUnit): Instant {
  if (unit === seconds) return { seconds: Math.floor(value), ms: Math.floor(value * 1000) };
  const ms = Math.floor(unit === milliseconds ? value : value / unit.perMs);
  return { seconds: Math.floor(ms / 1000), ms };
}

/** A time given as a number, or a string of digits ("a string of digits is already a unix time"), as that number. */
function unixNumber(value: string | number): number | undefined {
  if (typeof value === 'number') return value;
  // An ISO date has a '-' there: most times are, and need not be matched against the pattern.
  return value.charCodeAt(4) !== 45 /* - */ && unixSecondsPattern.test(value) ? Number(value) : undefined;
}

/**
 * The instant a strict ISO-8601 string names, or undefined when it is not one. Read character by
 * character rather than with a pattern: it runs for the time of every message and for every attribute
 * that looks like a date, and a pattern's match array costs more than the reading itself.
 */
export function parseIsoInstant(text: string): Instant | undefined {
  // Most attribute strings are not dates: reject them before reading further.
  if (text.length < 10 || text.charCodeAt(4) !== 45 /* - */ || text.charCodeAt(7) !== 45) return undefined;
  const y = digitsAt(text, 0, 4);
  const mo = digitsAt(text, 5, 2);
  const d = digitsAt(text, 8, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  let h = 0;
  let mi = 0;
  let s = 0;
  let fractionMs = 0;
  let offsetMinutes = 0;
  if (text.length > 10) {
    // THH:mm, then optionally :ss, then optionally .f to .fffffffff, then optionally an offset.
    if (text.charCodeAt(10) !== 84 /* T */ || text.charCodeAt(13) !== 58 /* : */) return undefined;
    h = digitsAt(text, 11, 2);
    mi = digitsAt(text, 14, 2);
    if (h < 0 || h > 23 || mi < 0 || mi > 59) return undefined;
    let at = 16;
    if (text.charCodeAt(at) === 58) {
      s = digitsAt(text, 17, 2);
      if (s < 0 || s > 59) return undefined;
      at = 19;
      if (text.charCodeAt(at) === 46 /* . */) {
        const first = ++at;
        while (at < text.length && at - first < 9 && isDigit(text.charCodeAt(at))) at++;
        if (at === first) return undefined;
        // Milliseconds from the first three digits, as if padded with zeros.
        for (let index = 0; index < 3; index++)
          fractionMs = fractionMs * 10 + (first + index < at ? text.charCodeAt(first + index) - 48 : 0);
      }
    }
    if (at < text.length) {
      const offset = parseOffsetAt(text, at);
      if (offset === undefined) return undefined;
      offsetMinutes = offset;
    }
  }
  const wholeSecondsMs = ((daysSinceEpoch(y, mo, d) * 24 + h) * 60 + mi - offsetMinutes) * 60_000 + s * 1000;
  return { seconds: wholeSecondsMs / 1000, ms: wholeSecondsMs + fractionMs };
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** The number written by the `count` ASCII digits at `start`, or -1 when any of them is not a digit. */
function digitsAt(text: string, start: number, count: number): number {
  if (start + count > text.length) return -1;
  let value = 0;
  for (let index = start; index < start + count; index++) {
    const code = text.charCodeAt(index);
    if (!isDigit(code)) return -1;
    value = value * 10 + code - 48;
  }
  return value;
}

/**
 * Minutes east of UTC for the offset that ends `text` at `at` (`Z`, `±hh:mm` or `±hhmm`), or undefined
 * for anything else, or for an offset no clock uses.
 */
function parseOffsetAt(text: string, at: number): number | undefined {
  const rest = text.length - at;
  const sign = text.charCodeAt(at);
  if (sign === 90 /* Z */) return rest === 1 ? 0 : undefined;
  if (sign !== 43 /* + */ && sign !== 45 /* - */) return undefined;
  const hours = digitsAt(text, at + 1, 2);
  const colon = rest === 6 && text.charCodeAt(at + 3) === 58;
  if (!colon && rest !== 5) return undefined;
  const minutes = digitsAt(text, at + (colon ? 4 : 3), 2);
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return undefined;
  return (sign === 45 ? -1 : 1) * (hours * 60 + minutes);
}

/**
 * Days from 1970-01-01 to a proleptic Gregorian date, by Howard Hinnant's days_from_civil: plain
 * arithmetic, much cheaper than a Date, and exact for years 0 to 99 too.
 */
function daysSinceEpoch(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Reads a time given as a Date, a strict ISO-8601 string, or a unix time (a number, or a string of
 * digits: "a string of digits is already a unix time") in seconds, or in milliseconds, microseconds or
 * nanoseconds told by its magnitude. Undefined when it is none of them, or when it is before 1970
 * (Customer.io's times are unsigned).
 */
export function readInstant(value: TimeValue): Instant | undefined {
  if (value instanceof Date) return readDate(value);
  const number = unixNumber(value);
  if (number === undefined) return inRange(parseIsoInstant(value as string));
  const unit = unixUnitOf(number);
  return unit === undefined ? undefined : unixInstant(number, unit);
}

function readDate(date: Date): Instant | undefined {
  const ms = date.getTime();
  return Number.isNaN(ms) ? undefined : inRange({ seconds: Math.floor(ms / 1000), ms });
}

/** The instant, when it is from 1970 on and a Date can hold it. */
function inRange(instant: Instant | undefined): Instant | undefined {
  return instant === undefined || instant.ms < 0 || instant.ms > maxMs ? undefined : instant;
}

/** The time fields of a message that bear on when it happened. */
export interface MessageTimes {
  timestamp?: TimeValue | null | undefined;
  originalTimestamp?: TimeValue | null | undefined;
  sentAt?: TimeValue | null | undefined;
  receivedAt?: TimeValue | null | undefined;
}

/**
 * When the message happened: its `timestamp`; without one, its `originalTimestamp` corrected for the
 * device's clock by `receivedAt - sentAt`, as Segment's servers compute `timestamp`. A time that cannot
 * be read is dropped with a `timestamp_dropped` warning (Segment passes it on, and Customer.io rejects
 * it); Customer.io then uses the time it receives the operation.
 */
export function resolveMessageTime(message: MessageTimes, warnings: MappingWarning[]): Instant | undefined {
  if (message.timestamp != null) return readOrWarn(message.timestamp, 'timestamp', warnings);
  if (message.originalTimestamp == null) return undefined;
  const original = readOrWarn(message.originalTimestamp, 'originalTimestamp', warnings);
  if (original === undefined) return undefined;
  const sent = message.sentAt == null ? undefined : readInstant(message.sentAt);
  const received = message.receivedAt == null ? undefined : readInstant(message.receivedAt);
  if (sent === undefined || received === undefined) return original;
  const ms = received.ms - (sent.ms - original.ms);
  return ms < 0 ? original : { seconds: Math.floor(ms / 1000), ms };
}

/**
 * Reads a time the message names at `field`, warning when it cannot be sent, and when it was taken
 * for a unit other than seconds.
 */
export function readOrWarn(value: TimeValue, field: string, warnings: MappingWarning[]): Instant | undefined {
  let instant: Instant | undefined;
  if (value instanceof Date) instant = readDate(value);
  else {
    const number = unixNumber(value);
    if (number !== undefined) return readUnixOrWarn(number, value, field, warnings);
    instant = inRange(parseIsoInstant(value as string));
  }
  if (instant === undefined) {
    const shown = value instanceof Date ? 'an invalid or out-of-range Date' : showValue(value);
    warnings.push({
      code: 'timestamp_dropped',
      field,
      message: `${field} ${shown} is not an ISO-8601 time, unix seconds or a Date from 1970 on; it was not sent.`,
    });
  }
  return instant;
}

function readUnixOrWarn(
  number: number,
  value: string | number,
  field: string,
  warnings: MappingWarning[],
): Instant | undefined {
  const unit = unixUnitOf(number);
  if (unit === undefined) {
    warnings.push({
      code: 'timestamp_dropped',
      field,
      message: `${field} ${showValue(value)} is not a unix time Customer.io can take: unix seconds are read below 1e10 (until the year 2286), milliseconds from 1e11, microseconds from 1e14 and nanoseconds from 1e17 to 1e20, all from 1970 on; it was not sent.`,
    });
    return undefined;
  }
  const instant = unixInstant(number, unit);
  if (unit !== seconds) {
    warnings.push({
      code: 'timestamp_converted',
      field,
      message: `${field} ${showValue(value)} is too large for unix seconds (it would be after the year 2286), so it was read as unix ${unit.name}: ${new Date(instant.ms).toISOString()}, sent as ${instant.seconds}.`,
    });
  }
  return instant;
}

/**
 * `created_at`, else `createdAt`, from traits found at `path`, as unix seconds. Customer.io types
 * `created_at` as an integer, so it is converted whatever `convertTimestamps` says; a value that is not
 * a time is dropped with a warning.
 */
export function readCreatedAt(
  traits: Record<string, unknown>,
  path: string,
  warnings: MappingWarning[],
): number | undefined {
  const field = traits.created_at != null ? 'created_at' : traits.createdAt != null ? 'createdAt' : undefined;
  if (field === undefined) return undefined;
  const value = traits[field];
  const fieldPath = `${path}.${field}`;
  if (typeof value === 'string' || typeof value === 'number' || value instanceof Date) {
    return readOrWarn(value, fieldPath, warnings)?.seconds;
  }
  warnings.push({
    code: 'timestamp_dropped',
    field: fieldPath,
    message: `${fieldPath} is not a time; it was not sent.`,
  });
  return undefined;
}

/**
 * Attribute values that are strict ISO-8601 strings become unix seconds, through nested plain objects
 * but not into arrays (as Segment does: an array of dates stays a list of strings). Top-level keys of
 * `keep` are left as they are (attributes Customer.io types as strings).
 *
 * Converts in place and returns `attributes`: it is only given the copy sanitize.ts made, which no one
 * else holds, and most attributes hold no date, so copying them again would be wasted.
 */
export function convertAttributeTimestamps(
  attributes: JsonObject,
  enabled: boolean,
  keep: Readonly<Record<string, unknown>> = {},
): JsonObject {
  if (!enabled) return attributes;
  for (const key of Object.keys(attributes)) {
    const value = attributes[key] as JsonValue;
    // `keep` is asked last: most values are neither dates nor objects, which is quicker to tell.
    if (typeof value === 'string') {
      const instant = parseIsoInstant(value);
      if (instant !== undefined && !Object.hasOwn(keep, key)) setOwn(attributes, key, instant.seconds);
    } else if (isPlainObject(value) && !Object.hasOwn(keep, key)) {
      convertAttributeTimestamps(value as JsonObject, true);
    }
  }
  return attributes;
}
