import { describe, expect, it } from 'vitest';
import { applyLimits } from '../src/mapping/limits.js';
import { TraitLimitError } from '../src/mapping/mapping-errors.js';
import {
  attributesOf,
  bytes,
  objectIdentify,
  optionsWith,
  personIdentify,
  ref,
  thrown,
  traits,
  warning,
} from './support/limit-operations.js';

/** The traits `trait_<from>` to `trait_<to>`, as `traits()` names them. */
function range(from: number, to: number): Record<string, string> {
  return Object.fromEntries(
    Array.from({ length: to - from + 1 }, (_, index) => [`trait_${from + index}`, `v${from + index}`]),
  );
}

const reserved = {
  email: 'ada@example.com',
  created_at: 1_700_000_000,
  unsubscribed: false,
  anonymous_id: 'anon-1',
  id: 'user-1',
};

describe('traits per identify: within the limit', () => {
  it.each([
    [30, 30],
    [300, 300],
    [1, 1],
  ])('%s traits with a limit of %s go out as they are', (count, max) => {
    const mapped = [personIdentify(traits(count))];
    const result = applyLimits(mapped, optionsWith({ maxTraitsPerIdentify: max }), ref);
    expect(result).toStrictEqual({ operations: [mapped[0]?.operation], warnings: [] });
  });
});

describe('traitOverflow: split', () => {
  it('31 traits become 30 and 1, for the same person and timestamp', () => {
    const extra = { timestamp: 1_700_000_000 };
    const result = applyLimits([personIdentify(traits(31), extra)], optionsWith(), ref);
    expect(result.operations).toStrictEqual([
      personIdentify(range(1, 30), extra).operation,
      personIdentify(range(31, 31), extra).operation,
    ]);
    expect(result.warnings).toStrictEqual([
      {
        code: 'trait_limit_split',
        field: 'traits',
        message:
          'The identify carries 31 attributes, more than maxTraitsPerIdentify (30); they were sent in 2 identify operations for the same person, reserved attributes in the first.',
      },
    ]);
  });

  it('301 traits with a limit of 300 become 300 and 1', () => {
    const result = applyLimits(
      [personIdentify(traits(301))],
      optionsWith({ maxTraitsPerIdentify: 300 }),
      ref,
    );
    expect(result.operations).toStrictEqual([
      personIdentify(range(1, 300)).operation,
      personIdentify(range(301, 301)).operation,
    ]);
    expect(result.warnings).toStrictEqual([warning('trait_limit_split', 'traits')]);
  });

  it('puts reserved attributes in the first operation, in their order, then the rest in message order', () => {
    const input = {
      ...range(1, 27),
      unsubscribed: false,
      email: reserved.email,
      ...range(28, 32),
      id: 'user-1',
      created_at: 5,
    };
    const result = applyLimits([personIdentify(input)], optionsWith(), ref);
    expect(result.operations).toStrictEqual([
      personIdentify({
        unsubscribed: false,
        email: reserved.email,
        id: 'user-1',
        created_at: 5,
        ...range(1, 26),
      }).operation,
      personIdentify(range(27, 32)).operation,
    ]);
    expect(Object.keys(attributesOf(result.operations[0])).slice(0, 4)).toEqual([
      'unsubscribed',
      'email',
      'id',
      'created_at',
    ]);
  });

  it('fills the first operations with reserved attributes when the limit is smaller than their number', () => {
    const result = applyLimits(
      [personIdentify({ plan: 'pro', ...reserved })],
      optionsWith({ maxTraitsPerIdentify: 2 }),
      ref,
    );
    expect(result.operations).toStrictEqual([
      personIdentify({ email: reserved.email, created_at: reserved.created_at }).operation,
      personIdentify({ unsubscribed: false, anonymous_id: 'anon-1' }).operation,
      personIdentify({ id: 'user-1', plan: 'pro' }).operation,
    ]);
  });

  it('repeats _update in every operation, so no part creates a person the message meant to leave alone', () => {
    const input = { plan: 'pro', _update: true, seats: 3, email: reserved.email, role: 'admin' };
    const result = applyLimits([personIdentify(input)], optionsWith({ maxTraitsPerIdentify: 3 }), ref);
    expect(result.operations).toStrictEqual([
      personIdentify({ _update: true, email: reserved.email, plan: 'pro' }).operation,
      personIdentify({ _update: true, seats: 3, role: 'admin' }).operation,
    ]);
  });

  it('counts cio_subscription_preferences like any attribute', () => {
    const preferences = { topics: { topic_1: true } };
    const result = applyLimits(
      [personIdentify({ ...traits(30), cio_subscription_preferences: preferences })],
      optionsWith(),
      ref,
    );
    expect(result.operations).toStrictEqual([
      personIdentify(range(1, 30)).operation,
      personIdentify({ cio_subscription_preferences: preferences }).operation,
    ]);
  });

  it('keeps relationships with the first operation only', () => {
    const relationships = [{ identifiers: { object_type_id: '1', object_id: 'acme' } }];
    const result = applyLimits(
      [personIdentify(traits(3), { cio_relationships: relationships })],
      optionsWith({ maxTraitsPerIdentify: 2 }),
      ref,
    );
    expect(result.operations).toStrictEqual([
      personIdentify(range(1, 2), { cio_relationships: relationships }).operation,
      personIdentify(range(3, 3)).operation,
    ]);
  });

  it('with a limit of 1: one operation per trait, but _update cannot share, so it throws', () => {
    const one = optionsWith({ maxTraitsPerIdentify: 1 });
    expect(applyLimits([personIdentify(traits(3))], one, ref).operations).toStrictEqual([
      personIdentify(range(1, 1)).operation,
      personIdentify(range(2, 2)).operation,
      personIdentify(range(3, 3)).operation,
    ]);
    const error = thrown(() => applyLimits([personIdentify({ _update: true, plan: 'pro' })], one, ref));
    expect(error).toBeInstanceOf(TraitLimitError);
    expect(error).toMatchObject({ count: 2, limit: 1 });
  });
});

