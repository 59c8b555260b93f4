/**
 * Attributes that are the user's own data instead of a copy, for a caller that serialises the
 * operation bodies at once and keeps none of them (the destination's `enqueue` without `onResult`).
 * There a copy only lives until `JSON.stringify` has read it, and at tens of thousands of messages a
 * second copying was about a tenth of the time and of the garbage.
 *
 * It answers only when the data is plain JSON that sanitize.ts would copy unchanged and timestamps.ts
 * would not convert below the top level: plain objects and arrays, strings, finite numbers, booleans,
 * null, and below the top level `undefined` (which sanitize leaves out, and JSON too). Anything else (a
 * Date, a bigint, a `toJSON`, an unsafe key, an ISO-8601 string in a nested object, a cycle, nesting as
 * deep as sanitize's limit) gets undefined, and the caller copies as usual, with the warnings that go
 * with it. So does data that may be over its size budget: the copy stops at the limit and says why,
 * and this check stops reading there too.
 *
 * Top-level times are converted in a shallow copy. Mapping never writes into the attributes it is
 * given: what adds or removes one (`anonymous_id`, typed attributes) does so in a copy, and limits copy
 * what they change.
 */
import { isPlainObject } from './messages.js';
import { isUnsafeKey, type JsonObject, maxNestingDepth, type SizeBudget } from './sanitize.js';
import { parseIsoInstant } from './timestamps.js';

/**
 * What was read so far, counted never below what sanitize.ts counts for the same data, and where
 * reading gives up. Sanitize stops copying once its count passes a limit and then says "at least"
 * what it read; this walk gives up (and the caller copies) whenever that could happen, so borrowing
 * never changes a warning, an error or what is sent. Counting more than sanitize only sends a few
 * messages near a limit the long way.
 */
/** What sanitize.ts counts for `true`/`false` and for `null`: at least four characters. */
const booleanBytes = 4;
const nullBytes = 4;

interface Reading {
  bytes: number;
  stopAt: number;
}

/**
 * `value` itself, or a shallow copy with its top-level times converted, when its nested objects and
 * arrays need no change; undefined when sanitizing and converting would change anything in them, or
 * when a top-level object or array is over the budget's value limit, or the whole over its total.
 * @param keep top-level keys whose strings are not converted (attributes Customer.io types as strings)
 * @param convert whether ISO-8601 strings become unix seconds (`convertTimestamps`)
 */
export function borrowedAttributes(
  value: Record<string, unknown>,
  keep: Readonly<Record<string, unknown>>,
  convert: boolean,
  budget: SizeBudget,
): JsonObject | undefined {
  if (!isPlainRecord(value)) return undefined;
  /** A copy with the top-level times converted, made at the first one. */
  let withTimes: Record<string, unknown> | undefined;
  const reading: Reading = { bytes: 0, stopAt: 0 };
  const perValue = Math.min(budget.valueBytes, budget.totalBytes);
  /** What the whole comes to, every entry counted (sanitize counts only some): braces, keys and values. */
  let total = 2;
  for (const key in value) {
    if (!isOwnSafeKey(value, key)) return undefined;
    const item = value[key];
    total += key.length + 4;
    switch (typeof item) {
      case 'string': {
        const seconds = convert ? convertedTime(item, key, keep) : undefined;
        if (seconds !== undefined) {
          withTimes ??= { ...value };
          withTimes[key] = seconds;
        } else total += item.length + 2;
        break;
      }
      case 'object':
        reading.bytes = 0;
        reading.stopAt = perValue;
        if (item === null) reading.bytes = nullBytes;
        else if (!isPlainJson(item, 1, convert && !Object.hasOwn(keep, key), reading)) return undefined;
        total += reading.bytes;
        break;
      case 'undefined':
        // Sanitize leaves it out, and limits count the attributes there are.
        return undefined;
      default:
        reading.bytes = 0;
        if (!isPlainValue(item, 0, false, reading)) return undefined;
        total += reading.bytes;
    }
    if (total > budget.totalBytes) return undefined;
  }
  // Checked above: every value is JSON as it is.
  return (withTimes ?? value) as JsonObject;
}

/** `text` at the top-level `key` as unix seconds, when it is an ISO-8601 time and `key` is not kept. */
function convertedTime(
  text: string,
  key: string,
  keep: Readonly<Record<string, unknown>>,
): number | undefined {
  // Most strings are not times, which is quicker to tell than whether the key is kept.
  const instant = parseIsoInstant(text);
  return instant === undefined || Object.hasOwn(keep, key) ? undefined : instant.seconds;
}

/**
 * Whether `value`, found in a container at `depth`, is JSON as it is: null, a string (not an ISO-8601
 * time when `convert`), a boolean, a finite number, undefined, or plain JSON itself.
 */
function isPlainValue(value: unknown, depth: number, convert: boolean, reading: Reading): boolean {
  switch (typeof value) {
    case 'string':
      reading.bytes += value.length + 2;
      return !convert || parseIsoInstant(value) === undefined;
    case 'boolean':
      reading.bytes += booleanBytes;
      return true;
    case 'undefined':
      // Left out of an object, `null` in an array: counted as the null, the more of the two.
      reading.bytes += nullBytes;
      return true;
    case 'number':
      reading.bytes += 1;
      return Number.isFinite(value);
    case 'object':
      if (value === null) {
        reading.bytes += nullBytes;
        return true;
      }
      return isPlainJson(value, depth + 1, convert, reading);
    default:
      return false;
  }
}

/**
 * Whether the container `value`, at `depth`, holds only plain JSON. Times are converted in nested
 * objects but not inside arrays (as Segment does), nor in objects inside them.
 */
function isPlainJson(value: object, depth: number, convert: boolean, reading: Reading): boolean {
  // A cycle is found here too: the walk gives up as soon as one path reaches the depth limit.
  if (depth >= maxNestingDepth) return false;
  if (Object.getPrototypeOf(value) === Array.prototype) {
    if (hasToJson(value)) return false;
    const items = value as unknown[];
    // A byte and a comma an item at least: a long (perhaps sparse) array is over before it is read.
    if (reading.bytes + 2 * items.length + 1 > reading.stopAt) return false;
    // Brackets and commas.
    reading.bytes += items.length + 2;
    for (let index = 0; index < items.length; index++) {
      if (!isPlainValue(items[index], depth, false, reading) || reading.bytes > reading.stopAt) return false;
    }
    return reading.bytes <= reading.stopAt;
  }
  if (!isPlainRecord(value)) return false;
  // Braces.
  reading.bytes += 2;
  for (const key in value) {
    if (
      !isOwnSafeKey(value, key) ||
      !isPlainValue((value as Record<string, unknown>)[key], depth, convert, reading)
    )
      return false;
    // Quotes, colon and comma.
    reading.bytes += key.length + 4;
    if (reading.bytes > reading.stopAt) return false;
  }
  return reading.bytes <= reading.stopAt;
}

/** A plain object: what sanitize copies key by key, and JSON writes as it is. */
function isPlainRecord(value: object): boolean {
  return isPlainObject(value) && !hasToJson(value);
}

/** JSON writes what `toJSON` returns, and sanitize copies that: only the long way sees it. */
function hasToJson(value: object): boolean {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}

/**
 * An own key sanitize keeps. `for...in` also lists inherited enumerable keys, which only a polluted
 * prototype has and sanitize (by `Object.keys`) skips: those go the long way.
 */
function isOwnSafeKey(value: object, key: string): boolean {
  return !isUnsafeKey(key) && Object.hasOwn(value, key);
}
