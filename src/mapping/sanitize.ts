/**
 * Turns the user's traits and properties into plain JSON, copying every value, so what is sent is
 * exactly what `JSON.stringify` would write, and nothing the user passed can reach a prototype.
 *
 * - `__proto__`, `constructor` and `prototype` keys are removed, with a warning: a later merge by any
 *   code (ours or the user's) could otherwise write through them into `Object.prototype`. Every other key
 *   is written with `Object.defineProperty`, never by assignment.
 * - `undefined` is left out silently, as JSON does. Inside arrays, values JSON cannot carry become `null`
 *   (again as JSON does), so positions do not shift.
 * - A valid `Date` becomes its ISO string (timestamps.ts then turns it into unix seconds); an invalid
 *   one is left out with a warning.
 * - Functions, symbols, NaN, Infinity, Maps, Sets, circular references and nesting deeper than
 *   64 levels are left out with a `value_dropped` warning: JSON has no faithful form for them, and the
 *   rest of the message is still worth sending.
 * - A bigint becomes its decimal string with a `value_converted` warning, so no digit is lost.
 * - Objects with a `toJSON` method are replaced by what it returns, and boxed primitives are unboxed,
 *   as JSON does.
 * - A copy made within a size budget (`sanitizeWithin`) stops reading as soon as its result is known
 *   to be over Customer.io's limits, so the work a message costs is bounded by those limits, not by
 *   what the message holds.
 */
import { quote } from '../errors.js';
import { utf8Length } from './limits-utf8.js';
import { joinPath } from './message-paths.js';
import type { MappingWarning } from './operations.js';

/** A JSON value, as mapping sends it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Containers nested this deep (the data itself at depth 0) are left out with a warning. */
export const maxNestingDepth = 64;
const omit = Symbol('omit');

/** Defines an own, enumerable data property: safe for any key, unlike `target[key] = value`. */
export function setOwn(target: object, key: string, value: unknown): void {
  // Only `__proto__` has a setter on a plain object; every other key is safe, and far faster, to assign.
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    (target as Record<string, unknown>)[key] = value;
  }
}

/** True for the keys sanitize removes; other modules use it for keys they build objects from. */
export function isUnsafeKey(key: string): boolean {
  // Compared, not looked up in a Set: it runs for every key copied, and object keys are interned
  // strings, which compare by identity where a Set lookup hashes.
  return key === '__proto__' || key === 'constructor' || key === 'prototype';
}

/**
 * A shallow view of `source` without `keys`, for sanitizeObject to copy; the user's keys are defined, not assigned.
 * @param names `Object.keys(source)`, when the caller has it already
 */
export function omitKeys(
  source: Record<string, unknown>,
  keys: readonly string[],
  names: readonly string[] = Object.keys(source),
): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const key of names) if (!keys.includes(key)) setOwn(view, key, source[key]);
  return view;
}

/**
 * How far a copy needs to go before its result cannot be sent (limits-context.ts has one for each kind
 * of data). The copy measures what it writes as it goes, as a lower bound of its JSON in UTF-8 bytes,
 * and stops reading at once past a limit: a sparse `new Array(1e9)` is over any limit before one of
 * its items is read.
 */
export interface SizeBudget {
  /**
   * Most bytes one top-level value may be as JSON. A container over it is not read further: the copy
   * holds an `OversizeValue` in its place, which limits leave out or refuse as they would the value.
   */
  readonly valueBytes: number;
  /** Most bytes a top-level name may be: a longer one is left out by limits, so its entry is not counted. */
  readonly nameBytes: number;
  /** Most bytes the whole may be as JSON: past it the copy stops and answers `OverBudget`. */
  readonly totalBytes: number;
}

/**
 * What a copy holds in place of a top-level container whose JSON is over the budget's `valueBytes`:
 * how much of it was read, and what it was. Limits (limits-attributes.ts) always leave it out or
 * refuse it, since it is over the limit; serialising one would be a mistake, so it throws.
 */
export class OversizeValue {
  constructor(
    /** Bytes of JSON the value is at least. */
    readonly bytes: number,
    readonly kind: 'array' | 'object',
  ) {}

  toJSON(): never {
    throw new Error('an oversize value reached JSON: limits leave it out');
  }
}

