import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCustomerIoError } from '../src/index.js';
import { ConfigError, defaultMappingOptions, InvalidMessageError, mapMessage } from '../src/mapping/index.js';
import { alias, group, identify, page, screen, thrown, track } from './support/segment-messages.js';

describe('mapMessage throws nothing but its own errors', () => {
  it('reports an unexpected failure as an InvalidMessageError with the failure as its cause', () => {
    const failure = new Error('getter exploded');
    const traits = {
      get plan() {
        throw failure;
      },
    };
    const error = thrown(() => mapMessage(identify({ traits, messageId: 'msg-x' }))) as InvalidMessageError;
    expect(error).toBeInstanceOf(InvalidMessageError);
    expect(error.problems).toStrictEqual([
      { path: '', rule: 'unexpected', message: 'could not be mapped: getter exploded' },
    ]);
    expect(error.messageId).toBe('msg-x');
    expect(error.cause).toBe(failure);
  });

  it('survives a message that throws when read', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('no');
        },
        has() {
          throw new Error('no');
        },
        getOwnPropertyDescriptor() {
          throw new Error('no');
        },
      },
    );
    expect(thrown(() => mapMessage(hostile))).toBeInstanceOf(InvalidMessageError);
  });

  it('throws only CustomerIoErrors, whatever it is given', () => {
    fc.assert(
      fc.property(
        fc.anything({ withDate: true, withMap: true, withBigInt: true, withNullPrototype: true }),
        (input) => {
          try {
            mapMessage(input);
          } catch (error) {
            expect(isCustomerIoError(error)).toBe(true);
          }
        },
      ),
    );
  });

  it('throws only CustomerIoErrors for messages of every type with arbitrary contents', () => {
    const builders = [
      identify,
      (fields: Record<string, unknown>) => track('x', fields),
      page,
      screen,
      group,
      alias,
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...builders),
        fc.dictionary(
          fc.constantFrom(
            'userId',
            'anonymousId',
            'traits',
            'properties',
            'context',
            'timestamp',
            'name',
            'groupId',
          ),
          fc.anything({ withDate: true, withBigInt: true }),
        ),
        (build, fields) => {
          try {
            mapMessage(build(fields));
          } catch (error) {
            expect(isCustomerIoError(error)).toBe(true);
          }
        },
      ),
    );
  });
});

describe('mapMessage is pure', () => {
  it('gives the same result for the same message, and never changes it', () => {
    const properties = { at: '2024-03-01', nested: { at: '2024-03-01' }, list: [{ n: 1 }] };
    const message = track('Viewed', { anonymousId: 'a', properties });
    const before = structuredClone(message);
    const first = mapMessage(message);
    expect(mapMessage(structuredClone(message))).toStrictEqual(first);
    expect(message).toStrictEqual(before);
  });

  it('refuses a convertTimestamps that is not a boolean, as a ConfigError', () => {
    const error = thrown(() => mapMessage(identify(), { convertTimestamps: 'no' as unknown as boolean }));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).option).toBe('convertTimestamps');
  });

  it('treats an option given as undefined as its default', () => {
    const message = identify({ traits: { at: '2024-03-01' } });
    expect(mapMessage(message, { convertTimestamps: undefined })).toStrictEqual(mapMessage(message));
    expect(mapMessage(message, {})).toStrictEqual(mapMessage(message, defaultMappingOptions));
  });
});
