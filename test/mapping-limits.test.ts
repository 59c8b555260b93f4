import { describe, expect, it } from 'vitest';
import { ConfigError, quote } from '../src/errors.js';
import { applyLimits } from '../src/mapping/limits.js';
import { OversizeError } from '../src/mapping/mapping-errors.js';
import type { OversizePolicy } from '../src/mapping/options.js';
import {
  bytes,
  entity,
  objectIdentify,
  optionsWith,
  personIdentify,
  ref,
  thrown,
  traits,
  warning,
} from './support/limit-operations.js';

describe('options', () => {
  it.each([0, 301, -1, 1.5, Number.NaN])('maxTraitsPerIdentify %s is a ConfigError', (max) => {
    const error = thrown(() => applyLimits([], optionsWith({ maxTraitsPerIdentify: max }), ref));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: 'config', option: 'maxTraitsPerIdentify' });
  });

  it.each([1, 30, 300])('maxTraitsPerIdentify %s is accepted', (max) => {
    expect(applyLimits([], optionsWith({ maxTraitsPerIdentify: max }), ref)).toStrictEqual({
      operations: [],
      warnings: [],
    });
  });

  it('rejects an unknown policy', () => {
    const options = { ...optionsWith(), oversize: 'shorten' as OversizePolicy };
    expect(thrown(() => applyLimits([], options, ref))).toMatchObject({ code: 'config', option: 'oversize' });
  });
});

describe('attribute values (1000 bytes)', () => {
  const exactly = `${'€'.repeat(333)}a`; // 1000 bytes
  const over = `a${'é'.repeat(500)}`; // 1001 bytes
  const emojiOver = `ab${'😀'.repeat(250)}`; // 1002 bytes
  const bigObject = { nested: 'x'.repeat(990) }; // 1003 bytes of JSON
  const bigArray = ['x'.repeat(500), 'y'.repeat(500)]; // 1007 bytes of JSON

  it('keeps a multibyte value of exactly 1000 bytes', () => {
    const mapped = [personIdentify({ bio: exactly })];
    const result = applyLimits(mapped, optionsWith(), ref);
    expect(result.warnings).toStrictEqual([]);
    expect(result.operations[0]).toBe(mapped[0]?.operation);
  });

  it.each<[string, OversizePolicy, Record<string, unknown>, Record<string, unknown>, unknown[]]>([
    [
      'truncate: string one byte over',
      'truncate',
      { bio: over, plan: 'pro' },
      { bio: `a${'é'.repeat(499)}`, plan: 'pro' },
      [warning('value_truncated', 'traits.bio')],
    ],
    [
      'truncate: emoji at the boundary',
      'truncate',
      { bio: emojiOver },
      { bio: `ab${'😀'.repeat(249)}` },
      [warning('value_truncated', 'traits.bio')],
    ],
    [
      'truncate: object cannot be shortened',
      'truncate',
      { address: bigObject, plan: 'pro' },
      { plan: 'pro' },
      [warning('value_dropped', 'traits.address')],
    ],
    [
      'truncate: array cannot be shortened',
      'truncate',
      { tags: bigArray },
      {},
      [warning('value_dropped', 'traits.tags')],
    ],
    [
      'truncate: email is never shortened',
      'truncate',
      { email: `${'a'.repeat(1000)}@example.com`, plan: 'pro' },
      { plan: 'pro' },
      [warning('value_dropped', 'traits.email')],
    ],
    [
      'truncate: anonymous_id is never shortened',
      'truncate',
      { anonymous_id: 'x'.repeat(1001) },
      {},
      [warning('value_dropped', 'traits.anonymous_id')],
    ],
    [
      'drop: string',
      'drop',
      { bio: over, plan: 'pro' },
      { plan: 'pro' },
      [warning('value_dropped', 'traits.bio')],
    ],
    ['drop: object', 'drop', { address: bigObject }, {}, [warning('value_dropped', 'traits.address')]],
    [
      'truncate: unusual name in the path',
      'truncate',
      { 'first name': over },
      { 'first name': `a${'é'.repeat(499)}` },
      [warning('value_truncated', 'traits["first name"]')],
    ],
  ])('%s', (_name, oversize, attributes, expected, warnings) => {
    const result = applyLimits([personIdentify(attributes)], optionsWith({ oversize }), ref);
    expect(result.operations).toStrictEqual([personIdentify(expected).operation]);
    expect(result.warnings).toStrictEqual(warnings);
  });

  it.each([
    ['string', { bio: over }, 'traits.bio', 1001],
    ['object', { address: bigObject }, 'traits.address', 1003],
    ['array', { tags: bigArray }, 'traits.tags', 1007],
  ])('error: %s throws OversizeError with field, bytes and limit', (_name, attributes, field, size) => {
    const error = thrown(() =>
      applyLimits([personIdentify(attributes)], optionsWith({ oversize: 'error' }), ref),
    );
    expect(error).toBeInstanceOf(OversizeError);
    expect(error).toMatchObject({ code: 'oversize', field, bytes: size, limit: 1000, messageId: 'msg-1' });
  });

  it('says what it did in the warning', () => {
    const result = applyLimits([personIdentify({ bio: over })], optionsWith(), ref);
    expect(result.warnings).toStrictEqual([
      {
        code: 'value_truncated',
        field: 'traits.bio',
        message:
          "The value is 1001 bytes, over Customer.io's limit of 1000; it was shortened to its first 1000 bytes, without splitting a character.",
      },
    ]);
  });

  it('applies to object attributes, named by their message path', () => {
    const result = applyLimits([objectIdentify({ name: 'Acme', motto: over })], optionsWith(), ref);
    expect(result.operations).toStrictEqual([
      objectIdentify({ name: 'Acme', motto: `a${'é'.repeat(499)}` }).operation,
    ]);
    expect(result.warnings).toStrictEqual([warning('value_truncated', 'traits.objectAttributes.motto')]);
  });

  it('applies to relationship attributes, named by their place in the operation', () => {
    const relationship = {
      identifiers: { id: 'user-1' },
      relationship_attributes: { role: 'admin', note: over },
    };
    const result = applyLimits(
      [objectIdentify({}, { cio_relationships: [relationship] })],
      optionsWith(),
      ref,
    );
    expect(result.operations).toStrictEqual([
      objectIdentify(
        {},
        {
          cio_relationships: [
            {
              identifiers: { id: 'user-1' },
              relationship_attributes: { role: 'admin', note: `a${'é'.repeat(499)}` },
            },
          ],
        },
      ).operation,
    ]);
    expect(result.warnings).toStrictEqual([
      warning('value_truncated', 'operations[0].cio_relationships[0].relationship_attributes.note'),
    ]);
  });

  it('names the operation when the source is unknown', () => {
    const mapped = [
      personIdentify({ plan: 'pro' }),
      entity({
        type: 'person',
        identifiers: { email: 'a@example.com' },
        action: 'identify',
        attributes: { bio: over },
      }),
    ];
    const result = applyLimits(mapped, optionsWith({ oversize: 'drop' }), ref);
    expect(result.warnings).toStrictEqual([warning('value_dropped', 'operations[1].attributes.bio')]);
  });
});

