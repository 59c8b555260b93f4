/**
 * Errors and warnings quote the user's values cut to a bounded length: a 10 MB messageId or trait
 * name must not make a 10 MB error message. The structured fields keep the full value where they name
 * it (`messageId`), so nothing is lost to the code that handles the error.
 */
import { describe, expect, it } from 'vitest';
import { quote } from '../src/errors.js';
import { InvalidMessageError, mapMessage, OversizeError, TraitLimitError } from '../src/mapping/index.js';
import { identify, thrown, track } from './support/segment-messages.js';

const tenMegabytes = 'm'.repeat(10_000_000);
const bounded = 2_000;
/** Customer.io's longest attribute name, in bytes: paths never cut a key this long. */
const longestWholeKey = 150;

describe('error messages', () => {
  it('quote a 10 MB messageId cut to size, keeping it whole in `messageId`', () => {
    const errors = [
      thrown(() => mapMessage(identify({ messageId: tenMegabytes, userId: null }))),
      thrown(() => mapMessage(track('x'.repeat(200), { messageId: tenMegabytes }), { oversize: 'error' })),
      thrown(() =>
        mapMessage(identify({ messageId: tenMegabytes, traits: { a: 1, b: 2 } }), {
          traitOverflow: 'error',
          maxTraitsPerIdentify: 1,
        }),
      ),
    ];
    expect(errors.map((error) => (error as Error).name)).toStrictEqual([
      InvalidMessageError.name,
      OversizeError.name,
      TraitLimitError.name,
    ]);
    for (const error of errors) {
      expect((error as Error).message.length).toBeLessThan(bounded);
      expect((error as Error).message).toContain(`messageId ${quote(tenMegabytes)}`);
      expect((error as { messageId: string }).messageId).toBe(tenMegabytes);
    }
  });

  it('cut a 10 MB trait name in the field path they write', () => {
    const error = thrown(() =>
      mapMessage(identify({ traits: { [tenMegabytes]: 'x' } }), { oversize: 'error' }),
    ) as OversizeError;
    expect(error).toBeInstanceOf(OversizeError);
    expect(error.message.length).toBeLessThan(bounded);
    expect(error.field).toBe(`traits[${quote(tenMegabytes, longestWholeKey)}]`);
    expect(error.field).toContain('... (10000000 characters)');
  });
});

describe('warnings', () => {
  it('cut a 10 MB trait name in both field and message', () => {
    const { warnings } = mapMessage(identify({ traits: { [tenMegabytes]: 'x', plan: 'pro' } }));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.code).toBe('attribute_name_dropped');
    expect(warnings[0]?.field.length).toBeLessThan(bounded);
    expect(warnings[0]?.message.length).toBeLessThan(bounded);
  });

  it('cut a 10 MB key anywhere in the path they name', () => {
    const traits = { plan: { [tenMegabytes]: { when: () => 'now' } } };
    const { warnings } = mapMessage(identify({ traits }));
    // The function is left out, then the whole trait, over 1000 bytes with its name.
    expect(warnings.map((warning) => [warning.code, warning.field])).toStrictEqual([
      ['value_dropped', `traits.plan[${quote(tenMegabytes, longestWholeKey)}].when`],
      ['value_dropped', 'traits.plan'],
    ]);
    for (const warning of warnings) expect(warning.message.length).toBeLessThan(bounded);
  });

  it('name a valid attribute whole, however long (up to the 150 bytes Customer.io allows)', () => {
    const name = `n${'a'.repeat(149)}`;
    const { warnings } = mapMessage(identify({ traits: { [name]: 'x'.repeat(1_001) } }));
    expect(warnings.map((warning) => warning.field)).toStrictEqual([`traits.${name}`]);
  });

  it('quote values the way errors do', () => {
    const value = 'v'.repeat(200);
    const { warnings } = mapMessage(identify({ traits: { unsubscribed: value } }));
    expect(warnings[0]?.message).toContain(quote(value));
  });

  it('quote a 10 MB device type cut to size', () => {
    const message = track('Application Installed', {
      context: { device: { token: 'tok-1', type: tenMegabytes } },
    });
    const { warnings } = mapMessage(message);
    expect(warnings.map((warning) => warning.code)).toStrictEqual(['device_skipped']);
    expect(warnings[0]?.message.length).toBeLessThan(bounded);
  });

  it('list at most a few names of what was left out', () => {
    // 50 names of 140 characters: 20 left out, 10 of them named (each cut to 100 characters).
    const names = Array.from({ length: 50 }, (_, index) => `${'n'.repeat(140)}${index}`.slice(-140));
    const traits = Object.fromEntries(names.map((name) => [name, 1]));
    const { warnings } = mapMessage(identify({ traits }), { traitOverflow: 'drop' });
    expect(warnings[0]?.message).toMatch(/and 10 more\.$/);
    expect(warnings[0]?.message.length).toBeLessThan(bounded);
  });
});