/** A copy over its budget's `totalBytes`: the data cannot be sent, and it was read only this far. */
export class OverBudget {
  constructor(
    /** Bytes of JSON the data is at least. */
    readonly bytes: number,
    readonly limit: number,
  ) {}
}

/** Thrown through the walk once what it measures passes `stopAt`; caught where the budget is kept. */
const overBudget = Symbol('over budget');

interface Walk {
  warnings: MappingWarning[];
  /**
   * Objects being copied, outermost first: meeting one again means a cycle. A stack, not a Set: it is
   * as deep as the data (a few levels), where a linear search beats hashing and allocates nothing.
   */
  ancestors: object[];
  /**
   * A lower bound of the JSON bytes of what was copied since the count was last set: every string
   * its length and quotes, every other value one byte at least, and the brackets, commas and keys
   * around them. ISO-8601 strings count one byte: timestamps.ts may make them unix seconds.
   */
  bytes: number;
  /** The walk stops (throws `overBudget`) once `bytes` passes this. */
  stopAt: number;
  /** The budget of the top-level object, when there is one. */
  budget: SizeBudget | undefined;
  /** Top-level keys whose values may still change or go (typed attributes): not counted in the total. */
  uncounted: Readonly<Record<string, unknown>>;
}

/**
 * Where a container sits in the message. Paths are only written out for warnings, which are rare, so
 * a value is located by its container and its key (or position), and the path string and its quoting
 * (joinPath) are only built when a warning needs them.
 */
class Place {
  #path: string | undefined;
  constructor(
    readonly parent: Place | undefined,
    readonly key: string | number,
  ) {}

  get path(): string {
    this.#path ??= pathOf(this.parent, this.key);
    return this.#path;
  }
}

/** The path of the value at `key` in the container at `parent`; `parent` is undefined only for the root. */
function pathOf(parent: Place | undefined, key: string | number): string {
  if (parent === undefined) return String(key);
  return typeof key === 'number' ? `${parent.path}[${key}]` : joinPath(parent.path, key);
}

/** A JSON copy of `source`, found at `path` in the message. Warnings name the path of what changed. */
export function sanitizeObject(
  source: Record<string, unknown>,
  path: string,
  warnings: MappingWarning[],
): JsonObject {
  const walk: Walk = {
    warnings,
    ancestors: [],
    bytes: 0,
    stopAt: Number.POSITIVE_INFINITY,
    budget: undefined,
    uncounted: {},
  };
  const copy = copyValue(source, undefined, path, walk, 0);
  return copy !== omit && isJsonObject(copy) ? copy : {};
}

/**
 * `sanitizeObject` that stops reading once the copy cannot be sent within `budget`: `OverBudget` when
 * the whole is over its `totalBytes`; an `OversizeValue` in place of a top-level container over its
 * `valueBytes`.
 * @param uncounted top-level keys whose values may be changed or left out after the copy (typed
 *   attributes, reserved-attributes.ts): not counted towards the total. Each is still read no further
 *   than the budget allows one value, and when it alone is over the total, the whole is: its size is
 *   judged before its type.
 */
export function sanitizeWithin(
  source: Record<string, unknown>,
  path: string,
  warnings: MappingWarning[],
  budget: SizeBudget,
  uncounted: Readonly<Record<string, unknown>>,
): JsonObject | OverBudget {
  // Only the top-level object is read by the budget's rules; anything else in its place (what a
  // `toJSON` there returns) is not sent, so nothing of it need be read.
  const walk: Walk = { warnings, ancestors: [], bytes: 0, stopAt: 0, budget, uncounted };
  try {
    const copy = copyValue(source, undefined, path, walk, 0);
    return copy !== omit && isJsonObject(copy) ? copy : {};
  } catch (error) {
    if (error instanceof OverBudget) return error;
    if (error === overBudget) return {};
    throw error;
  }
}

function isJsonObject(value: JsonValue): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A lower bound of the UTF-8 bytes of `text` as JSON: its length and quotes (each UTF-16 unit is a
 * byte at least). A string shaped like an ISO-8601 date counts one byte, since it may become a number.
 */
function stringBytes(text: string): number {
  return text.length >= 10 && text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45 ? 1 : text.length + 2;
}

/**
 * The value at `key` in the container at `parent` (the root: no parent, `key` its path). `depth` counts
 * the containers around `value`; `inArray` says a dropped value becomes `null`.
 */
