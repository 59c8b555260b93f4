/**
 * The JSON delivery sends for an operation is exactly `JSON.stringify` of the body mapping returned,
 * including for bodies whose JSON mapping writes itself (events, page views and screen views).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapMessageResolved, resolveMappingOptions } from '../src/mapping/map-message.js';
import { operationJson } from '../src/mapping/operation-json.js';
import { segmentMessageArbitrary } from './support/segment-arbitraries.js';
import { anyInputArbitrary, unusualMessageArbitrary } from './support/unusual-input-arbitraries.js';

const optionSets = [
  resolveMappingOptions({}),
  resolveMappingOptions({ convertTimestamps: false }),
  resolveMappingOptions({ oversize: 'truncate' }),
];

/** Each operation's remembered JSON next to what `JSON.stringify` makes of its body. */
function jsonPairs(message: unknown, optionsIndex: number, borrowInput: boolean): Array<[string, string]> {
  let operations: ReturnType<typeof mapMessageResolved>['operations'];
  try {
    const options = optionSets[optionsIndex % optionSets.length] as (typeof optionSets)[number];
    operations = mapMessageResolved(message, options, borrowInput).operations;
  } catch {
    return [];
  }
  return operations.map((operation) => [operationJson(operation.body).json, JSON.stringify(operation.body)]);
}

describe('operation JSON', () => {
  it('is JSON.stringify of the body, for any message, options and mode', () => {
    fc.assert(
      fc.property(
        fc.oneof(segmentMessageArbitrary, unusualMessageArbitrary, anyInputArbitrary),
        fc.nat(),
        fc.boolean(),
        (message, optionsIndex, borrowInput) => {
          for (const [remembered, stringified] of jsonPairs(message, optionsIndex, borrowInput))
            expect(remembered).toBe(stringified);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it.each([
    [
      'an event by userId, with a time',
      { type: 'track', userId: 'u-1', event: 'Ordered', timestamp: '2024-06-01T10:00:00.250Z' },
    ],
    [
      'an event by email, without a time',
      { type: 'track', context: { traits: { email: 'a@example.com' } }, event: 'x' },
    ],
    [
      'an anonymous event',
      { type: 'track', anonymousId: 'anon-1', event: 'Viewed', properties: { a: [1, { b: null }] } },
    ],
    [
      'a name that needs escaping',
      { type: 'track', userId: 'u-1', event: 'say "hi"\n\u2028 \ud800 кофе', properties: {} },
    ],
    ['a numeric userId', { type: 'track', userId: 42, event: 'Ordered', timestamp: 1717236000.5 }],
    [
      'a page view',
      { type: 'page', userId: 'u-1', name: 'Home', properties: { url: 'https://example.com/?q="x"' } },
    ],
    ['a screen view', { type: 'screen', anonymousId: 'anon-1', name: 'Cart', timestamp: '2024-06-01' }],
    ['a cio_id', { type: 'track', userId: 'cio_03000001', event: 'Ordered' }],
  ])('writes %s exactly as JSON.stringify', (_name, message) => {
    for (const borrowInput of [false, true]) {
      const pairs = jsonPairs({ messageId: 'm-1', ...message }, 0, borrowInput);
      expect(pairs.length).toBeGreaterThan(0);
      for (const [remembered, stringified] of pairs) expect(remembered).toBe(stringified);
    }
  });
});
