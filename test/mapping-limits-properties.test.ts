/** Properties of `applyLimits` alone, for any operations at all. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCustomerIoError } from '../src/errors.js';
import { applyLimits, truncateUtf8, utf8Length } from '../src/mapping/limits.js';
import { joinPath } from '../src/mapping/message-paths.js';
import type { OversizePolicy, TraitOverflowPolicy } from '../src/mapping/options.js';
import { limits } from '../src/testing/limits.js';
import { entityLimitProblems } from '../src/testing/operation-limits.js';
import {
  attributesOf,
  bodyOf,
  bytes,
  entity,
  optionsWith,
  personIdentify,
  ref,
} from './support/limit-operations.js';

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Any UTF-16 text: graphemes, any code point, and lone surrogates. */
const anyText = (constraints: { minLength?: number; maxLength?: number } = {}) =>
  fc.oneof(
    fc.string({ unit: 'grapheme', ...constraints }),
    fc.string({ unit: 'binary', ...constraints }),
    fc.string({
      unit: fc.integer({ min: 0xd7f0, max: 0xe010 }).map((code) => String.fromCharCode(code)),
      ...constraints,
    }),
  );

/** Strings around the 1000-byte limit, multibyte ones included. */
const bigText = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 200, maxLength: 1100 }),
  fc
    .tuple(
      fc.constantFrom('a', 'é', '€', '😀', '👩‍👩‍👧'),
      fc.integer({ min: 150, max: 1010 }),
      fc.string({ maxLength: 3 }),
    )
    .map(([unit, count, tail]) => unit.repeat(count) + tail),
);

const reservedNames = [
  'email',
  'created_at',
  'unsubscribed',
  'anonymous_id',
  'id',
  'cio_subscription_preferences',
];

const traitName = fc.oneof(
  { weight: 6, arbitrary: fc.string({ minLength: 1, maxLength: 24 }) },
  { weight: 1, arbitrary: fc.constantFrom(...reservedNames, '_update') },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 40, maxLength: 160 }) },
);

const traitValue = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 2, arbitrary: bigText },
  { weight: 1, arbitrary: fc.array(bigText, { maxLength: 3 }) },
);

const fewTraits = fc.oneof(
  fc.dictionary(traitName, traitValue, { maxKeys: 12, noNullPrototype: true }),
  fc.dictionary(traitName, traitValue, { minKeys: 25, maxKeys: 40, size: 'max', noNullPrototype: true }),
);

/** Few traits, about 30, or about 300: around both limits. */
const anyTraits = fc.oneof(
  fewTraits,
  fc.dictionary(traitName, traitValue, { minKeys: 250, maxKeys: 360, size: 'max', noNullPrototype: true }),
);

const limitOptions = fc.record({
  maxTraitsPerIdentify: fc.oneof(fc.constantFrom(1, 2, 30, 300), fc.integer({ min: 1, max: 300 })),
  oversize: fc.constantFrom<OversizePolicy>('truncate', 'drop'),
});

/** Every limit the emulator enforces on one v2 operation, and the trait limit. */
function expectWithinLimits(body: unknown, maxTraits: number): void {
  expect(entityLimitProblems(body)).toStrictEqual([]);
  expect(bytes(JSON.stringify(body))).toBeLessThanOrEqual(limits.entityBytes);
  const attributes = (body as { attributes?: object }).attributes ?? {};
  expect(Object.keys(attributes).length).toBeLessThanOrEqual(maxTraits);
}

