import { describe, expect, it } from 'vitest';
import { maxRetryAfterMs, parseRetryAfter } from '../src/index.js';

const now = Date.UTC(1994, 10, 6, 8, 49, 0);

describe('parseRetryAfter reads delay-seconds', () => {
  it.each([
    ['120', 120_000],
    ['0', 0],
    [' 5 ', 5_000],
    ['007', 7_000],
  ])('%j is %i ms', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });

  it('clamps a huge delay to maxRetryAfterMs', () => {
    expect(maxRetryAfterMs).toBe(86_400_000);
    expect(parseRetryAfter('99999999999999999999', now)).toBe(maxRetryAfterMs);
    expect(parseRetryAfter(String(maxRetryAfterMs / 1000 + 1), now)).toBe(maxRetryAfterMs);
  });
});

describe('parseRetryAfter reads every HTTP-date form', () => {
  it.each([
    ['IMF-fixdate', 'Sun, 06 Nov 1994 08:49:37 GMT'],
    ['RFC 850', 'Sunday, 06-Nov-94 08:49:37 GMT'],
    ['asctime', 'Sun Nov  6 08:49:37 1994'],
  ])('%s %j, 37 s ahead', (_, value) => {
    expect(parseRetryAfter(value, now)).toBe(37_000);
  });

  it('gives 0 for a date in the past', () => {
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:48:00 GMT', now)).toBe(0);
  });

  it('clamps a date far in the future to maxRetryAfterMs', () => {
    expect(parseRetryAfter('Wed, 01 Jan 2031 00:00:00 GMT', now)).toBe(maxRetryAfterMs);
  });

  it('measures from the current time by default', () => {
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    const ms = parseRetryAfter(inTenSeconds);
    expect(ms).toBeGreaterThan(8_000);
    expect(ms).toBeLessThanOrEqual(10_000);
  });
});

describe('parseRetryAfter ignores what it cannot read exactly', () => {
  it.each([
    '120junk',
    '-1',
    '1.5',
    '+5',
    '1e3',
    '',
    '   ',
    'soon',
    'Sun, 06 Nov 1994 08:49:37',
    'Sun, 6 Nov 1994 08:49:37 GMT',
    '06 Nov 1994 08:49:37 GMT',
    '1994-11-06T08:49:37Z',
  ])('%j', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });

  it.each([null, undefined])('%s', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});
