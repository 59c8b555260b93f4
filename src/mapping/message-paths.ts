/**
 * Paths into a message, as problems and warnings name them: `traits.bio`, `traits["first name"]`,
 * `properties.items[0]`. Keys that are not plain identifiers are quoted, so a path never reads two ways.
 */

const plainKey = /^[A-Za-z_$][\w$]*$/;

/** `base` followed by one object key. */
export function joinPath(base: string, key: string): string {
  if (plainKey.test(key)) return base === '' ? key : `${base}.${key}`;
  return `${base}[${JSON.stringify(key)}]`;
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
