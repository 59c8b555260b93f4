/**
 * Work per message is bounded by what Customer.io can take, not by what the message holds: a walk of
 * the user's data stops as soon as its output cannot fit, and an identify never becomes more than
 * `maxOperationsPerIdentify` operations. Each case here would take many seconds, or run out of memory,
 * if the data were walked to its end; the test timeout is the guard, and the assertions are outcomes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/errors.js';
import { mapMessage, OversizeError } from '../src/mapping/index.js';
import { mapMessageResolved, resolveMappingOptions } from '../src/mapping/map-message.js';
import type { MappingOptions } from '../src/mapping/options.js';
import { enforceAttributeTypes, eventDataTypes } from '../src/mapping/reserved-attributes.js';
import { sanitizeObject } from '../src/mapping/sanitize.js';
import { convertAttributeTimestamps } from '../src/mapping/timestamps.js';
import {
  bodyOf,
  group,
  identify,
  page,
  problem,
  problemsOf,
  thrown,
  track,
  warning,
} from './support/segment-messages.js';

/** An array a billion items long that takes no memory: walking it would take about half a minute. */
const huge = () => new Array(1e9);
const quick = 5_000;

/** mapMessage, and the path the destination takes without `onResult` (attributes borrowed, not copied). */
const mappers = {
  copied: (message: unknown, options?: MappingOptions) => mapMessage(message, options),
  borrowed: (message: unknown, options?: MappingOptions) =>
    mapMessageResolved(message, resolveMappingOptions(options), true),
};

describe.each(Object.entries(mappers))('event data (%s)', (_, map) => {
  it(
    'an array too long to fit ends the walk with the OversizeError the full walk would give',
    () => {
      const error = thrown(() => map(track('Viewed', { properties: { plan: 'pro', list: huge() } })));
      expect(error).toBeInstanceOf(OversizeError);
      expect(error).toMatchObject({ field: 'properties', limit: 100_000, messageId: 'msg-track' });
      expect((error as OversizeError).bytes).toBeGreaterThan(100_000);
      expect((error as OversizeError).message).toMatch(/properties is at least \d+ bytes/);
    },
    quick,
  );

  it(
    'stops inside nested data too, and in page and device events',
    () => {
      const nested = { properties: { a: { b: [1, { c: huge() }] } } };
      for (const message of [
        track('Viewed', nested),
        page({ name: 'Home', ...nested }),
        page({ name: 'Home', properties: { keywords: huge() } }),
        track('Application Installed', {
          ...nested,
          context: { device: { token: 'tok-1', type: 'ios' } },
        }),
      ]) {
        const error = thrown(() => map(message));
        expect(error).toBeInstanceOf(OversizeError);
        expect(error).toMatchObject({ field: 'properties', limit: 100_000 });
      }
    },
    quick,
  );

  it(
    'stops an object whose JSON passes 100000 bytes before reading the rest of it',
    () => {
      const properties: Record<string, unknown> = {};
      for (let index = 0; index < 200; index++) properties[`p${index}`] = 'x'.repeat(1000);
      properties.last = huge();
      const error = thrown(() => map(track('Viewed', { properties })));
      expect(error).toMatchObject({ field: 'properties', limit: 100_000 });
    },
    quick,
  );

  it('still sends data of exactly 100000 bytes', () => {
    // {"blob":"..."} is 11 bytes around the string.
    const result = map(track('Viewed', { properties: { blob: 'x'.repeat(99_989) } }));
    expect(JSON.stringify(bodyOf(result).attributes)).toHaveLength(100_000);
  });

  it('counts ISO-8601 strings at what they become: data that fits once converted is sent', () => {
    // 3000 dates of 36 bytes as JSON, about 130 KB as given; about 60 KB as unix seconds.
    const properties: Record<string, string> = {};
    for (let index = 0; index < 3000; index++) {
      properties[`t${String(index).padStart(4, '0')}`] = '2024-03-01T12:00:00.123456789+00:00';
    }
    const attributes = bodyOf(map(track('Viewed', { properties }))).attributes as Record<string, unknown>;
    expect(attributes.t0000).toBe(1_709_294_400);
  });
});

