import { isObject, type JsonObject } from './document.js';

/** Decodes one JSON Pointer segment (RFC 6901) and the percent-encoding a URI fragment may carry. */
function decodeSegment(segment: string): string {
  return decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
}

export function encodePointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function isLocalRef(ref: string): boolean {
  return ref === '#' || ref.startsWith('#/');
}

/** Resolves a local `#/...` reference; throws on anything else so a typo never passes as "any". */
export function resolveRef(doc: JsonObject, ref: string): unknown {
  if (!isLocalRef(ref)) throw new Error(`only local references are supported, got "${ref}"`);
  if (ref === '#') return doc;
  let current: unknown = doc;
  for (const segment of ref.slice(2).split('/')) {
    const key = decodeSegment(segment);
    if (Array.isArray(current)) current = current[Number(key)];
    else if (isObject(current)) current = current[key];
    else current = undefined;
    if (current === undefined) throw new Error(`unresolvable reference "${ref}"`);
  }
  return current;
}

/**
 * Follows a chain of `$ref` objects (parameters, request bodies, examples) to the object they name.
 * Returns the pointer of the final target too, for validators that compile by pointer.
 */
export function followRefs(
  doc: JsonObject,
  value: unknown,
  pointer: string,
): { value: unknown; pointer: string } {
  const seen = new Set<string>();
  let current = value;
  let at = pointer;
  while (isObject(current) && typeof current.$ref === 'string') {
    const ref = current.$ref;
    if (seen.has(ref)) throw new Error(`reference cycle through "${ref}"`);
    seen.add(ref);
    current = resolveRef(doc, ref);
    at = ref;
  }
  return { value: current, pointer: at };
}
