/**
 * The size of each message of a batch as it was sent, read from the body's bytes: where each element
 * of the top-level `batch` array starts and ends. Serialising every parsed message again only to
 * measure it cost as much as parsing the body; this walks the bytes once, skipping strings with
 * `indexOf`, and needs no memory.
 */

const quote = 0x22;
const backslash = 0x5c;

/**
 * Each element's size in bytes, in order; undefined when the body is not shaped as expected (no
 * `batch` key spelt plainly, two of them, or a structure that does not close), and the caller then
 * measures the parsed messages instead. Only called on a body JSON.parse accepted.
 */
export function batchElementSizes(bytes: Uint8Array): number[] | undefined {
  const length = bytes.length;
  const sizes: number[] = [];
  let depth = 0;
  /** At depth 1, whether the next string is a key. */
  let expectKey = false;
  let keyIsBatch = false;
  /** 0: before the batch array, 1: inside it, 2: after it. */
  let batch = 0;
  let elementStart = -1;
  /** The last byte of the last value or structural character seen. */
  let last = -1;

  for (let index = 0; index < length; index++) {
    const byte = bytes[index] as number;
    if (byte === quote) {
      const start = index;
      index = closingQuote(bytes, index);
      if (index === -1) return undefined;
      if (depth === 1 && expectKey) {
        keyIsBatch =
          index - start === 6 &&
          bytes[start + 1] === 0x62 &&
          bytes[start + 2] === 0x61 &&
          bytes[start + 3] === 0x74 &&
          bytes[start + 4] === 0x63 &&
          bytes[start + 5] === 0x68;
        expectKey = false;
      } else if (batch === 1 && depth === 2 && elementStart === -1) {
        elementStart = start;
      }
      last = index;
      continue;
    }
    if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09) continue;
    switch (byte) {
      case 0x7b: // {
      case 0x5b: // [
        if (batch === 1 && depth === 2 && elementStart === -1) elementStart = index;
        if (depth === 1 && byte === 0x5b && keyIsBatch) {
          if (batch !== 0) return undefined;
          batch = 1;
        }
        depth += 1;
        if (depth === 1) expectKey = byte === 0x7b;
        break;
      case 0x7d: // }
      case 0x5d: // ]
        if (batch === 1 && depth === 2) {
          if (elementStart !== -1) sizes.push(last - elementStart + 1);
          elementStart = -1;
          batch = 2;
        }
        depth -= 1;
        if (depth < 0) return undefined;
        break;
      case 0x2c: // ,
        if (depth === 1) expectKey = true;
        else if (batch === 1 && depth === 2) {
          if (elementStart === -1) return undefined;
          sizes.push(last - elementStart + 1);
          elementStart = -1;
        }
        break;
      default:
        // A number, true, false or null.
        if (batch === 1 && depth === 2 && elementStart === -1) elementStart = index;
    }
    last = index;
  }
  return batch === 2 && depth === 0 ? sizes : undefined;
}

/** The index of the quote that closes the string opened at `open`, or -1. */
function closingQuote(bytes: Uint8Array, open: number): number {
  let index = open;
  for (;;) {
    index = bytes.indexOf(quote, index + 1);
    if (index === -1) return -1;
    // Escaped when an odd number of backslashes stands before it.
    let backslashes = 0;
    while (bytes[index - 1 - backslashes] === backslash) backslashes += 1;
    if (backslashes % 2 === 0) return index;
  }
}