describe.each(Object.entries(mappers))('attribute values (%s)', (_, map) => {
  it(
    'a trait too long to fit is left out under truncate and drop, with the warning the full walk gives',
    () => {
      for (const oversize of ['truncate', 'drop'] as const) {
        const result = map(identify({ traits: { plan: 'pro', list: huge() } }), { oversize });
        expect(bodyOf(result).attributes).toStrictEqual({ plan: 'pro' });
        expect(result.warnings).toStrictEqual([
          {
            code: 'value_dropped',
            field: 'traits.list',
            message: expect.stringMatching(
              /^The value is at least \d+ bytes as JSON, over Customer.io's limit of 1000; an array cannot be shortened safely/,
            ),
          },
        ]);
      }
    },
    quick,
  );

  it(
    'throws OversizeError naming the trait under error',
    () => {
      const error = thrown(() => map(identify({ traits: { list: huge() } }), { oversize: 'error' }));
      expect(error).toBeInstanceOf(OversizeError);
      expect(error).toMatchObject({ field: 'traits.list', limit: 1000 });
    },
    quick,
  );

  it(
    'applies to objects and relationships, and to typed attributes before their type is checked',
    () => {
      const result = map(
        group({
          traits: {
            objectAttributes: { name: 'Acme', list: huge() },
            relationshipAttributes: { role: 'admin', deep: { list: huge() } },
          },
        }),
      );
      expect(bodyOf(result).attributes).toStrictEqual({ name: 'Acme' });
      expect(bodyOf(result).cio_relationships).toStrictEqual([
        { identifiers: { id: 'user-1' }, relationship_attributes: { role: 'admin' } },
      ]);
      const typed = map(identify({ traits: { cio_subscription_preferences: { topics: huge() } } }));
      expect(bodyOf(typed).attributes).toStrictEqual({});
      expect(typed.warnings).toStrictEqual([warning('value_dropped', 'traits.cio_subscription_preferences')]);
    },
    quick,
  );

  it(
    "stops an object's attributes once they pass 100 KB in all",
    () => {
      const objectAttributes: Record<string, unknown> = {};
      for (let index = 0; index < 120; index++) objectAttributes[`a${index}`] = 'x'.repeat(900);
      const error = thrown(() => map(group({ traits: { objectAttributes } })));
      expect(error).toBeInstanceOf(OversizeError);
      expect(error).toMatchObject({ field: 'traits.objectAttributes', limit: 102_400 });
    },
    quick,
  );
});

describe('a message without messageId, identified by its content', () => {
  it(
    'is refused when its content is too large to hash, rather than walked for half a minute',
    () => {
      const message = track('Viewed', { messageId: undefined, context: { junk: huge() } });
      expect(problemsOf(() => mapMessage(message))).toStrictEqual([problem('', 'max_bytes', 1_000_000)]);
    },
    quick,
  );

  it('is hashed as before when it is not', () => {
    const message = track('Viewed', { messageId: undefined, context: { list: [1, 2, 3] } });
    expect(bodyOf(mapMessage(message)).id).toBe(bodyOf(mapMessage(structuredClone(message))).id);
  });
});

describe('maxOperationsPerIdentify', () => {
  const traits = (count: number) =>
    Object.fromEntries(Array.from({ length: count }, (_, index) => [`trait_${index}`, index]));

  it(
    'refuses an identify of 100,000 traits at once, instead of 3,334 operations',
    () => {
      for (const map of Object.values(mappers)) {
        const error = thrown(() => map(identify({ traits: traits(100_000) })));
        expect(error).toMatchObject({
          name: 'InvalidMessageError',
          messageId: 'msg-identify',
          problems: [
            {
              path: 'traits',
              rule: 'max_operations',
              limit: 10,
              message:
                'has 100000 traits: at most 300 fit in the 10 identify operations maxOperationsPerIdentify allows, of 30 (maxTraitsPerIdentify) each',
            },
          ],
        });
      }
    },
    quick,
  );

  it('allows 300 traits in 10 operations by default, and refuses 301', () => {
    expect(mapMessage(identify({ traits: traits(300) })).operations).toHaveLength(10);
    expect(problemsOf(() => mapMessage(identify({ traits: traits(301) })))).toStrictEqual([
      problem('traits', 'max_operations', 10),
    ]);
  });

  it('is an option, counted with _update in every operation', () => {
    const options = { maxOperationsPerIdentify: 2, maxTraitsPerIdentify: 3 };
    expect(mapMessage(identify({ traits: traits(6) }), options).operations).toHaveLength(2);
    expect(problemsOf(() => mapMessage(identify({ traits: traits(7) }), options))).toStrictEqual([
      problem('traits', 'max_operations', 2),
    ]);
    // _update goes in every part: 1 + 4 traits need 2 parts of 3.
    const withUpdate = { _update: true, ...traits(4) };
    expect(mapMessage(identify({ traits: withUpdate }), options).operations).toHaveLength(2);
    expect(() => mapMessage(identify({ traits: { ...withUpdate, more: 1 } }), options)).toThrow(
      /max|maxOperationsPerIdentify/,
    );
  });

  it('counts the operations a split by size adds', () => {
    const big = Object.fromEntries(Array.from({ length: 40 }, (_, index) => [`f${index}`, 'z'.repeat(1000)]));
    const options = { maxTraitsPerIdentify: 300 };
    expect(mapMessage(identify({ traits: big }), options).operations).toHaveLength(2);
    expect(
      problemsOf(() => mapMessage(identify({ traits: big }), { ...options, maxOperationsPerIdentify: 1 })),
    ).toStrictEqual([problem('traits', 'max_operations', 1)]);
  });

  it('does not limit drop, which sends one operation, and names only a few of what it left out', () => {
    const result = mapMessage(identify({ traits: traits(100_000) }), { traitOverflow: 'drop' });
    expect(result.operations).toHaveLength(1);
    const message = result.warnings[0]?.message ?? '';
    expect(message).toMatch(/left out the attributes "trait_30", .*and 99960 more\.$/);
    expect(message.length).toBeLessThan(2000);
  }, 10_000);

  it.each([0, 1001, -1, 1.5, Number.NaN, '10'])('%j is a ConfigError', (value) => {
    const error = thrown(() =>
      mapMessage(identify(), { maxOperationsPerIdentify: value as unknown as number }),
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ option: 'maxOperationsPerIdentify' });
  });

  it.each([1, 10, 1000])('%j is accepted', (value) => {
    expect(mapMessage(identify(), { maxOperationsPerIdentify: value }).operations).toHaveLength(1);
  });
});