describe('traitOverflow: drop', () => {
  it('keeps reserved attributes first, then message order, and names what it left out', () => {
    const result = applyLimits(
      [personIdentify({ ...traits(30), email: reserved.email })],
      optionsWith({ traitOverflow: 'drop' }),
      ref,
    );
    expect(result.operations).toStrictEqual([
      personIdentify({ email: reserved.email, ...range(1, 29) }).operation,
    ]);
    expect(result.warnings).toStrictEqual([
      {
        code: 'trait_limit_drop',
        field: 'traits',
        message:
          'The identify carries 31 attributes, more than maxTraitsPerIdentify (30); it kept the first 30 (reserved attributes first, then in message order) and left out the attribute "trait_30".',
      },
    ]);
  });

  it('keeps _update ahead of everything', () => {
    const result = applyLimits(
      [personIdentify({ a: 1, b: 2, c: 3, _update: true, id: 'user-1' })],
      optionsWith({ traitOverflow: 'drop', maxTraitsPerIdentify: 3 }),
      ref,
    );
    expect(result.operations).toStrictEqual([
      personIdentify({ _update: true, id: 'user-1', a: 1 }).operation,
    ]);
    expect(result.warnings[0]?.message).toMatch(/left out the attributes "b" and "c"\.$/);
  });
});

describe('traitOverflow: error', () => {
  it.each([
    [31, 30],
    [301, 300],
  ])('%s traits with a limit of %s throw TraitLimitError', (count, max) => {
    const error = thrown(() =>
      applyLimits(
        [personIdentify(traits(count))],
        optionsWith({ traitOverflow: 'error', maxTraitsPerIdentify: max }),
        ref,
      ),
    );
    expect(error).toBeInstanceOf(TraitLimitError);
    expect(error).toMatchObject({ code: 'trait_limit', count, limit: max, messageId: 'msg-1' });
  });
});

describe('operations over 32 KB', () => {
  const big = Object.fromEntries(
    Array.from({ length: 40 }, (_, index) => [`field_${String(index).padStart(2, '0')}`, 'z'.repeat(1000)]),
  );
  const part = (from: number, to: number) => Object.fromEntries(Object.entries(big).slice(from, to));

  it('splits a person identify by size, whatever traitOverflow says, repeating _update', () => {
    for (const traitOverflow of ['split', 'drop', 'error'] as const) {
      const result = applyLimits(
        [personIdentify({ _update: true, ...big })],
        optionsWith({ maxTraitsPerIdentify: 300, traitOverflow }),
        ref,
      );
      expect(result.operations).toStrictEqual([
        personIdentify({ _update: true, ...part(0, 32) }).operation,
        personIdentify({ _update: true, ...part(32, 40) }).operation,
      ]);
      expect(result.warnings).toStrictEqual([warning('operation_size_split', 'traits')]);
      for (const operation of result.operations) {
        expect(bytes(JSON.stringify(operation.body))).toBeLessThanOrEqual(32_768);
      }
    }
  });

  it('splits an object identify by size, relationships with the first part', () => {
    const result = applyLimits([objectIdentify(big)], optionsWith(), ref);
    expect(result.operations).toStrictEqual(
      [
        objectIdentify(part(0, 32)).operation,
        objectIdentify(part(32, 40), { cio_relationships: undefined }).operation,
      ].map((operation) => JSON.parse(JSON.stringify(operation))),
    );
    expect(result.warnings).toStrictEqual([warning('operation_size_split', 'traits.objectAttributes')]);
  });
});
