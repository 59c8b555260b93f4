/**
 * Paths into a message, as problems and warnings name them: `traits.bio`, `traits["first name"]`,
 * `properties.items[0]`. Keys that are not plain identifiers are quoted, so a path never reads two ways,
 * and keys longer than errors quote are cut (`quote`), so a 10 MB trait name makes a short path.
 */
import { quote } from '../errors.js';

const plainKey = /^[A-Za-z_$][\w$]*$/;

/**
 * Keys up to this many characters are never cut: every attribute name Customer.io accepts (150 bytes)
 * fits, so a path to a valid attribute always names it whole.
 */
const longestWholeKey = 150;

/** `base` followed by one object key. */
export function joinPath(base: string, key: string): string {
  if (key.length <= longestWholeKey && plainKey.test(key)) return base === '' ? key : `${base}.${key}`;
  return `${base}[${quote(key, longestWholeKey)}]`;
}

/** A path from its segments: strings are object keys, numbers are array positions. */
export function formatPath(segments: readonly PropertyKey[]): string {
  let path = '';
  for (const segment of segments) {
    if (typeof segment === 'number') path = `${path}[${segment}]`;
    else path = joinPath(path, String(segment));
  }
  return path;
}
