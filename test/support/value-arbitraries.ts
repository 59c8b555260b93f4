/** fast-check arbitraries for the parts of Segment messages: identifiers, times and user data. */
import fc from 'fast-check';

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

// ---- identifiers -------------------------------------------------------------------------------

/** Ids that name a person by `id`: short, unicode, up to Customer.io's 150 bytes. */
const plainId = fc.oneof(
  fc.uuid(),
  fc.stringMatching(/^user-[a-z0-9]{1,12}$/),
  fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
    .filter((id) => utf8(id) <= 150 && !id.startsWith('cio_') && id.trim() !== ''),
  fc.constant('ü'.repeat(75)), // exactly 150 bytes
);

export const email = fc.emailAddress({ size: 'small' }).filter((address) => utf8(address) <= 150);

/** A userId as it may arrive: an id, an email, a `cio_` id, or a number. */
export const userIdArbitrary = fc.oneof(
  { weight: 6, arbitrary: plainId },
  { weight: 2, arbitrary: email },
  { weight: 1, arbitrary: fc.stringMatching(/^cio_[0-9a-f]{6,12}$/) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 ** 40 }) },
);

export const anonymousIdArbitrary = fc.oneof(fc.uuid(), fc.stringMatching(/^anon-[A-Za-z0-9]{4,20}$/));

/** Who sent it: a userId, an anonymousId, or both. */
export const who = fc.oneof(
  fc.record({ userId: userIdArbitrary }),
  fc.record({ anonymousId: anonymousIdArbitrary }),
  fc.record({ userId: userIdArbitrary, anonymousId: anonymousIdArbitrary }),
);

/** Who sent it, when the operation needs a known person. */
export const knownWho = fc.oneof(
  fc.record({ userId: userIdArbitrary }),
  fc.record({ userId: userIdArbitrary, anonymousId: anonymousIdArbitrary }),
);

// ---- times -------------------------------------------------------------------------------------

const instant = fc.date({
  min: new Date('1990-01-01T00:00:00Z'),
  max: new Date('2099-12-31T23:59:59Z'),
  noInvalidDate: true,
});

/** A time in the forms libraries send: ISO-8601 with 0 to 9 fraction digits and any offset, or a Date. */
export const timeArbitrary = fc.oneof(
  instant.map((date) => date.toISOString()),
  fc
    .tuple(instant, fc.integer({ min: 0, max: 9 }), fc.constantFrom('Z', '+02:00', '-0530', '', '+00:00'))
    .map(([date, digits, offset]) => {
      const base = date.toISOString().slice(0, 19);
      const fraction =
        digits === 0
          ? ''
          : `.${String(date.getTime() % 1000)
              .padStart(3, '0')
              .padEnd(digits, '7')
              .slice(0, digits)}`;
      return `${base}${fraction}${offset}`;
    }),
  instant.map((date) => date.toISOString().slice(0, 10)),
  instant,
);

// ---- user data ---------------------------------------------------------------------------------

/** Strings around and over Customer.io's 1000-byte limit, multibyte ones included. */
export const bigStringArbitrary = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('a', 'é', '€', '😀', '👩‍👩‍👧'),
      fc.integer({ min: 200, max: 1100 }),
      fc.string({ maxLength: 4 }),
    )
    .map(([unit, count, tail]) => unit.repeat(count) + tail),
  fc.string({ unit: 'grapheme', minLength: 300, maxLength: 1200 }),
);

const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: timeArbitrary.filter((time): time is string => typeof time === 'string') },
);

export const scalar = fc.oneof(
  text,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);

/** Names of traits and properties: plain, unicode, and a few near the 150-byte limit. */
export const keyArbitrary = fc.oneof(
  { weight: 8, arbitrary: fc.string({ minLength: 1, maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.integer({ min: 145, max: 155 }).map((length) => 'k'.repeat(length)) },
);

/** JSON values nested up to three levels, with unicode and the occasional big string. */
export const valueArbitrary: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 6, arbitrary: scalar },
    { weight: 1, arbitrary: bigStringArbitrary },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.dictionary(keyArbitrary, tie('value'), { maxKeys: 4 }) },
  ),
})).value;

/** Traits or properties: a few, about 30, or hundreds. */
export function dataArbitrary(largest = 320): fc.Arbitrary<Record<string, unknown>> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.dictionary(keyArbitrary, valueArbitrary, { maxKeys: 8 }) },
    {
      weight: 2,
      arbitrary: fc.dictionary(keyArbitrary, valueArbitrary, { minKeys: 25, maxKeys: 40, size: 'max' }),
    },
    {
      weight: 1,
      arbitrary: fc.dictionary(keyArbitrary, scalar, {
        minKeys: Math.min(200, largest),
        maxKeys: largest,
        size: 'max',
      }),
    },
  );
}

/** Event properties, kept within the 32 KB a v2 operation may be, as most are. */
export const propertiesArbitrary = fc.dictionary(keyArbitrary, valueArbitrary, { maxKeys: 12 });
