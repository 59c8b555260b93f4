import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapMessage, ulidTime } from '../src/mapping/index.js';
import type { MappingWarning } from '../src/mapping/operations.js';
import {
  convertAttributeTimestamps,
  parseIsoInstant,
  readInstant,
  resolveMessageTime,
} from '../src/mapping/timestamps.js';
import { bodyOf, eventId, identify, page, screen, track, warning } from './support/segment-messages.js';

const base = 1_709_294_400; // 2024-03-01T12:00:00Z

describe('strict ISO-8601 strings', () => {
  it.each([
    ['2024-03-01T12:00:00Z', base, 0],
    ['2024-03-01T12:00:00.1Z', base, 100],
    ['2024-03-01T12:00:00.12Z', base, 120],
    ['2024-03-01T12:00:00.123Z', base, 123],
    ['2024-03-01T12:00:00.1234Z', base, 123],
    ['2024-03-01T12:00:00.12345Z', base, 123],
    ['2024-03-01T12:00:00.123456Z', base, 123],
    ['2024-03-01T12:00:00.1234567Z', base, 123],
    ['2024-03-01T12:00:00.12345678Z', base, 123],
    ['2024-03-01T12:00:00.999999999Z', base, 999],
    ['2024-03-01T12:00:00', base, 0],
    ['2024-03-01T12:00', base, 0],
    ['2024-03-01T12:00Z', base, 0],
    ['2024-03-01T13:00:00+01:00', base, 0],
    ['2024-03-01T13:30:00+0130', base, 0],
    ['2024-03-01T07:00:00.5-05:00', base, 500],
    ['2024-03-01T07:00:00.123456789-0500', base, 123],
    ['2024-03-01', base - 12 * 3600, 0],
    ['2024-02-29', 1_709_164_800, 0],
    ['2000-02-29T00:00:00Z', 951_782_400, 0],
    ['1970-01-01T00:00:00Z', 0, 0],
    ['1969-12-31T23:59:59Z', -1, 0],
    ['0099-01-01T00:00:00Z', -59_042_995_200, 0],
    ['9999-12-31T23:59:59Z', 253_402_300_799, 0],
  ])('%s is unix %i (+%i ms)', (text, seconds, fraction) => {
    expect(parseIsoInstant(text)).toStrictEqual({ seconds, ms: seconds * 1000 + fraction });
  });

  it.each([
    ['25 Mar 2015'],
    ['2018-03-04T12:08:56 PDT'],
    ['2024-03-01T12:00:00.1234567890Z'],
    ['2024-03-01 12:00:00'],
    ['2024-03-01t12:00:00z'],
    ['2024-03-01T12:00:00+01'],
    ['2024-03-01T12:00:00+24:00'],
    ['2024-03-01T12:00:00+01:60'],
    ['2024-02-30'],
    ['2023-02-29'],
    ['2024-13-01'],
    ['2024-00-10'],
    ['2024-04-31'],
    ['2024-03-01T24:00:00Z'],
    ['2024-03-01T12:60:00Z'],
    ['2024-03-01T12:00:60Z'],
    ['2024-03-01T12:00.5Z'],
    ['2024-3-1'],
    ['+002024-03-01T12:00:00Z'],
    ['1709294400'],
    [''],
    ['2024-03-01Z'],
  ])('%j is not one', (text) => {
    expect(parseIsoInstant(text)).toBeUndefined();
  });

  it('agrees with Date for every millisecond-precision ISO string it writes', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0001-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        (date) => {
          const ms = date.getTime();
          expect(parseIsoInstant(date.toISOString())).toStrictEqual({ seconds: Math.floor(ms / 1000), ms });
        },
      ),
    );
  });

  it('accepts exactly the strings the strict ISO-8601 grammar describes, and reads them the same', () => {
    // The grammar as one pattern, read with Date.UTC: slower, and independent of the parser under test.
    const grammar =
      /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
    const reference = (text: string) => {
      const match = grammar.exec(text);
      if (!match) return undefined;
      const [, y, mo, d, h = '0', mi = '0', sec = '0', fraction = '', offset = 'Z'] = match;
      if (offset.length === 6 && offset[3] !== ':') return undefined;
      const [oh, om] = offset === 'Z' ? [0, 0] : [Number(offset.slice(1, 3)), Number(offset.slice(-2))];
      const fields = [Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(sec)] as const;
      const [year, month, day, hour, minute, second] = fields;
      if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59 || oh > 23 || om > 59)
        return undefined;
      const date = new Date(0);
      date.setUTCFullYear(year, month - 1, day);
      if (date.getUTCDate() !== day) return undefined;
      const sign = offset.startsWith('-') ? -1 : 1;
      const wholeMs = date.setUTCHours(hour, minute - sign * (oh * 60 + om), second, 0);
      return { seconds: wholeMs / 1000, ms: wholeMs + Number(fraction.padEnd(3, '0').slice(0, 3)) };
    };
    const digits = (min: number, max: number) =>
      fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
    const piece = fc.oneof(
      digits(1, 4),
      fc.constantFrom('-', 'T', ':', '.', 'Z', '+', ' ', 'x', '2024-02-29', '2023-02-29', 'T23:59', ':60'),
    );
    const candidate = fc.oneof(
      fc.array(piece, { maxLength: 12 }).map((parts) => parts.join('')),
      fc
        .tuple(
          fc.constantFrom('1970-01-01', '2024-02-29', '2023-02-29', '0000-12-31', '2024-13-01', '2024-04-31'),
          fc.constantFrom(
            '',
            'T00:00',
            'T23:59:59',
            'T24:00',
            'T12:60',
            'T12:00:00.1',
            'T12:00:00.123456789',
          ),
          fc.constantFrom('', 'Z', '+05:30', '-0800', '+24:00', '+05:60', '+0530x', 'z', '+05:3'),
        )
        .map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(candidate, (text) => {
        expect(parseIsoInstant(text)).toStrictEqual(reference(text));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('reading a time', () => {
  it.each([
    ['a Date', new Date(1_709_294_400_250), { seconds: base, ms: 1_709_294_400_250 }],
    ['unix seconds', base, { seconds: base, ms: base * 1000 }],
    ['fractional unix seconds', 1_709_294_400.75, { seconds: base, ms: 1_709_294_400_750 }],
    ['a string of digits', '1709294400', { seconds: base, ms: base * 1000 }],
    ['a string of digits with a fraction', '1709294400.5', { seconds: base, ms: 1_709_294_400_500 }],
    ['0', '0', { seconds: 0, ms: 0 }],
    ['an ISO string', '2024-03-01T12:00:00.250Z', { seconds: base, ms: 1_709_294_400_250 }],
  ])('reads %s', (_, value, instant) => {
    expect(readInstant(value)).toStrictEqual(instant);
  });

  it.each([
    ['an invalid Date', new Date('nope')],
    ['a negative number', -1],
    ['a negative string', '-1'],
    ['a time before 1970', '1969-12-31T23:59:59Z'],
    ['a time past what Date holds', '9'.repeat(20)],
    ['NaN', Number.NaN],
    ['words', 'yesterday'],
  ])('cannot read %s', (_, value) => {
    expect(readInstant(value)).toBeUndefined();
  });
});

describe("a message's time", () => {
  const resolve = (message: Parameters<typeof resolveMessageTime>[0]) => {
    const warnings: MappingWarning[] = [];
    return { time: resolveMessageTime(message, warnings), warnings };
  };

  it('is its timestamp', () => {
    expect(resolve({ timestamp: '2024-03-01T12:00:00Z', originalTimestamp: '2000-01-01' })).toStrictEqual({
      time: { seconds: base, ms: base * 1000 },
      warnings: [],
    });
  });

  it('is its originalTimestamp corrected for the device clock when it has no timestamp', () => {
    const message = {
      originalTimestamp: '2024-03-01T11:59:00Z',
      sentAt: '2024-03-01T11:59:30Z',
      receivedAt: '2024-03-01T12:00:30Z',
    };
    expect(resolve(message)).toStrictEqual({ time: { seconds: base, ms: base * 1000 }, warnings: [] });
    expect(resolve({ originalTimestamp: '2024-03-01T12:00:00Z' })).toStrictEqual({
      time: { seconds: base, ms: base * 1000 },
      warnings: [],
    });
  });

  it('is unknown, with a warning naming the field, when it cannot be read', () => {
    expect(resolve({ timestamp: 'soon', originalTimestamp: '2024-03-01T12:00:00Z' })).toStrictEqual({
      time: undefined,
      warnings: [warning('timestamp_dropped', 'timestamp')],
    });
    expect(resolve({ originalTimestamp: new Date(Number.NaN) })).toStrictEqual({
      time: undefined,
      warnings: [warning('timestamp_dropped', 'originalTimestamp')],
    });
    expect(resolve({ sentAt: '2024-03-01T12:00:00Z' })).toStrictEqual({ time: undefined, warnings: [] });
  });
});

describe('the root timestamp of an event', () => {
  const sentTimestamp = (timestamp: unknown) => {
    const result = mapMessage(track('Viewed', { timestamp }));
    const body = bodyOf(result);
    return { timestamp: body.timestamp, id: body.id, warnings: result.warnings };
  };

  it.each([
    ['2024-03-01T12:00:00Z', base, 1_709_294_400_000],
    ['2024-03-01T12:00:00.987654321Z', base, 1_709_294_400_987],
    ['2024-03-01T14:00:00+02:00', base, 1_709_294_400_000],
    ['2024-03-01T14:00:00+0200', base, 1_709_294_400_000],
    ['2024-03-01T12:00:00', base, 1_709_294_400_000],
    [new Date('2024-03-01T12:00:00.5Z'), base, 1_709_294_400_500],
    ['1709294400', base, 1_709_294_400_000],
    [1709294400, base, 1_709_294_400_000],
  ])('%j is sent as %i, and dates the dedupe id', (timestamp, seconds, ms) => {
    expect(sentTimestamp(timestamp)).toStrictEqual({
      timestamp: seconds,
      id: eventId('msg-track', ms),
      warnings: [],
    });
  });

  it.each([['yesterday'], ['25 Mar 2015'], ['2018-03-04T12:08:56 PDT'], [new Date(Number.NaN)], [-5]])(
    '%j is dropped with a warning',
    (timestamp) => {
      expect(sentTimestamp(timestamp)).toStrictEqual({
        timestamp: undefined,
        id: eventId('msg-track', 0),
        warnings: [warning('timestamp_dropped', 'timestamp')],
      });
    },
  );
});

describe('numeric times, read by their magnitude', () => {
  const ms = 1_709_294_400_250;
  /** The root timestamp, the dedupe id's time and the warnings of a track with this timestamp. */
  const sentTime = (timestamp: unknown) => {
    const result = mapMessage(track('Viewed', { timestamp }));
    const body = bodyOf(result);
    return { timestamp: body.timestamp, idTime: ulidTime(body.id as string), warnings: result.warnings };
  };
  const converted = (unit: string, field = 'timestamp') => ({
    code: 'timestamp_converted',
    field,
    message: expect.stringContaining(`read as unix ${unit}`),
  });

  it.each([
    ['milliseconds', 1_709_294_400_250],
    ['milliseconds', '1709294400250'],
    ['milliseconds', 1_709_294_400_250.9],
    ['microseconds', 1_709_294_400_250_123],
    ['microseconds', '1709294400250123'],
    // Nanoseconds are past what a double holds exactly; the milliseconds are not.
    ['nanoseconds', Number('1709294400250123456')],
    ['nanoseconds', '1709294400250123456'],
  ])(
    '%s: %j is converted to seconds, with a warning, and dates the id as the ISO string would',
    (unit, value) => {
      expect(sentTime(value)).toStrictEqual({ timestamp: base, idTime: ms, warnings: [converted(unit)] });
      // The same instant, written as an ISO string, gives the same dedupe id.
      const iso = mapMessage(track('Viewed', { timestamp: '2024-03-01T12:00:00.250Z' }));
      expect(bodyOf(mapMessage(track('Viewed', { timestamp: value }))).id).toBe(bodyOf(iso).id);
    },
  );

  it('says in the warning what unit it assumed and which time that is', () => {
    expect(sentTime(1_709_294_400_250).warnings[0]?.message).toBe(
      'timestamp 1709294400250 is too large for unix seconds (it would be after the year 2286), so it was read as unix milliseconds: 2024-03-01T12:00:00.250Z, sent as 1709294400.',
    );
  });

  it.each([
    [0, 0, []],
    [9_999_999_999, 9_999_999_999, []],
    [99_999_999_999, undefined, ['timestamp_dropped']],
    [10_000_000_000, undefined, ['timestamp_dropped']],
    [100_000_000_000, 100_000_000, ['timestamp_converted']],
    [99_999_999_999_999, 99_999_999_999, ['timestamp_converted']],
    [100_000_000_000_000, 100_000_000, ['timestamp_converted']],
    [1e17, 100_000_000, ['timestamp_converted']],
    [Number('99999999999999990000'), 99_999_999_999, ['timestamp_converted']],
    [1e20, undefined, ['timestamp_dropped']],
    [1e300, undefined, ['timestamp_dropped']],
    [Number.POSITIVE_INFINITY, undefined, ['timestamp_dropped']],
  ])('at the edges of the ranges: %j is sent as %j', (value, seconds, codes) => {
    const result = mapMessage(track('Viewed', { timestamp: value }));
    expect(bodyOf(result).timestamp).toBe(seconds);
    expect(result.warnings.map((warning) => warning.code)).toStrictEqual(codes);
  });

  it('drops a number that could be seconds after 2286 or milliseconds before 1973, saying why', () => {
    const result = mapMessage(track('Viewed', { timestamp: 50_000_000_000 }));
    expect(bodyOf(result).timestamp).toBeUndefined();
    expect(result.warnings).toStrictEqual([
      {
        code: 'timestamp_dropped',
        field: 'timestamp',
        message:
          'timestamp 50000000000 is not a unix time Customer.io can take: unix seconds are read below 1e10 (until the year 2286), milliseconds from 1e11, microseconds from 1e14 and nanoseconds from 1e17 to 1e20, all from 1970 on; it was not sent.',
      },
    ]);
  });

  it('reads originalTimestamp, sentAt and receivedAt by the same rule', () => {
    const message = track('Viewed', {
      timestamp: undefined,
      originalTimestamp: 1_709_294_340_000,
      sentAt: '1709294370000000',
      receivedAt: 1_709_294_430,
    });
    const result = mapMessage(message);
    expect(bodyOf(result).timestamp).toBe(base);
    expect(result.warnings).toStrictEqual([converted('milliseconds', 'originalTimestamp')]);
  });

  it.each([
    ['created_at', 1_577_836_800_000, 'milliseconds'],
    ['createdAt', '1577836800000000', 'microseconds'],
  ])('applies to %s too: %j becomes unix seconds with a warning', (name, value, unit) => {
    const result = mapMessage(identify({ traits: { [name]: value } }));
    expect(bodyOf(result).attributes).toStrictEqual({ created_at: 1_577_836_800 });
    expect(result.warnings).toStrictEqual([converted(unit, `traits.${name}`)]);
  });

  it('leaves other numeric attributes alone: only created_at is known to be a time', () => {
    const result = mapMessage(identify({ traits: { last_login: 1_709_294_400_250 } }));
    expect(bodyOf(result).attributes).toStrictEqual({ last_login: 1_709_294_400_250 });
    expect(result.warnings).toStrictEqual([]);
  });
});

describe('the root timestamp in the body', () => {
  const fieldsOf = (message: Record<string, unknown>) => Object.keys(bodyOf(mapMessage(message)));
  const activity = ['type', 'identifiers', 'action', 'name', 'id', 'timestamp', 'attributes'];
  const related = { traits: { objectId: 'acme', plan: 'pro' } };

  it('sits between the other fields, as the spec lists them', () => {
    expect(fieldsOf(track('Viewed'))).toStrictEqual(activity);
    expect(fieldsOf(page({ name: 'Home' }))).toStrictEqual(activity);
    expect(fieldsOf(screen({ name: 'Home' }))).toStrictEqual(activity);
    expect(fieldsOf(identify(related))).toStrictEqual([
      'type',
      'identifiers',
      'action',
      'attributes',
      'timestamp',
      'cio_relationships',
    ]);
  });

  it('is not a field at all, not even an undefined one, when the time is unknown', () => {
    const untimed = { timestamp: undefined };
    const withoutTime = activity.filter((field) => field !== 'timestamp');
    expect(fieldsOf(track('Viewed', untimed))).toStrictEqual(withoutTime);
    expect(fieldsOf(page({ name: 'Home', ...untimed }))).toStrictEqual(withoutTime);
    expect(fieldsOf(screen({ name: 'Home', ...untimed }))).toStrictEqual(withoutTime);
    expect(fieldsOf(identify({ ...related, ...untimed }))).toStrictEqual([
      'type',
      'identifiers',
      'action',
      'attributes',
      'cio_relationships',
    ]);
  });
});

describe('attribute conversion', () => {
  it('converts strict ISO strings through plain objects, never into arrays, and leaves other values', () => {
    const source = {
      at: '2024-03-01T12:00:00Z',
      day: '2024-03-01',
      loose: '25 Mar 2015',
      digits: '1709294400',
      n: 1,
      none: null,
      list: ['2024-03-01', { at: '2024-03-01' }],
      deep: { deeper: { at: '2024-03-01T12:00:00.123456789+00:00' } },
    };
    const converted = convertAttributeTimestamps(source, true);
    expect(converted).toStrictEqual({
      at: base,
      day: base - 12 * 3600,
      loose: '25 Mar 2015',
      digits: '1709294400',
      n: 1,
      none: null,
      list: ['2024-03-01', { at: '2024-03-01' }],
      deep: { deeper: { at: base } },
    });
    // In place: it is only given sanitize's own copy of the user's data.
    expect(converted).toBe(source);
  });

  it('returns the attributes as they are when turned off', () => {
    const source = { at: '2024-03-01T12:00:00Z' };
    expect(convertAttributeTimestamps(source, false)).toBe(source);
  });
});
