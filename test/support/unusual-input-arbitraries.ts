/** fast-check arbitraries for input that is not a valid Segment message, or only just is. */
import fc from 'fast-check';
import { segmentMessageArbitrary } from './segment-arbitraries.js';

const messageFields = [
  'type',
  'userId',
  'anonymousId',
  'messageId',
  'timestamp',
  'traits',
  'properties',
  'event',
  'name',
  'groupId',
  'previousId',
  'context',
  'integrations',
];

/** Any JavaScript value, of every kind fast-check knows: bigints, Maps, boxed values, typed arrays... */
export const strangeValue = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withSparseArray: true,
  withTypedArray: true,
});

/** A copy of `message` with `field` (or `field[nested]`, when the field is an object) set to `value`. */
export function withField(
  message: object,
  field: string,
  nested: string | null,
  value: unknown,
): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...message };
  const inner = copy[field];
  if (nested !== null && typeof inner === 'object' && inner !== null)
    copy[field] = { ...inner, [nested]: value };
  else copy[field] = value;
  return copy;
}

/** Anything: values of any type, objects with message-like keys, valid messages with one field broken. */
export const anyInputArbitrary = fc.oneof(
  strangeValue,
  fc.object({ key: fc.constantFrom(...messageFields, 'x', '__proto__'), values: [strangeValue] }),
  fc
    .tuple(
      segmentMessageArbitrary,
      fc.constantFrom(...messageFields),
      fc.option(fc.string({ maxLength: 12 })),
      strangeValue,
    )
    .map(([message, field, nested, value]) => withField(message, field, nested, value)),
);

/** Values that are well-formed but unusual where they stand: blank, empty keys, odd shapes. */
const edgeValue = fc.constantFrom<unknown>(
  '',
  ' ',
  '\t\n',
  'cio_',
  '💥'.repeat(40),
  { '': 'empty key' },
  { recipient: 'not an email' },
  { url: ' ' },
  { email: '' },
  [],
  0,
  -1,
  null,
);

/** A valid message with one field, or one field of a field, set to an unusual value. */
export const unusualMessageArbitrary = fc
  .tuple(
    segmentMessageArbitrary,
    fc.constantFrom(...messageFields),
    fc.option(fc.constantFrom('email', 'url', 'name', 'objectAttributes', 'token', '')),
    edgeValue,
  )
  .map(([message, field, nested, value]) => withField(message, field, nested, value));
