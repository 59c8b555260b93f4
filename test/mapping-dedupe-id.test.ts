import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, dedupeId, maxUlidTime } from '../src/mapping/dedupe-id.js';
import { isUlid, mapMessage, ulidTime } from '../src/mapping/index.js';
import { bodyOf, ms, page, screen, track } from './support/segment-messages.js';

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Customer.io's pattern for the dedupe id: 26 characters of Crockford base32, the first at most 7. */
const ulidShape = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

/** The 80 bits after the time, decoded independently of the encoder, as hex. */
function randomPart(ulid: string): string {
  let bits = 0n;
  for (const char of ulid.slice(10)) bits = bits * 32n + BigInt(crockford.indexOf(char));
  return bits.toString(16).padStart(20, '0');
}

const sha80 = (seed: string) => createHash('sha256').update(seed).digest().subarray(0, 10).toString('hex');

/** The dedupe id of the first operation mapMessage makes of `message`. */
const idOf = (message: unknown) => bodyOf(mapMessage(message)).id as string;

describe('dedupe ids are ULIDs', () => {
  it('encodes the time as the ULID specification does', () => {
    // The specification's example: ulid(1469918176385) begins "01ARYZ6S41".
    expect(dedupeId({ messageId: 'm' }, 1_469_918_176_385, null).slice(0, 10)).toBe('01ARYZ6S41');
  });

  it('is pinned for a known messageId and time', () => {
    expect(dedupeId({ messageId: 'msg-1' }, ms, null)).toBe('01HQWY5CQTSA2Q5G97SF62NDY2');
  });

  it('takes the time from the message, and 80 bits of SHA-256 of the messageId', () => {
    const id = idOf(track('Viewed', { messageId: '3b241101-e2bb-4255-8caf-4136c566a962' }));
    expect(id).toMatch(ulidShape);
    expect(id).toHaveLength(26);
    expect(ulidTime(id)).toBe(ms);
    expect(randomPart(id)).toBe(sha80('messageId\u00003b241101-e2bb-4255-8caf-4136c566a962'));
  });

  it('is valid and keeps the time for any messageId and time', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.integer({ min: 0, max: maxUlidTime }),
        (messageId, time) => {
          const id = dedupeId({ messageId }, time, null);
          expect(id).toMatch(ulidShape);
          expect(isUlid(id)).toBe(true);
          expect(ulidTime(id)).toBe(isUlid(messageId) ? ulidTime(messageId) : time);
        },
      ),
    );
  });

  it('uses a messageId that already is a ULID as it is, uppercased', () => {
    expect(idOf(track('Viewed', { messageId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }))).toBe(
      '01ARZ3NDEKTSV4RRFFQ69G5FAV',
    );
    expect(idOf(track('Viewed', { messageId: '01arz3ndektsv4rrffq69g5fav' }))).toBe(
      '01ARZ3NDEKTSV4RRFFQ69G5FAV',
    );
  });

  it.each([
    ['a ULID whose time overflows 48 bits', '8ZZZZZZZZZZZZZZZZZZZZZZZZZ'],
    ['a ULID with a letter Crockford leaves out', '01ARZ3NDEKTSV4RRFFQ69G5FAU'],
    ['a ULID too short', '01ARZ3NDEKTSV4RRFFQ69G5FA'],
  ])('hashes %s like any other messageId', (_, messageId) => {
    const id = idOf(track('Viewed', { messageId }));
    expect(id).not.toBe(messageId.toUpperCase());
    expect(randomPart(id)).toBe(sha80(`messageId\u0000${messageId}`));
  });
});

describe('dedupe ids are stable', () => {
  it('gives the same message the same id every time, whatever its type', () => {
    for (const message of [track('Viewed'), page({ name: 'Home' }), screen({ name: 'Home' })]) {
      expect(idOf(structuredClone(message))).toBe(idOf(message));
    }
  });

  it('changes the random part with the messageId, and only the time part with the time', () => {
    const a = idOf(track('Viewed', { messageId: 'a' }));
    const b = idOf(track('Viewed', { messageId: 'b' }));
    const later = idOf(track('Viewed', { messageId: 'a', timestamp: '2024-03-01T12:00:01.250Z' }));
    expect(a.slice(0, 10)).toBe(b.slice(0, 10));
    expect(a.slice(10)).not.toBe(b.slice(10));
    expect(later.slice(10)).toBe(a.slice(10));
    expect(ulidTime(later) - ulidTime(a)).toBe(1000);
  });

  it('hashes a message without messageId whole, whatever the order of its keys', () => {
    const one = { type: 'track', userId: 'u', event: 'Viewed', properties: { a: 1, b: [1, { c: 2, d: 3 }] } };
    const reordered = {
      properties: { b: [1, { d: 3, c: 2 }], a: 1 },
      event: 'Viewed',
      userId: 'u',
      type: 'track',
    };
    expect(idOf(reordered)).toBe(idOf(one));
    expect(randomPart(idOf(one))).toBe(sha80(`content\u0000${canonicalJson(one)}`));
    expect(idOf({ ...one, properties: { a: 2 } })).not.toBe(idOf(one));
  });

  it('dates a message without a readable time by receivedAt, else sentAt, else 0', () => {
    const untimed = track('Viewed', { timestamp: undefined });
    expect(
      ulidTime(idOf({ ...untimed, receivedAt: '2024-03-01T12:00:05Z', sentAt: '2024-03-01T12:00:04Z' })),
    ).toBe(1_709_294_405_000);
    expect(ulidTime(idOf({ ...untimed, sentAt: '2024-03-01T12:00:04Z' }))).toBe(1_709_294_404_000);
    expect(ulidTime(idOf(untimed))).toBe(0);
  });

  it('holds times past 48 bits of milliseconds at the largest a ULID takes', () => {
    // Only a Date reaches that far: numbers are read as unix times up to the year 5138.
    expect(ulidTime(idOf(track('Viewed', { timestamp: new Date(3e14) })))).toBe(maxUlidTime);
  });
});

describe('canonical JSON', () => {
  it('sorts keys at every level and writes what JSON cannot carry as JSON does', () => {
    const cyclic: Record<string, unknown> = { z: 1 };
    cyclic.self = cyclic;
    expect(
      canonicalJson({
        b: 1,
        a: { d: undefined, c: [undefined, () => 1, Number.NaN] },
        when: new Date(0),
        big: 10n,
        cyclic,
      }),
    ).toBe(
      '{"a":{"c":[null,null,null]},"b":1,"big":"10","cyclic":{"self":null,"z":1},"when":"1970-01-01T00:00:00.000Z"}',
    );
  });
});
