import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { mapMessage } from '../src/mapping/index.js';
import type { MappingWarning } from '../src/mapping/operations.js';
import { sanitizeObject } from '../src/mapping/sanitize.js';
import { bodyOf, entity, group, identify, seconds, track, warning } from './support/segment-messages.js';

const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort();
const cleanPrototype = prototypeKeys();

afterEach(() => {
  // Every test in this file must leave Object.prototype exactly as it found it.
  expect(prototypeKeys()).toStrictEqual(cleanPrototype);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

const sanitize = (value: Record<string, unknown>) => {
  const warnings: MappingWarning[] = [];
  return { data: sanitizeObject(value, 'traits', warnings), warnings };
};

describe('prototype pollution', () => {
  const attacks = [
    ['__proto__ at the top', '{"__proto__":{"polluted":"yes"},"plan":"pro"}', ['traits.__proto__']],
    [
      '__proto__ nested',
      '{"plan":"pro","a":{"b":{"__proto__":{"polluted":"yes"}}}}',
      ['traits.a.b.__proto__'],
    ],
    [
      'constructor.prototype',
      '{"plan":"pro","constructor":{"prototype":{"polluted":"yes"}}}',
      ['traits.constructor'],
    ],
    ['prototype', '{"plan":"pro","prototype":{"polluted":"yes"}}', ['traits.prototype']],
    [
      '__proto__ inside an array',
      '{"plan":"pro","list":[{"__proto__":{"polluted":"yes"}}]}',
      ['traits.list[0].__proto__'],
    ],
  ] as const;

  it.each(attacks)('removes %s with a warning, and pollutes nothing', (_, json, fields) => {
    const traits = JSON.parse(json) as Record<string, unknown>;
    const result = mapMessage(identify({ traits }));
    expect(result.warnings).toStrictEqual(fields.map((field) => warning('unsafe_key_removed', field)));
    const attributes = bodyOf(result).attributes as Record<string, unknown>;
    expect(attributes.plan).toBe('pro');
    expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
    expect(JSON.stringify(attributes)).not.toContain('polluted');
    // Merging the output the way callers do must not pollute either.
    Object.assign({}, attributes, ...Object.values(attributes).filter((value) => typeof value === 'object'));
  });

  it('removes them from properties, object attributes and relationship attributes too', () => {
    const properties = JSON.parse('{"__proto__":{"polluted":1},"ok":1}');
    const traits = JSON.parse(
      '{"objectAttributes":{"__proto__":{"polluted":1},"name":"Acme"},"relationshipAttributes":{"constructor":{"polluted":1}}}',
    );
    expect(mapMessage(track('Viewed', { properties })).warnings).toStrictEqual([
      warning('unsafe_key_removed', 'properties.__proto__'),
    ]);
    expect(mapMessage(group({ traits })).warnings).toStrictEqual([
      warning('unsafe_key_removed', 'traits.objectAttributes.__proto__'),
      warning('unsafe_key_removed', 'traits.relationshipAttributes.constructor'),
    ]);
  });

  it('does not let a __proto__ key at the top of the message through', () => {
    const message = JSON.parse(
      `{"type":"identify","userId":"u","timestamp":"2024-03-01T12:00:00.250Z","__proto__":{"polluted":1,"traits":{"x":1}}}`,
    );
    expect(mapMessage(message).operations).toStrictEqual([
      entity({
        type: 'person',
        identifiers: { id: 'u' },
        action: 'identify',
        attributes: {},
        timestamp: seconds,
      }),
    ]);
  });

  it('never pollutes, whatever keys the traits have', () => {
    const key = fc.oneof(
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'polluted', 'toString'),
      fc.string(),
    );
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 1 }), tie('object')),
      object: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
    }));
    fc.assert(
      fc.property(json.object, (traits) => {
        const parsed = JSON.parse(JSON.stringify(traits)) as Record<string, unknown>;
        mapMessage(identify({ traits: parsed }));
        expect(prototypeKeys()).toStrictEqual(cleanPrototype);
      }),
    );
  });
});

