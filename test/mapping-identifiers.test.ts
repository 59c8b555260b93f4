import { describe, expect, it } from 'vitest';
import { type PersonSources, resolvePerson } from '../src/mapping/identifiers.js';
import { isEmailShaped } from '../src/mapping/index.js';
import { utf8Length } from '../src/mapping/limits-utf8.js';
import type { MessageProblem } from '../src/mapping/mapping-errors.js';
import { problem } from './support/segment-messages.js';

const resolve = (sources: PersonSources) => {
  const problems: MessageProblem[] = [];
  return { person: resolvePerson(sources, problems), problems };
};

describe('person identifier resolution', () => {
  it.each([
    ['a cio_ userId', { userId: 'cio_abc', email: 'a@b.co', anonymousId: 'x' }, { cio_id: 'abc' }],
    ['a cio_ userId keeps the rest as it is', { userId: 'cio_cio_Ab-1' }, { cio_id: 'cio_Ab-1' }],
    ['an email userId', { userId: 'Ada@Example.com', email: 'b@b.co' }, { email: 'Ada@Example.com' }],
    ['an id', { userId: 'user-1', email: 'a@b.co' }, { id: 'user-1' }],
    ['a userId that is "CIO_x"', { userId: 'CIO_x' }, { id: 'CIO_x' }],
    ['an email without userId', { userId: null, email: 'a@b.co', anonymousId: 'x' }, { email: 'a@b.co' }],
    ['any non-empty email string', { email: 'not an email' }, { email: 'not an email' }],
  ])('%s', (_, sources, identifiers) => {
    expect(resolve(sources)).toStrictEqual({ person: { known: true, identifiers }, problems: [] });
  });

  it('falls back to the anonymous id, as an unknown person', () => {
    expect(resolve({ userId: '', email: '', anonymousId: 'anon-1' })).toStrictEqual({
      person: { known: false, identifiers: { anonymous_id: 'anon-1' } },
      problems: [],
    });
  });

  it('finds no one when nothing is given, without a problem of its own', () => {
    expect(resolve({ email: 42, anonymousId: null })).toStrictEqual({ person: undefined, problems: [] });
  });

  it('measures ids in UTF-8 bytes, not characters', () => {
    expect(utf8Length('ü'.repeat(75))).toBe(150);
    expect(utf8Length('🎉')).toBe(4);
    expect(resolve({ userId: `${'🎉'.repeat(37)}ab` }).problems).toStrictEqual([]);
    expect(resolve({ userId: '🎉'.repeat(38) }).problems).toStrictEqual([
      problem('userId', 'max_bytes', 150),
    ]);
    expect(resolve({ userId: 'x'.repeat(151), userIdPath: 'previousId' }).problems).toStrictEqual([
      problem('previousId', 'max_bytes', 150),
    ]);
  });

  it('does not measure emails and cio_ids against the id limit', () => {
    const email = `${'a'.repeat(150)}@example.com`;
    expect(resolve({ userId: email })).toStrictEqual({
      person: { known: true, identifiers: { email } },
      problems: [],
    });
    const cioId = `cio_${'1'.repeat(160)}`;
    expect(resolve({ userId: cioId }).problems).toStrictEqual([]);
  });
});

describe('email shape (as Segment tests person ids)', () => {
  it.each([
    ['ada@example.com'],
    ['ADA@EXAMPLE.COM'],
    ['ada.lovelace+tag@mail.example.co.uk'],
    ["o'brien@example.ie"],
    ['x@a-b.io'],
    ['1@2.3'],
  ])('%s is an email', (value) => {
    expect(isEmailShaped(value)).toBe(true);
  });

  it.each([
    ['ada@localhost'],
    ['ada@'],
    ['@example.com'],
    ['ada..l@example.com'],
    ['.ada@example.com'],
    ['ada@example..com'],
    ['ada@-example.com'],
    ['ada @example.com'],
    ['ädä@example.com'],
    ['user-42'],
    [''],
  ])('%j is not', (value) => {
    expect(isEmailShaped(value)).toBe(false);
  });
});
