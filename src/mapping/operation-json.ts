/**
 * The JSON of an operation body, serialised once. Limits measure each operation by its JSON and
 * delivery sends that same JSON: both ask here, so a body is serialised once between mapping and the
 * wire. Keyed by the body object itself, which mapping never changes once built (limits.ts is pure and
 * copies what it changes), so a remembered string always matches its body.
 *
 * Only the most recent bodies are remembered: delivery asks for a body right after mapping made it, in
 * the same synchronous step, so a few dozen cover every operation of any message. A WeakMap would
 * remember each body for its whole life, at about a microsecond of garbage collection per entry, which
 * was more than serialising itself saves at tens of thousands of messages a second.
 */

import { utf8Length } from './limits-utf8.js';

/** A body's JSON and that JSON's length in UTF-8 bytes (a lone surrogate counting as the 3 bytes of U+FFFD). */
export interface OperationJson {
  readonly json: string;
  readonly bytes: number;
}

/** How many bodies are remembered, newest overwriting oldest. */
const remembered = 64;
const bodies: (object | undefined)[] = new Array(remembered).fill(undefined);
const serialised: (OperationJson | undefined)[] = new Array(remembered).fill(undefined);
/** Where the next body goes. */
let cursor = 0;

/** `JSON.stringify(body)` and its byte length, computed once for a body asked for again soon after. */
export function operationJson(body: object): OperationJson {
  // Newest first: the body asked for is nearly always the one serialised last.
  for (let age = 1; age <= remembered; age++) {
    const slot = (cursor - age + remembered) % remembered;
    if (bodies[slot] === body) return serialised[slot] as OperationJson;
  }
  return rememberOperationJson(body, JSON.stringify(body));
}

/**
 * Remembers `json` as the JSON of `body`, for a mapper that writes a body's JSON itself: it must be
 * exactly what `JSON.stringify(body)` gives, keys in the same order.
 */
export function rememberOperationJson(body: object, json: string): OperationJson {
  const found = { json, bytes: utf8Length(json) };
  bodies[cursor] = body;
  serialised[cursor] = found;
  cursor = (cursor + 1) % remembered;
  return found;
}