function copyValue(
  value: unknown,
  parent: Place | undefined,
  key: string | number,
  walk: Walk,
  depth: number,
  inArray = false,
): JsonValue | typeof omit {
  switch (typeof value) {
    case 'string':
      walk.bytes += stringBytes(value);
      return value;
    case 'boolean':
      walk.bytes += 4;
      return value;
    case 'undefined':
      return omit;
    case 'number':
      if (Number.isFinite(value)) {
        walk.bytes += 1;
        return value;
      }
      return drop(walk, pathOf(parent, key), `${String(value)} has no JSON form`, inArray);
    case 'bigint': {
      const path = pathOf(parent, key);
      const digits = value.toString();
      walk.warnings.push({
        code: 'value_converted',
        field: path,
        message: `${path} is a bigint; it was sent as the string ${quote(digits)} so no digit is lost.`,
      });
      walk.bytes += digits.length + 2;
      return digits;
    }
    case 'function':
    case 'symbol':
      return drop(walk, pathOf(parent, key), `a ${typeof value} has no JSON form`, inArray);
  }
  if (value === null) {
    walk.bytes += 4;
    return null;
  }
  return copyObject(value as object, parent, key, walk, depth, inArray);
}

function copyObject(
  value: object,
  parent: Place | undefined,
  key: string | number,
  walk: Walk,
  depth: number,
  inArray: boolean,
): JsonValue | typeof omit {
  const proto = Object.getPrototypeOf(value);
  // Plain objects and arrays, nearly all there is, are none of the special cases checked first.
  if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) {
    if (value instanceof Date) {
      if (Number.isNaN(value.getTime()))
        return drop(walk, pathOf(parent, key), 'it is an invalid Date', inArray);
      const text = value.toISOString();
      walk.bytes += stringBytes(text);
      return text;
    }
    if (value instanceof Number || value instanceof String || value instanceof Boolean) {
      return copyValue(value.valueOf(), parent, key, walk, depth, inArray);
    }
    if (value instanceof Map || value instanceof Set) {
      const reason = `a ${value.constructor.name} has no JSON form; send an object or an array`;
      return drop(walk, pathOf(parent, key), reason, inArray);
    }
    // A typed array is written as an object, each item as `"index":value`, 5 bytes at least: one
    // of a billion items would be read item by item, then be over any limit.
    if (ArrayBuffer.isView(value) && 'length' in value && typeof value.length === 'number') {
      checkRoom(walk, 5 * value.length + 1);
    }
  }
  if (walk.ancestors.includes(value))
    return drop(walk, pathOf(parent, key), 'it refers to an object that contains it', inArray);
  if (depth >= maxNestingDepth)
    return drop(walk, pathOf(parent, key), `it is nested deeper than ${maxNestingDepth} levels`, inArray);
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    return copyValue(toJSON.call(value, ''), parent, key, walk, depth + 1, inArray);
  }

  const here = new Place(parent, key);
  walk.ancestors.push(value);
  try {
    if (Array.isArray(value)) return copyArray(value, here, walk, depth);
    if (parent === undefined && walk.budget !== undefined)
      return copyTopLevel(value, here, walk, walk.budget);
    return copyEntries(value, here, walk, depth);
  } finally {
    walk.ancestors.pop();
  }
}

/** Stops the walk when `bytes` more would take it past `stopAt`, counting them. */
function checkRoom(walk: Walk, bytes: number): void {
  if (walk.bytes + bytes > walk.stopAt) {
    walk.bytes += bytes;
    throw overBudget;
  }
}

function copyArray(items: unknown[], here: Place, walk: Walk, depth: number): JsonValue[] {
  const length = items.length;
  // Brackets and commas, then at least a byte an item: a long array (sparse ones take no memory) is
  // over the budget before a single item is read.
  checkRoom(walk, 2 * length + 1);
  walk.bytes += length === 0 ? 2 : length + 1;
  const copy: JsonValue[] = [];
  for (let index = 0; index < length; index++) {
    // Read by index, as JSON reads it: a hole is undefined, and written as null.
    const item = copyValue(items[index], here, index, walk, depth + 1, true);
    if (item === omit) {
      copy.push(null);
      walk.bytes += 4;
    } else copy.push(item);
    if (walk.bytes > walk.stopAt) throw overBudget;
  }
  return copy;
}