describe('sanitizing keeps JSON as it is', () => {
  it('copies any JSON object so it serialises the same', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (value) => {
        // Unsafe keys, at any depth, are removed on purpose; everything else must survive.
        fc.pre(!/"(?:__proto__|constructor|prototype)":/.test(JSON.stringify(value)));
        const { data, warnings } = sanitize(value);
        expect(JSON.stringify(data)).toBe(JSON.stringify(value));
        expect(warnings).toStrictEqual([]);
      }),
    );
  });

  it('never changes its input', () => {
    const traits = { a: { b: [1, { c: new Date(0) }] }, d: undefined };
    const before = structuredClone(traits);
    mapMessage(identify({ traits }));
    expect(traits).toStrictEqual(before);
  });
});

describe('sanitizing what JSON cannot carry', () => {
  it('drops undefined silently, and turns it into null inside arrays', () => {
    expect(sanitize({ a: undefined, b: [undefined, 1] })).toStrictEqual({
      data: { b: [null, 1] },
      warnings: [],
    });
  });

  it('writes Dates as ISO strings and drops invalid ones', () => {
    expect(sanitize({ at: new Date(0), bad: new Date(Number.NaN) })).toStrictEqual({
      data: { at: '1970-01-01T00:00:00.000Z' },
      warnings: [warning('value_dropped', 'traits.bad')],
    });
  });

  it.each([
    ['a function', () => 1],
    ['a symbol', Symbol('s')],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['a Map', new Map([['a', 1]])],
    ['a Set', new Set([1])],
  ])('drops %s with a warning', (_, value) => {
    expect(sanitize({ value, kept: 1 })).toStrictEqual({
      data: { kept: 1 },
      warnings: [warning('value_dropped', 'traits.value')],
    });
  });

  it('sends a function inside an array as null, with a warning that says so', () => {
    const { data, warnings } = sanitize({ list: [1, () => 1] });
    expect(data).toStrictEqual({ list: [1, null] });
    expect(warnings).toStrictEqual([
      {
        code: 'value_dropped',
        field: 'traits.list[1]',
        message: 'traits.list[1] was sent as null: a function has no JSON form.',
      },
    ]);
  });

  it('writes a bigint as its digits, with a warning', () => {
    expect(sanitize({ big: 12345678901234567890n })).toStrictEqual({
      data: { big: '12345678901234567890' },
      warnings: [warning('value_converted', 'traits.big')],
    });
  });

  it('drops circular references and nesting deeper than 64 levels', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    let deep: Record<string, unknown> = { end: true };
    for (let level = 0; level < 70; level++) deep = { next: deep };
    const { data, warnings } = sanitize({ cyclic, deep });
    expect((data.cyclic as Record<string, unknown>).name).toBe('loop');
    expect(warnings.map((item) => item.code)).toStrictEqual(['value_dropped', 'value_dropped']);
    expect(warnings[0]?.field).toBe('traits.cyclic.self');
    expect(warnings[1]?.field).toBe(`traits.deep${'.next'.repeat(63)}`);
  });

  it('copies the same object twice when it is shared, not circular', () => {
    const shared = { a: 1 };
    expect(sanitize({ x: shared, y: shared })).toStrictEqual({
      data: { x: { a: 1 }, y: { a: 1 } },
      warnings: [],
    });
  });

  it('uses toJSON, unboxes primitives, and copies the own keys of class instances, as JSON does', () => {
    class Money {
      constructor(readonly amount: number) {}
    }
    const decimal = { toJSON: () => '12.50' };
    expect(
      sanitize({
        decimal,
        boxed: new String('s'),
        flag: new Boolean(false),
        money: new Money(5),
        [Symbol('s')]: 1,
      }),
    ).toStrictEqual({
      data: { decimal: '12.50', boxed: 's', flag: false, money: { amount: 5 } },
      warnings: [],
    });
  });

  it('quotes keys that are not identifiers in warning paths', () => {
    expect(sanitize({ 'first name': { 'x.y': Number.NaN } }).warnings).toStrictEqual([
      warning('value_dropped', 'traits["first name"]["x.y"]'),
    ]);
  });
});
