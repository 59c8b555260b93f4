/**
 * Measuring and shortening text in UTF-8 bytes, as Customer.io measures its limits. A lone surrogate
 * (which no UTF-8 encoder can write) counts as the 3-byte replacement character it becomes on the wire.
 */

const replacementCharacter = '\uFFFD';

/** UTF-8 length of `text`, without allocating. */
export function utf8Length(text: string): number {
  // Node's native count is many times faster on all but the shortest strings; it counts alike.
  if (text.length > 16) return Buffer.byteLength(text, 'utf8');
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (isHighSurrogate(code) && isLowSurrogate(text.charCodeAt(index + 1))) {
      bytes += 4;
      index++;
    } else bytes += 3;
  }
  return bytes;
}

/** UTF-8 length of `value` serialised as JSON; 0 for what JSON cannot represent (undefined, functions). */
export function jsonBytes(value: unknown): number {
  return utf8Length(JSON.stringify(value) ?? '');
}

/** The byte size an attribute value is measured by: a string's own bytes, anything else's JSON. */
export function valueBytes(value: unknown): number {
  return typeof value === 'string' ? utf8Length(value) : jsonBytes(value);
}

/**
 * The longest prefix of `text` whose UTF-8 encoding is at most `maxBytes`, never ending inside a
 * character: a surrogate pair is kept whole or left out whole. Lone surrogates in what is kept become
 * U+FFFD (same size), so the result always encodes to a byte prefix of `text`'s encoding.
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  let wellFormed = true;
  while (end < text.length) {
    const code = text.charCodeAt(end);
    let units = 1;
    let size: number;
    if (code < 0x80) size = 1;
    else if (code < 0x800) size = 2;
    else if (isHighSurrogate(code) && isLowSurrogate(text.charCodeAt(end + 1))) {
      size = 4;
      units = 2;
    } else {
      size = 3;
      if (isHighSurrogate(code) || isLowSurrogate(code)) wellFormed = false;
    }
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += units;
  }
  const prefix = text.slice(0, end);
  return wellFormed ? prefix : toWellFormed(prefix);
}

/** Replaces each lone surrogate with U+FFFD (String.prototype.toWellFormed, which ES2023 lacks). */
export function toWellFormed(text: string): string {
  let result = '';
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (isHighSurrogate(code) && isLowSurrogate(text.charCodeAt(index + 1))) {
      index++;
    } else if (isHighSurrogate(code) || isLowSurrogate(code)) {
      result += text.slice(start, index) + replacementCharacter;
      start = index + 1;
    }
  }
  return start === 0 ? text : result + text.slice(start);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
