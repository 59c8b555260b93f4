/**
 * Mapping that uses the user's own data instead of copies (what `enqueue` without `onResult` does)
 * serialises to exactly what copying gives, and never writes into that data.
 */
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapMessageResolved, resolveMappingOptions } from '../src/mapping/map-message.js';
import type { TrackOperation } from '../src/mapping/operations.js';
import type { ResolvedMappingOptions } from '../src/mapping/options.js';
import { segmentMessageArbitrary } from './support/segment-arbitraries.js';
import {
  anyInputArbitrary,
  strangeValue,
  unusualMessageArbitrary,
  withField,
} from './support/unusual-input-arbitraries.js';
import { valueArbitrary } from './support/value-arbitraries.js';

const converting = resolveMappingOptions({});
const notConverting = resolveMappingOptions({ convertTimestamps: false });

/** What a caller can observe of a mapping: the JSON sent, the warnings, or the error thrown. */
function outcome(message: unknown, options: ResolvedMappingOptions, borrowInput: boolean) {
  try {
    const result = mapMessageResolved(message, options, borrowInput);
    return {
      sent: result.operations.map((operation) => JSON.stringify(operation.body)),
      warnings: result.warnings,
      skipped: result.skipped,
    };
  } catch (error) {
    return { thrown: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/**
 * Everything about a value, written out: to tell whether mapping changed the input. Neither vitest's
 * comparison (it takes a `constructor` key for the class) nor Node's (an invalid Date never equals
 * another) can say so for any input.
 */
function shown(value: unknown): string {
  return inspect(value, {
    depth: Number.POSITIVE_INFINITY,
    maxArrayLength: Number.POSITIVE_INFINITY,
    maxStringLength: Number.POSITIVE_INFINITY,
    breakLength: Number.POSITIVE_INFINITY,
    showHidden: true,
  });
}

function attributesOf(operation: TrackOperation | undefined): Record<string, unknown> {
  return (operation?.body as { attributes?: Record<string, unknown> } | undefined)?.attributes ?? {};
}

/** Values that take the long way, wherever they are: dates, bigints, toJSON, unsafe keys, NaN... */
const oddities: ReadonlyArray<[name: string, value: unknown]> = [
  ['an ISO-8601 time', '2024-06-01T10:00:00Z'],
  ['an ISO-8601 date', '2024-06-01'],
  ['a Date', new Date('2024-06-01T10:00:00Z')],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-0', -0],
  ['a bigint', 10n],
  ['a function', () => 1],
  ['a symbol', Symbol('s')],
  ['undefined', undefined],
  ['a boxed string', Object('text')],
  ['a Map', new Map([['k', 1]])],
  [
    'a class instance',
    new (class Point {
      x = 1;
    })(),
  ],
  ['an object with toJSON', { toJSON: () => 'from toJSON' }],
  // What toJSON returns is then sanitized and converted like any value.
  [
    'an object with a hidden toJSON',
    Object.defineProperty({ shown: 1 }, 'toJSON', { value: () => '2024-06-01', enumerable: false }),
  ],
  ['an array with toJSON', Object.assign([1, 2], { toJSON: () => Number.NaN })],
  ['an own __proto__ key', JSON.parse('{"__proto__": {"polluted": true}}')],
  ['a constructor key', { constructor: 'c' }],
  ['a prototype key', { prototype: 1 }],
  ['an empty key', { '': 1 }],
  ['a null-prototype object', Object.assign(Object.create(null), { a: 1 })],
  ['undefined in an array', [undefined, 1]],
  // biome-ignore lint/suspicious/noSparseArray: a hole is what is tested
  ['a hole in an array', [, 2]],
  ['a lone surrogate', 'a\uD800b'],
  // Over the 1000-byte value limit as sent (1201 bytes), and as copying counts before it stops (4 a
  // boolean), though a byte a value would count it under.
  ['an array of booleans over the value limit', Array.from({ length: 200 }, () => false)],
];

const nestedOddity = fc.oneof(strangeValue, fc.constantFrom(...oddities.map(([, value]) => value)));

/** User data with an odd value somewhere inside, or none. */
const dataWithOddities = fc
  .tuple(
    fc.dictionary(fc.string({ maxLength: 8 }), valueArbitrary, { maxKeys: 6 }),
    fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }),
    nestedOddity,
  )
  .map(([data, path, oddity]) => {
    let target: Record<string, unknown> = data;
    for (const key of path) {
      const next: Record<string, unknown> = {};
      Object.defineProperty(target, key, {
        value: next,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      target = next;
    }
    Object.defineProperty(target, 'odd', {
      value: oddity,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    return data;
  });

const messageWithData = fc
  .tuple(
    segmentMessageArbitrary,
    fc.constantFrom('properties', 'traits', 'context'),
    fc.oneof(fc.constant(null), fc.constantFrom('objectAttributes', 'relationshipAttributes', 'traits')),
    dataWithOddities,
  )
  .map(([message, field, nested, data]) => withField(message, field, nested, data));

const anyMessage = fc.oneof(
  segmentMessageArbitrary,
  unusualMessageArbitrary,
  anyInputArbitrary,
  messageWithData,
);

describe('mapping that borrows the input', () => {
  it('serialises, warns and throws exactly as mapping that copies, and leaves the input as it was', {
    timeout: 60_000,
  }, () => {
    fc.assert(
      fc.property(fc.clone(anyMessage, 3), fc.boolean(), ([borrowed, copied, pristine], convert) => {
        const options = convert ? converting : notConverting;
        expect(outcome(borrowed, options, true)).toStrictEqual(outcome(copied, options, false));
        expect(shown(borrowed)).toBe(shown(pristine));
      }),
      { numRuns: 2000 },
    );
  });

  /** Where an odd value may sit in the user's data. */
  const placements: ReadonlyArray<[where: string, place: (odd: unknown) => Record<string, unknown>]> = [
    ['at the top level', (odd) => ({ total: 1, odd })],
    ['in a nested object', (odd) => ({ order: { id: 'o1', odd } })],
    ['in an array', (odd) => ({ items: ['a', odd] })],
    ['in an object in an array', (odd) => ({ items: [{ odd }] })],
  ];
  const cases = oddities.flatMap(([name, odd]) =>
    placements.map(([where, place]) => ({ what: `${name} ${where}`, data: () => place(odd) })),
  );

  it.each(cases)('maps $what as copying does', ({ data }) => {
    const messages = () => [
      { type: 'track', userId: 'u1', anonymousId: 'a1', event: 'Ordered', properties: data() },
      { type: 'identify', userId: 'u1', anonymousId: 'a1', traits: data() },
      { type: 'group', userId: 'u1', groupId: 'g1', traits: { objectAttributes: data() } },
    ];
    for (const options of [converting, notConverting]) {
      const [borrowed, copied, pristine] = [messages(), messages(), messages()];
      borrowed.forEach((message, index) => {
        expect(outcome(message, options, true)).toStrictEqual(outcome(copied[index], options, false));
      });
      expect(shown(borrowed)).toBe(shown(pristine));
    }
  });

  it('counts the traits of an identify as copying does, leaving out those that are undefined', () => {
    const traits: Record<string, unknown> = Object.fromEntries(
      Array.from({ length: 30 }, (_, n) => [`trait_${n}`, n]),
    );
    traits.unset = undefined;
    const message = { type: 'identify', userId: 'u1', traits };
    expect(outcome(message, converting, true)).toStrictEqual(outcome(message, converting, false));
    expect(mapMessageResolved(message, converting, true).operations).toHaveLength(1);
  });

  it('leaves times in the attributes Customer.io types as strings, as copying does', () => {
    const properties = { title: '2024-03-01', url: 'https://example.com/', when: '2024-03-01' };
    const page = { type: 'page', userId: 'u1', name: 'Home', properties };
    const event = { type: 'track', userId: 'u1', event: 'Ordered', properties: { reply_to: '2024-03-01' } };
    for (const message of [page, event]) {
      expect(outcome(message, converting, true)).toStrictEqual(outcome(message, converting, false));
    }
    expect(attributesOf(mapMessageResolved(page, converting, true).operations[0])).toMatchObject({
      title: '2024-03-01',
      when: 1709251200,
    });
  });

  it('leaves data nested as deep as sanitize allows, and deeper, as copying does', () => {
    for (const depth of [62, 63, 64, 70]) {
      let deep: Record<string, unknown> = { leaf: true };
      for (let level = 0; level < depth; level++) deep = { deep };
      const message = { type: 'track', userId: 'u1', event: 'Ordered', properties: deep };
      expect(outcome(message, converting, true)).toStrictEqual(outcome(message, converting, false));
    }
  });

  it("uses the user's own properties when nothing in them changes", () => {
    const properties = { total: 42, address: { city: 'Lyon' }, tags: ['a', 'b'] };
    const message = { type: 'track', userId: 'u1', event: 'Ordered', properties };
    const [borrowed] = mapMessageResolved(message, converting, true).operations;
    const [copied] = mapMessageResolved(message, converting, false).operations;
    expect(attributesOf(borrowed)).toBe(properties);
    expect(attributesOf(copied)).not.toBe(properties);
    expect(JSON.stringify(copied?.body)).toBe(JSON.stringify(borrowed?.body));
  });

  it('shares plain nested values, and copies the top level when a time in it is converted or anonymous_id added', () => {
    const address = { city: 'Lyon', lines: ['1 rue de la Paix'] };
    const tags = ['a', 'b'];
    const properties = { total: 42, address, tags, when: '2024-06-01T10:00:00Z' };
    const message = { type: 'track', userId: 'u1', anonymousId: 'a1', event: 'Ordered', properties };

    const [borrowed] = mapMessageResolved(message, converting, true).operations;
    const [copied] = mapMessageResolved(message, converting, false).operations;

    const attributes = attributesOf(borrowed);
    expect(attributes).toStrictEqual({ total: 42, address, tags, when: 1717236000, anonymous_id: 'a1' });
    expect(attributes.address).toBe(address);
    expect(attributes.tags).toBe(tags);
    expect(attributes).not.toBe(properties);
    expect(properties).toStrictEqual({ total: 42, address, tags, when: '2024-06-01T10:00:00Z' });
    expect(attributesOf(copied).address).not.toBe(address);
    expect(JSON.stringify(copied?.body)).toBe(JSON.stringify(borrowed?.body));
  });

  it('copies a nested object holding a date, so the date is converted there too', () => {
    const properties = { order: { placed_at: '2024-06-01T10:00:00Z' } };
    const message = { type: 'track', userId: 'u1', event: 'Ordered', properties };
    const [operation] = mapMessageResolved(message, converting, true).operations;
    expect(operation?.body).toMatchObject({ attributes: { order: { placed_at: 1717236000 } } });
    expect(properties.order.placed_at).toBe('2024-06-01T10:00:00Z');
  });

  it('leaves a cycle to copying, which drops it with a warning', () => {
    // Found by the depth limit: the walk gives up as soon as one path is too deep.
    const order: Record<string, unknown> = { id: 'o1' };
    order.self = order;
    order.twice = [order, order];
    const message = { type: 'track', userId: 'u1', event: 'Ordered', properties: { order } };
    expect(outcome(message, converting, true)).toStrictEqual(outcome(message, converting, false));
    expect(outcome(message, converting, true)).toMatchObject({
      sent: [expect.stringContaining('"order":{"id":"o1","twice":[null,null]}')],
    });
  });

  it('reads a getter that answers differently the second time once more, and sends what it says then', () => {
    let reads = 0;
    const order = {
      get total(): unknown {
        reads++;
        return reads === 1 ? 42 : 10n;
      },
    };
    const message = { type: 'track', userId: 'u1', event: 'Ordered', properties: { order } };
    const result = mapMessageResolved(message, converting, true);
    expect(result.operations[0]?.body).toMatchObject({ attributes: { order: { total: '10' } } });
    expect(result.warnings).toStrictEqual([
      expect.objectContaining({ code: 'value_converted', field: 'properties.order.total' }),
    ]);
  });
});
