/**
 * Path parameters become exactly one path segment each, whatever they contain, so an identifier such
 * as `../merge_customers` or `a/b?c#d` can never reach another endpoint.
 */
import { InvalidRequestError } from '../errors.js';

const pathParameter = /\{([^{}]+)\}/g;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Percent-encodes one path segment; throws when no encoding could keep the value in its segment. */
export function encodePathSegment(name: string, value: unknown): string {
  const field = `params.path.${name}`;
  if (typeof value === 'number') {
    // An integer parameter such as a segment id; `String` never yields a `/`, so it stays one segment.
    if (!Number.isFinite(value)) throw new InvalidRequestError(field, 'expected a finite number');
    return String(value);
  }
  if (typeof value !== 'string') throw new InvalidRequestError(field, 'expected a string');
  if (value.length === 0) throw new InvalidRequestError(field, 'must not be empty');
  // URL parsers resolve "." and ".." (even percent-encoded) as dot segments, so no encoding is safe.
  if (/^(?:\.|%2e){1,2}$/i.test(value)) throw new InvalidRequestError(field, 'must not be "." or ".."');
  if (loneSurrogate.test(value))
    throw new InvalidRequestError(field, 'must be well-formed Unicode (lone surrogate)');
  return encodeURIComponent(value);
}

/** An openapi-fetch path serializer that encodes every parameter with encodePathSegment. */
export function serializePath(pathname: string, params: Record<string, unknown>): string {
  return pathname.replace(pathParameter, (_, name: string) => encodePathSegment(name, params[name]));
}