describe('attribute names (150 bytes)', () => {
  const exactly = 'é'.repeat(75); // 150 bytes
  const over = 'x'.repeat(151);
  // Paths keep keys of up to 150 characters whole (every valid name fits) and cut longer ones, so a
  // huge name never makes a huge path.
  const overPath = `traits[${quote(over, 150)}]`;

  it('keeps a multibyte name of exactly 150 bytes', () => {
    const result = applyLimits([personIdentify({ [exactly]: 1 })], optionsWith(), ref);
    expect(result.warnings).toStrictEqual([]);
    expect(result.operations).toStrictEqual([personIdentify({ [exactly]: 1 }).operation]);
  });

  it.each<OversizePolicy>(['truncate', 'drop'])(
    '%s: a name one byte over is left out, never shortened',
    (oversize) => {
      const name = `a${exactly}`;
      const result = applyLimits(
        [personIdentify({ [name]: 1, [over]: 2, plan: 'pro' })],
        optionsWith({ oversize }),
        ref,
      );
      expect(result.operations).toStrictEqual([personIdentify({ plan: 'pro' }).operation]);
      expect(result.warnings).toStrictEqual([
        warning('attribute_name_dropped', `traits[${JSON.stringify(name)}]`),
        warning('attribute_name_dropped', overPath),
      ]);
    },
  );

  it('error: throws OversizeError naming the attribute', () => {
    const error = thrown(() =>
      applyLimits([personIdentify({ [over]: 1 })], optionsWith({ oversize: 'error' }), ref),
    );
    expect(error).toBeInstanceOf(OversizeError);
    expect(error).toMatchObject({ field: overPath, bytes: 151, limit: 150 });
  });
});

describe('object and relationship attributes in all (100 KB)', () => {
  it('throws OversizeError whatever the policy', () => {
    const attributes = traits(0);
    for (let index = 0; index < 110; index++) attributes[`field_${index}`] = 'z'.repeat(950);
    for (const oversize of ['truncate', 'drop', 'error'] as const) {
      const error = thrown(() => applyLimits([objectIdentify(attributes)], optionsWith({ oversize }), ref));
      expect(error).toBeInstanceOf(OversizeError);
      expect(error).toMatchObject({ field: 'traits.objectAttributes', limit: 102_400 });
      expect((error as OversizeError).bytes).toBe(bytes(JSON.stringify(attributes)));
    }
  });

  it('measures after values are shortened', () => {
    const attributes = traits(0);
    for (let index = 0; index < 100; index++) attributes[`field_${index}`] = 'z'.repeat(1500);
    const result = applyLimits([objectIdentify(attributes)], optionsWith({ maxTraitsPerIdentify: 300 }), ref);
    expect(result.warnings.filter((each) => each.code === 'value_truncated')).toHaveLength(100);
  });
});
