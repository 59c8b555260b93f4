/**
 * The JSON of an operation body, serialised once. Limits measure each operation by its JSON and
 * delivery sends that same JSON: both ask here, so a body is serialised once between mapping and the
 * wire. Keyed by the body object itself, which mapping never changes once built (limits.ts is pure and
 * copies what it changes), so a remembered string always matches its body; it is forgotten with the body.
 */

/** A body's JSON and that JSON's length in UTF-8 bytes (a lone surrogate counting as the 3 bytes of U+FFFD). */
export interface OperationJson {
  readonly json: string;
  readonly bytes: number;
}

const remembered = new WeakMap<object, OperationJson>();

/** `JSON.stringify(body)` and its byte length, computed on the first call for this object only. */
export function operationJson(body: object): OperationJson {
  let found = remembered.get(body);
  if (found === undefined) {
    const json = JSON.stringify(body);
    found = { json, bytes: Buffer.byteLength(json, 'utf8') };
    remembered.set(body, found);
  }
  return found;
}