describe('stopping early decides as reading through would', () => {
  /** Pieces of data whose size as sent differs from their size as given, or is close to it. */
  const piece = fc.oneof(
    fc.nat(40_000).map((length) => 'x'.repeat(length)),
    fc.nat(4_000).map((length) => 'é'.repeat(length)),
    fc.nat(6_000).map((length) => Array.from({ length }, (_, index) => index * 7919)),
    fc.nat(3_000).map((length) => Array.from({ length }, () => '2024-03-01T12:00:00.123Z')),
    // About 46 bytes an entry as given, 17 once the dates are unix seconds.
    fc
      .nat(4_000)
      .map((length) =>
        Object.fromEntries(
          Array.from({ length }, (_, index) => [`d${index}`, '2024-03-01T12:00:00.123456789+00:00']),
        ),
      ),
    fc.nat(3_000).map((length) => ({ nested: { list: new Array(length), at: new Date(0) } })),
    fc.constantFrom(undefined, null, true, 12.5, () => 1),
  );
  const properties = fc.record(
    {
      a: piece,
      b: piece,
      c: piece,
      '': piece,
      // Typed attributes: a string that may be left out (not an email), or kept.
      recipient: fc.nat(30_000).map((length) => 'r'.repeat(length)),
      reply_to: fc.nat(30_000).map((length) => 'r'.repeat(length)),
    },
    { requiredKeys: [] },
  );

  /** The event data as the full copy makes it, and its size. */
  function readThrough(data: Record<string, unknown>): string {
    const copy = sanitizeObject(data, 'properties', []);
    const typed = enforceAttributeTypes(copy, eventDataTypes, 'properties', [], false);
    return JSON.stringify(convertAttributeTimestamps(typed, true, eventDataTypes));
  }

  it.each(Object.entries(mappers))(
    'event data (%s): refused exactly when over 100000 bytes',
    (_, map) => {
      fc.assert(
        fc.property(properties, (data) => {
          const expected = readThrough(data);
          let sent: string | undefined;
          try {
            sent = JSON.stringify(bodyOf(map(track('Viewed', { properties: data }))).attributes);
          } catch (error) {
            expect(error).toBeInstanceOf(OversizeError);
          }
          if (Buffer.byteLength(expected) > 100_000) expect(sent).toBeUndefined();
          else expect(sent).toBe(expected);
        }),
        { numRuns: 300 },
      );
    },
    60_000,
  );

  it.each(Object.entries(mappers))(
    'traits (%s): an object or array is left out exactly when over 1000 bytes',
    (_, map) => {
      const value = fc.oneof(
        fc.nat(700).map((length) => Array.from({ length }, (_, index) => index)),
        fc.nat(400).map((length) => Array.from({ length }, () => '2024-03-01')),
        fc
          .nat(100)
          .map((length) => Object.fromEntries(Array.from({ length }, (_, i) => [`k${i}`, '2024-03-01']))),
        fc.nat(1_200).map((length) => ({ list: new Array(length) })),
      );
      fc.assert(
        fc.property(fc.array(value, { minLength: 1, maxLength: 5 }), (values) => {
          const traits = Object.fromEntries(values.map((item, index) => [`t${index}`, item]));
          const attributes = bodyOf(map(identify({ traits }))).attributes as Record<string, unknown>;
          values.forEach((item, index) => {
            const full = readThroughTraits({ item }).item;
            expect(Object.hasOwn(attributes, `t${index}`)).toBe(
              Buffer.byteLength(JSON.stringify(full)) <= 1000,
            );
          });
        }),
        { numRuns: 200 },
      );
    },
    60_000,
  );

  function readThroughTraits(data: Record<string, unknown>): Record<string, unknown> {
    return convertAttributeTimestamps(sanitizeObject(data, 'traits', []), true);
  }
});