describe('applyLimits properties', () => {
  it('split loses no trait, and every operation is within every limit', () => {
    fc.assert(
      fc.property(
        anyTraits,
        limitOptions,
        fc.option(fc.integer({ min: 0, max: 2 ** 31 })),
        (traits, { maxTraitsPerIdentify, oversize }, timestamp) => {
          // A limit of 1 leaves no room beside `_update`: that case throws, and is tested on its own.
          fc.pre(!(maxTraitsPerIdentify === 1 && '_update' in traits && Object.keys(traits).length > 1));
          // As many operations as a limit of 1 needs: this is about losing nothing.
          const options = optionsWith({
            maxTraitsPerIdentify,
            oversize,
            traitOverflow: 'split',
            maxOperationsPerIdentify: 1000,
          });
          const extra = timestamp === null ? {} : { timestamp };
          const { operations, warnings } = applyLimits([personIdentify(traits, extra)], options, ref);
          const left = new Set(
            warnings
              .filter(
                (warning) => warning.code === 'value_dropped' || warning.code === 'attribute_name_dropped',
              )
              .map((warning) => warning.field),
          );
          const truncated = new Set(warnings.filter((w) => w.code === 'value_truncated').map((w) => w.field));

          const seen = new Map<string, unknown>();
          for (const operation of operations) {
            const body = bodyOf(operation);
            expectWithinLimits(body, maxTraitsPerIdentify);
            expect(body).toMatchObject({
              type: 'person',
              action: 'identify',
              identifiers: { id: 'user-1' },
              ...extra,
            });
            for (const [name, value] of Object.entries(attributesOf(operation))) {
              // Only `_update` may appear in more than one operation.
              if (name !== '_update') expect(seen.has(name)).toBe(false);
              seen.set(name, value);
            }
          }
          for (const [name, value] of Object.entries(traits)) {
            const field = joinPath('traits', name);
            if (left.has(field)) {
              expect(seen.has(name)).toBe(false);
            } else if (truncated.has(field)) {
              const sent = seen.get(name);
              expect(
                typeof sent === 'string' &&
                  Buffer.from(value as string)
                    .subarray(0, bytes(sent))
                    .equals(Buffer.from(sent)),
              ).toBe(true);
            } else {
              expect(seen.get(name)).toStrictEqual(value);
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  }, 30_000);

  it('truncation gives the longest valid UTF-8 prefix within the limit', () => {
    fc.assert(
      fc.property(anyText({ maxLength: 400 }), fc.integer({ min: 0, max: 1200 }), (text, limit) => {
        const result = truncateUtf8(text, limit);
        const encoded = Buffer.from(result);
        expect(encoded.length).toBe(utf8Length(result));
        expect(encoded.length).toBeLessThanOrEqual(limit);
        expect(loneSurrogate.test(result)).toBe(false);
        // Lone surrogates encode as U+FFFD, so the result is a byte prefix of the input's encoding.
        expect(Buffer.from(text).subarray(0, encoded.length).equals(encoded)).toBe(true);
        // Longest: the next character would not have fitted.
        if (encoded.length < Buffer.byteLength(text)) {
          const next = Buffer.from(String.fromCodePoint(text.codePointAt(result.length) ?? 0));
          expect(encoded.length + next.length).toBeGreaterThan(limit);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('truncated values and event names are valid UTF-8 prefixes within their limits', () => {
    fc.assert(
      fc.property(bigText, anyText({ minLength: 1, maxLength: 120 }), (value, name) => {
        fc.pre(name.trim() !== '');
        const mapped = [
          personIdentify({ bio: value }),
          entity({ type: 'person', identifiers: { id: 'user-1' }, action: 'event', name }, { name: 'event' }),
        ];
        let result: ReturnType<typeof applyLimits>;
        try {
          result = applyLimits(mapped, optionsWith(), ref);
        } catch (error) {
          // Only a name that is blank within its first 100 bytes may fail.
          expect(error).toMatchObject({ code: 'oversize', field: 'event' });
          expect(truncateUtf8(name, 100).trim()).toBe('');
          return;
        }
        const bio = attributesOf(result.operations[0]).bio as string;
        const sentName = (bodyOf(result.operations[1]) as { name: string }).name;
        for (const [sent, original, limit] of [
          [bio, value, 1000],
          [sentName, name, 100],
        ] as const) {
          expect(utf8Length(sent)).toBeLessThanOrEqual(limit);
          // Values within the limit are sent as given; only what was shortened is rewritten.
          if (utf8Length(original) <= limit) expect(sent).toBe(original);
          else expect(loneSurrogate.test(sent)).toBe(false);
          expect(Buffer.from(original).subarray(0, bytes(sent)).equals(Buffer.from(sent))).toBe(true);
        }
        for (const operation of result.operations)
          expect(entityLimitProblems(bodyOf(operation))).toStrictEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws anything but a CustomerIoError, whatever the operations and options', () => {
    const actions = [
      'identify',
      'identify_anonymous',
      'event',
      'page',
      'screen',
      'delete',
      'add_device',
      'merge',
    ];
    const body = fc.record(
      {
        type: fc.constantFrom('person', 'object', 'delivery', 'other'),
        action: fc.constantFrom(...actions),
        identifiers: fc.anything(),
        name: fc.oneof(anyText({ maxLength: 130 }), fc.anything()),
        attributes: fc.oneof(fewTraits, fc.anything(), fc.dictionary(fc.string(), fc.anything())),
        cio_relationships: fc.oneof(
          fc.array(
            fc.record({
              identifiers: fc.anything(),
              relationship_attributes: fc.oneof(fewTraits, fc.anything()),
            }),
          ),
          fc.anything(),
        ),
        timestamp: fc.anything(),
      },
      { requiredKeys: ['type', 'action'] },
    );
    const source = fc.record({ attributes: fc.string(), name: fc.string() }, { requiredKeys: [] });
    const options = fc.record({
      maxTraitsPerIdentify: fc.oneof(fc.integer({ min: -2, max: 320 }), fc.double()),
      traitOverflow: fc.constantFrom<TraitOverflowPolicy>(
        'split',
        'drop',
        'error',
        'bogus' as TraitOverflowPolicy,
      ),
      oversize: fc.constantFrom<OversizePolicy>('truncate', 'drop', 'error'),
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(body, source), { maxLength: 4 }), options, (items, overrides) => {
        const mapped = items.map(([each, from]) => entity(each as never, from));
        try {
          applyLimits(mapped, optionsWith(overrides), ref);
        } catch (error) {
          expect(isCustomerIoError(error)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  }, 30_000);
});
