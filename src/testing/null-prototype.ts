/**
 * JSON-like data whose objects have no prototype. Code elsewhere in the process may have polluted
 * `Object.prototype` (a careless deep merge of user input does it); an absent field of such an object
 * then reads as undefined, never as the polluted value, and enumerating it yields its own keys only.
 * Request bodies, the spec and the commands built from them are all held this way.
 */

/** A deep copy: arrays stay arrays, every plain object becomes a null-prototype object. */
export function withoutPrototypes<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutPrototypes) as T;
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = Object.create(null);
  for (const [key, child] of Object.entries(value)) copy[key] = withoutPrototypes(child);
  return copy as T;
}

/** `JSON.parse`, with null-prototype objects. */
export function parseJsonWithoutPrototypes(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) =>
    isPlainObject(value) ? Object.assign(Object.create(null), value) : value,
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
