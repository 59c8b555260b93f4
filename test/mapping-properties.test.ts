/**
 * Properties of `mapMessage` for any message: what it returns is accepted by the Track API emulator
 * (the spec's schemas and every one of Customer.io's limits), it fails only with the library's mapping
 * errors, and it is deterministic.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapMessage } from '../src/mapping/map-message.js';
import type { MessageProblem } from '../src/mapping/mapping-errors.js';
import type { TrackOperation } from '../src/mapping/operations.js';
import type { MappingOptions } from '../src/mapping/options.js';
import { createTrackApiEmulator } from '../src/testing/index.js';
import { segmentMessageArbitrary } from './support/segment-arbitraries.js';
import { noRoute, operationSender } from './support/send-operations.js';
import { anyInputArbitrary, unusualMessageArbitrary } from './support/unusual-input-arbitraries.js';

const emulator = createTrackApiEmulator();
const send = operationSender(emulator);

const optionsArbitrary: fc.Arbitrary<MappingOptions> = fc.record(
  {
    maxTraitsPerIdentify: fc.oneof(fc.constantFrom(1, 30, 300), fc.integer({ min: 1, max: 300 })),
    traitOverflow: fc.constantFrom('split' as const, 'drop' as const),
    convertTimestamps: fc.boolean(),
    // Enough for one operation a trait: a limit of 1 must still send every message.
    maxOperationsPerIdentify: fc.constant(1000),
  },
  { requiredKeys: ['maxOperationsPerIdentify'] },
);

/** Sends every operation, in order, and requires each to be accepted. */
async function expectAccepted(operations: readonly TrackOperation[]): Promise<void> {
  emulator.reset();
  for (const operation of operations) {
    const outcome = await send(operation);
    fc.pre(outcome.status !== noRoute);
    expect({ ...outcome, operation }).toEqual({ status: 200, error: undefined, operation });
  }
}

function expectMappingError(error: unknown): void {
  expect(error).toMatchObject({ code: expect.stringMatching(/^(invalid_message|trait_limit|oversize)$/) });
  const problems: MessageProblem[] = (error as { problems?: MessageProblem[] }).problems ?? [];
  // mapMessage wraps an unexpected failure as an InvalidMessageError (rule `unexpected`): never acceptable.
  expect(problems.filter((problem) => problem.rule === 'unexpected')).toStrictEqual([]);
}

describe('mapMessage properties', () => {
  it('for any valid message, every operation is accepted by the emulator', async () => {
    await fc.assert(
      fc.asyncProperty(segmentMessageArbitrary, optionsArbitrary, async (message, options) => {
        await expectAccepted(mapMessage(message, options).operations);
      }),
      { numRuns: 250 },
    );
  }, 60_000);

  it('for any input at all, returns or throws one of the mapping errors, never anything else', () => {
    fc.assert(
      fc.property(anyInputArbitrary, (value) => {
        try {
          mapMessage(value);
        } catch (error) {
          expectMappingError(error);
        }
      }),
      { numRuns: 600 },
    );
  }, 30_000);

  it('for unusual but well-formed input, whatever it returns is accepted by the emulator', async () => {
    await fc.assert(
      fc.asyncProperty(unusualMessageArbitrary, async (value) => {
        let operations: TrackOperation[];
        try {
          operations = mapMessage(value).operations;
        } catch (error) {
          expectMappingError(error);
          return;
        }
        await expectAccepted(operations);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('is deterministic: the same message gives the same result, or the same error', () => {
    const outcome = (message: unknown) => {
      try {
        return { result: mapMessage(message) };
      } catch (error) {
        return { error: String(error) };
      }
    };
    fc.assert(
      fc.property(fc.oneof(segmentMessageArbitrary, unusualMessageArbitrary), (message) => {
        const first = outcome(message);
        expect(outcome(message)).toStrictEqual(first);
        expect(outcome(structuredClone(message))).toStrictEqual(first);
      }),
      { numRuns: 200 },
    );
  }, 30_000);
});
