import { describe, expect, it } from 'vitest';
import { truncateUtf8, utf8Length } from '../src/mapping/limits.js';
import { bytes } from './support/limit-operations.js';

describe('UTF-8 measuring and truncation', () => {
  it.each([
    ['ascii', 'abc', 3],
    ['two-byte', 'é', 2],
    ['three-byte', '€', 3],
    ['surrogate pair', '😀', 4],
    ['lone high surrogate', '\uD83D', 3],
    ['lone low surrogate', '\uDE00x', 4],
  ])('%s', (_name, text, expected) => {
    expect(utf8Length(text)).toBe(expected);
  });

  it.each([
    ['fits exactly', `${'€'.repeat(333)}a`, 1000, `${'€'.repeat(333)}a`],
    ['two-byte at the boundary', `a${'é'.repeat(500)}`, 1000, `a${'é'.repeat(499)}`],
    ['emoji one byte over', `${'a'.repeat(997)}😀`, 1000, 'a'.repeat(997)],
    ['emoji exactly at the limit', `${'a'.repeat(996)}😀`, 1000, `${'a'.repeat(996)}😀`],
    ['emoji run, 2 bytes left', `ab${'😀'.repeat(250)}`, 1000, `ab${'😀'.repeat(249)}`],
    ['emoji run, 1 byte left', `abc${'😀'.repeat(250)}`, 1000, `abc${'😀'.repeat(249)}`],
    [
      'lone surrogate kept as U+FFFD',
      `${'a'.repeat(990)}\uD83D${'b'.repeat(10)}`,
      1000,
      `${'a'.repeat(990)}\uFFFD${'b'.repeat(7)}`,
    ],
    ['zero bytes', '😀', 0, ''],
  ])('%s', (_name, text, limit, expected) => {
    const result = truncateUtf8(text, limit);
    expect(result).toBe(expected);
    expect(bytes(result)).toBeLessThanOrEqual(limit);
  });
});
