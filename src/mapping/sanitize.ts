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
 */
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

/** A shallow view of `source` without `keys`, for sanitizeObject to copy; the user's keys are defined, not assigned. */
export function omitKeys(source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const key of Object.keys(source)) if (!keys.includes(key)) setOwn(view, key, source[key]);
  return view;
}

interface Walk {
  warnings: MappingWarning[];
  /**
   * Objects being copied, outermost first: meeting one again means a cycle. A stack, not a Set: it is
   * as deep as the data (a few levels), where a linear search beats hashing and allocates nothing.
   */
  ancestors: object[];
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
  const walk: Walk = { warnings, ancestors: [] };
  const copy = copyValue(source, undefined, path, walk, 0);
  return copy !== omit && isJsonObject(copy) ? copy : {};
}

function isJsonObject(value: JsonValue): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
    case 'boolean':
      return value;
    case 'undefined':
      return omit;
    case 'number':
      if (Number.isFinite(value)) return value;
      return drop(walk, pathOf(parent, key), `${String(value)} has no JSON form`, inArray);
    case 'bigint': {
      const path = pathOf(parent, key);
      walk.warnings.push({
        code: 'value_converted',
        field: path,
        message: `${path} is a bigint; it was sent as the string "${value}" so no digit is lost.`,
      });
      return value.toString();
    }
    case 'function':
    case 'symbol':
      return drop(walk, pathOf(parent, key), `a ${typeof value} has no JSON form`, inArray);
  }
  if (value === null) return null;
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
      return value.toISOString();
    }
    if (value instanceof Number || value instanceof String || value instanceof Boolean) {
      return copyValue(value.valueOf(), parent, key, walk, depth, inArray);
    }
    if (value instanceof Map || value instanceof Set) {
      const reason = `a ${value.constructor.name} has no JSON form; send an object or an array`;
      return drop(walk, pathOf(parent, key), reason, inArray);
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
    if (Array.isArray(value)) {
      return value.map((item, index) => {
        const copy = copyValue(item, here, index, walk, depth + 1, true);
        return copy === omit ? null : copy;
      });
    }
    const copy: JsonObject = {};
    for (const key of Object.keys(value)) {
      if (isUnsafeKey(key)) {
        const keyPath = pathOf(here, key);
        walk.warnings.push({
          code: 'unsafe_key_removed',
          field: keyPath,
          message: `${keyPath} was removed: the key "${key}" could change object prototypes where the data is merged.`,
        });
        continue;
      }
      const item = copyValue((value as Record<string, unknown>)[key], here, key, walk, depth + 1);
      if (item !== omit) setOwn(copy, key, item);
    }
    return copy;
  } finally {
    walk.ancestors.pop();
  }
}

function drop(walk: Walk, path: string, reason: string, inArray: boolean): typeof omit {
  const outcome = inArray ? 'was sent as null' : 'was left out';
  walk.warnings.push({ code: 'value_dropped', field: path, message: `${path} ${outcome}: ${reason}.` });
  return omit;
}