function copyEntries(value: object, here: Place, walk: Walk, depth: number): JsonObject {
  const copy: JsonObject = {};
  walk.bytes += 2;
  let first = true;
  for (const key of Object.keys(value)) {
    if (isUnsafeKey(key)) {
      warnUnsafeKey(walk, here, key);
      continue;
    }
    const item = copyValue((value as Record<string, unknown>)[key], here, key, walk, depth + 1);
    if (item !== omit) {
      setOwn(copy, key, item);
      // The key's quotes and colon, and the comma before it.
      walk.bytes += key.length + (first ? 3 : 4);
      first = false;
    }
    if (walk.bytes > walk.stopAt) throw overBudget;
  }
  return copy;
}

/**
 * The top-level object, by its budget: each value is read until it is over the budget's `valueBytes`
 * (then an `OversizeValue` stands in for it) or takes the whole past `totalBytes` (then the copy is
 * `OverBudget`). Only entries that will surely be sent as they are count towards the total: not typed
 * or nameless ones, which may be left out, not names limits may leave out, not strings limits may
 * shorten or leave out, not objects and arrays whose size as sent is not yet known to be within the
 * value limit.
 */
function copyTopLevel(value: object, here: Place, walk: Walk, budget: SizeBudget): JsonObject {
  const copy: JsonObject = {};
  const valueLimited = budget.valueBytes !== Number.POSITIVE_INFINITY;
  /** A lower bound of the JSON of what is surely sent, braces included. */
  let total = 2;
  let counted = 0;
  for (const key of Object.keys(value)) {
    if (isUnsafeKey(key)) {
      warnUnsafeKey(walk, here, key);
      continue;
    }
    const counts = key !== '' && !Object.hasOwn(walk.uncounted, key) && nameFits(key, budget.nameBytes);
    const keyBytes = key.length + (counted === 0 ? 3 : 4);
    walk.bytes = 0;
    walk.stopAt = valueLimited
      ? budget.valueBytes
      : counts
        ? budget.totalBytes - total - keyBytes
        : budget.totalBytes;
    let item: JsonValue | typeof omit | OversizeValue;
    const raw = (value as Record<string, unknown>)[key];
    try {
      item = copyValue(raw, here, key, walk, 1);
    } catch (error) {
      if (error !== overBudget) throw error;
      if (valueLimited) item = new OversizeValue(walk.bytes, Array.isArray(raw) ? 'array' : 'object');
      // Nameless attributes are always left out (reserved-attributes.ts): whatever their size.
      else if (key === '') item = null;
      else throw new OverBudget(total + keyBytes + walk.bytes, budget.totalBytes);
    }
    if (item === omit) continue;
    setOwn(copy, key, item);
    if (!counts || item instanceof OversizeValue) continue;
    if (valueLimited && !surelyWithinValue(item, budget.valueBytes)) continue;
    total += keyBytes + walk.bytes;
    counted++;
    if (total > budget.totalBytes) throw new OverBudget(total, budget.totalBytes);
  }
  return copy;
}

/**
 * Whether limits will send `item` as it is under a value limit whatever the policy: any scalar, and
 * strings that are within it even at 3 bytes a character. The size of an object or array as sent is
 * known only as a lower bound here, so it may yet be over the limit and left out.
 */
function surelyWithinValue(item: JsonValue, limit: number): boolean {
  if (typeof item === 'string') return item.length * 3 <= limit;
  return item === null || typeof item !== 'object';
}

/** Whether `key` is surely within `limit` bytes as a name. */
function nameFits(key: string, limit: number): boolean {
  return key.length * 3 <= limit || utf8Length(key) <= limit;
}

function warnUnsafeKey(walk: Walk, here: Place, key: string): void {
  const keyPath = pathOf(here, key);
  walk.warnings.push({
    code: 'unsafe_key_removed',
    field: keyPath,
    message: `${keyPath} was removed: the key "${key}" could change object prototypes where the data is merged.`,
  });
}

function drop(walk: Walk, path: string, reason: string, inArray: boolean): typeof omit {
  const outcome = inArray ? 'was sent as null' : 'was left out';
  walk.warnings.push({ code: 'value_dropped', field: path, message: `${path} ${outcome}: ${reason}.` });
  return omit;
}
