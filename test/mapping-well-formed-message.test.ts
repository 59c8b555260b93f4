/** The quick reading of well-formed messages agrees with the schema wherever it answers. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidMessageError, mapMessage } from '../src/mapping/index.js';
import { segmentMessageSchema } from '../src/mapping/messages.js';
import { readWellFormedMessage } from '../src/mapping/well-formed-message.js';
import { segmentMessageArbitrary } from './support/segment-arbitraries.js';
import {
  anyInputArbitrary,
  strangeValue,
  unusualMessageArbitrary,
} from './support/unusual-input-arbitraries.js';

/** Every field the schema declares, by its path in the message. */
const declaredPaths = [
  ['type'],
  ['userId'],
  ['anonymousId'],
  ['messageId'],
  ['timestamp'],
  ['originalTimestamp'],
  ['sentAt'],
  ['receivedAt'],
  ['integrations'],
  ['traits'],
  ['properties'],
  ['event'],
  ['name'],
  ['category'],
  ['groupId'],
  ['previousId'],
  ['context'],
  ['context', 'traits'],
  ['context', 'device'],
  ['context', 'device', 'token'],
  ['context', 'device', 'type'],
  ['context', 'device', 'model'],
  ['context', 'app'],
  ['context', 'app', 'version'],
  ['context', 'os'],
  ['context', 'os', 'name'],
  ['context', 'os', 'version'],
  ['context', 'locale'],
  ['context', 'page'],
  ['context', 'page', 'url'],
  ['context', 'groupId'],
] as const;

/** Values of every kind, and the near misses a quick check could get wrong. */
const fieldValue = fc.oneof(
  strangeValue,
  fc.constantFrom<unknown>(
    undefined,
    null,
    '',
    ' ',
    '\t',
    'text',
    0,
    42,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    true,
    {},
    [],
    new Date(0),
    new Date(Number.NaN),
    Object.create(null),
    new (class Custom {})(),
    new String('boxed'),
    'identify',
    'track',
    'alias',
  ),
);

/** A copy of `message` with the field at `path` set to `value`, objects on the way copied or made. */
function withPath(message: Record<string, unknown>, path: readonly string[], value: unknown) {
  const [head, ...rest] = path as [string, ...string[]];
  const copy: Record<string, unknown> = { ...message };
  if (rest.length === 0) copy[head] = value;
  else {
    const inner = copy[head];
    copy[head] = withPath(typeof inner === 'object' && inner !== null ? { ...inner } : {}, rest, value);
  }
  return copy;
}

/** Valid messages with one to three declared fields, at any depth, set to values of any kind. */
const fieldwiseArbitrary = fc
  .tuple(
    segmentMessageArbitrary,
    fc.array(fc.tuple(fc.constantFrom(...declaredPaths), fieldValue), { minLength: 1, maxLength: 3 }),
  )
  .map(([message, changes]) =>
    changes.reduce(
      (changed, [path, value]) => withPath(changed, path, value),
      message as Record<string, unknown>,
    ),
  );

/** Where the quick reading answers, zod accepts the input and makes the same message of it. */
function expectAgreesWithSchema(input: unknown): void {
  const read = readWellFormedMessage(input);
  if (read === undefined) return;
  const parsed = segmentMessageSchema.safeParse(input);
  expect(parsed.success).toBe(true);
  expect(read).toEqual(parsed.data);
}

const idFields = ['userId', 'anonymousId', 'messageId', 'groupId', 'previousId'] as const;

describe('reading well-formed messages without zod', () => {
  it('reads every valid message whose ids are strings, into what zod makes of it', () => {
    fc.assert(
      fc.property(segmentMessageArbitrary, (message) => {
        const numericId = idFields.some(
          (field) => typeof (message as Record<string, unknown>)[field] === 'number',
        );
        const read = readWellFormedMessage(message);
        if (numericId) expect(read).toBeUndefined();
        else expect(read).toEqual(segmentMessageSchema.parse(message));
      }),
      { numRuns: 500 },
    );
  });

  it('never accepts what zod refuses, nor reads a field differently, whatever a field holds', () => {
    fc.assert(fc.property(fieldwiseArbitrary, expectAgreesWithSchema), { numRuns: 3000 });
    fc.assert(fc.property(unusualMessageArbitrary, expectAgreesWithSchema), { numRuns: 500 });
    fc.assert(fc.property(anyInputArbitrary, expectAgreesWithSchema), { numRuns: 500 });
  });

  it('never refuses a message for what its context fields hold (tolerant-context.ts ignores them)', () => {
    const contextPaths = declaredPaths.filter((path) => path[0] === 'context');
    const contextwise = fc
      .tuple(
        segmentMessageArbitrary,
        fc.array(fc.tuple(fc.constantFrom(...contextPaths), fieldValue), { minLength: 1, maxLength: 3 }),
      )
      .map(([message, changes]) =>
        changes.reduce(
          (changed, [path, value]) => withPath(changed, path, value),
          message as Record<string, unknown>,
        ),
      );
    fc.assert(
      fc.property(contextwise, (message) => {
        try {
          mapMessage(message);
        } catch (error) {
          if (!(error instanceof InvalidMessageError)) return;
          for (const { path } of error.problems) expect(path).not.toMatch(/^context/);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('leaves to zod what zod would convert or refuse', () => {
    const track = { type: 'track', userId: 'user-1', event: 'Signed Up' };
    expect(readWellFormedMessage(track)).toEqual(track);
    // zod turns a numeric id into its digits, and words each problem.
    expect(readWellFormedMessage({ ...track, userId: 42 })).toBeUndefined();
    expect(readWellFormedMessage({ ...track, context: { app: { version: 3 } } })).toBeUndefined();
    expect(readWellFormedMessage({ ...track, event: ' ' })).toBeUndefined();
    expect(readWellFormedMessage({ ...track, properties: [] })).toBeUndefined();
    expect(readWellFormedMessage({ ...track, type: 'trace' })).toBeUndefined();
    expect(readWellFormedMessage({ type: 'alias', userId: 'user-1', previousId: '' })).toBeUndefined();
    expect(readWellFormedMessage(new (class Message {})())).toBeUndefined();
    expect(readWellFormedMessage([track])).toBeUndefined();
  });

  it('keeps the declared fields only, copies nested objects, and keeps traits and properties as given', () => {
    const properties = { total: 42 };
    const traits = { email: 'ada@example.com' };
    const device = { token: 'abc', type: 'ios', extra: 1 };
    const read = readWellFormedMessage({
      type: 'track',
      userId: 'user-1',
      event: 'Order Completed',
      properties,
      extra: 'left out',
      context: { traits, device, ip: '203.0.113.7' },
    });

    expect(read).toStrictEqual({
      type: 'track',
      userId: 'user-1',
      event: 'Order Completed',
      properties,
      context: { traits, device: { token: 'abc', type: 'ios' } },
    });
    const context = read?.context as { traits: unknown; device: unknown };
    expect(read && 'properties' in read && read.properties).toBe(properties);
    expect(context.traits).toBe(traits);
    expect(context.device).not.toBe(device);
  });

  it('reads each field once, as zod does, so a getter cannot answer twice differently', () => {
    let reads = 0;
    const message = {
      type: 'track',
      event: 'Signed Up',
      get userId() {
        reads++;
        return reads === 1 ? 'user-1' : { not: 'a string' };
      },
    };
    expect(readWellFormedMessage(message)).toEqual({ type: 'track', event: 'Signed Up', userId: 'user-1' });
    expect(reads).toBe(1);
  });
});
