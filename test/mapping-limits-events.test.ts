import { describe, expect, it } from 'vitest';
import { applyLimits } from '../src/mapping/limits.js';
import { OversizeError } from '../src/mapping/mapping-errors.js';
import type { TrackOperation } from '../src/mapping/operations.js';
import type { OversizePolicy } from '../src/mapping/options.js';
import {
  bytes,
  deepFreeze,
  entity,
  optionsWith,
  personEvent,
  personIdentify,
  ref,
  thrown,
  traits,
  warning,
} from './support/limit-operations.js';

describe('event and screen names (100 bytes)', () => {
  const exactly = `${'😀'.repeat(24)}abcd`; // 100 bytes
  const over = `${'a'.repeat(97)}😀`; // 101 bytes

  it.each(['event', 'screen'] as const)('%s: keeps a name of exactly 100 bytes', (action) => {
    const mapped = [personEvent(exactly, {}, action)];
    const result = applyLimits(mapped, optionsWith(), ref);
    expect(result).toStrictEqual({ operations: [mapped[0]?.operation], warnings: [] });
  });

  it.each([
    ['event', over, 'a'.repeat(97), 'event'],
    ['screen', over, 'a'.repeat(97), 'name'],
    ['event', `ab${'😀'.repeat(25)}`, `ab${'😀'.repeat(24)}`, 'event'],
    ['event', `a${'€'.repeat(34)}`, `a${'€'.repeat(33)}`, 'event'],
  ] as const)('truncate: %s name %#', (action, name, expected, field) => {
    const result = applyLimits([personEvent(name, { plan: 'pro' }, action)], optionsWith(), ref);
    expect(result.operations).toStrictEqual([personEvent(expected, { plan: 'pro' }, action).operation]);
    expect(result.warnings).toStrictEqual([
      {
        code: 'event_name_truncated',
        field,
        message: `The ${action} name is ${bytes(name)} bytes, over Customer.io's limit of 100; it was shortened to its first 100 bytes, without splitting a character.`,
      },
    ]);
  });

  it.each<OversizePolicy>(['drop', 'error'])(
    '%s: an event cannot lose its name, so it throws',
    (oversize) => {
      const error = thrown(() => applyLimits([personEvent(over)], optionsWith({ oversize }), ref));
      expect(error).toBeInstanceOf(OversizeError);
      expect(error).toMatchObject({ field: 'event', bytes: 101, limit: 100, messageId: 'msg-1' });
    },
  );

  it('truncate: throws when the name would be blank once shortened', () => {
    const error = thrown(() => applyLimits([personEvent(`${' '.repeat(100)}x`)], optionsWith(), ref));
    expect(error).toMatchObject({ code: 'oversize', field: 'event', bytes: 101, limit: 100 });
  });

  it('leaves page names alone: a URL is not limited to 100 bytes, and a shortened one names another page', () => {
    const url = `https://example.com/${'segment/'.repeat(40)}`;
    const mapped = [personEvent(url, { url }, 'page')];
    expect(applyLimits(mapped, optionsWith({ oversize: 'error' }), ref)).toStrictEqual({
      operations: [mapped[0]?.operation],
      warnings: [],
    });
  });
});

describe('event data (100000 bytes of JSON)', () => {
  // {"blob":"..."} is 11 bytes around the string.
  const dataOf = (size: number) => ({ blob: 'x'.repeat(size - 11) });

  it.each(['event', 'page', 'screen'] as const)(
    '%s: 100000 bytes pass as they are (sent through v1)',
    (action) => {
      const mapped = [
        personEvent(action === 'page' ? 'https://example.com/' : 'Viewed', dataOf(100_000), action),
      ];
      expect(applyLimits(mapped, optionsWith(), ref)).toStrictEqual({
        operations: [mapped[0]?.operation],
        warnings: [],
      });
    },
  );

  it.each(['truncate', 'drop', 'error'] as const)('%s: 100001 bytes throw OversizeError', (oversize) => {
    const error = thrown(() =>
      applyLimits([personEvent('Viewed', dataOf(100_001))], optionsWith({ oversize }), ref),
    );
    expect(error).toBeInstanceOf(OversizeError);
    expect(error).toMatchObject({ field: 'properties', bytes: 100_001, limit: 100_000 });
  });

  it('counts multibyte characters in bytes', () => {
    const data = { blob: '€'.repeat(33_330) }; // 99990 + 11 bytes
    const error = thrown(() => applyLimits([personEvent('Viewed', data)], optionsWith(), ref));
    expect(error).toMatchObject({ bytes: 100_001 });
  });
});

describe('other operations', () => {
  it('passes metrics through untouched', () => {
    const metric: TrackOperation = {
      endpoint: 'metrics',
      body: { delivery_id: 'd-1', metric: 'clicked', href: `https://example.com/${'x'.repeat(5000)}` },
    };
    const result = applyLimits([{ operation: metric, source: {} }], optionsWith(), ref);
    expect(result.operations[0]).toBe(metric);
  });

  it('throws OversizeError for an operation over 32 KB that cannot be split', () => {
    const device = entity({
      type: 'person',
      identifiers: { id: 'user-1' },
      action: 'add_device',
      device: { token: 't-1', platform: 'ios', attributes: { device_model: 'x'.repeat(40_000) } },
    });
    const error = thrown(() => applyLimits([device], optionsWith(), ref));
    expect(error).toMatchObject({ code: 'oversize', field: 'operation', limit: 32_768 });
  });

  it('keeps the order of operations, split ones in place, and returns unchanged ones as they are', () => {
    const mapped = deepFreeze([
      personEvent('First'),
      personIdentify({ ...traits(31), bio: 'é'.repeat(501) }),
      personEvent(`Third ${'😀'.repeat(30)}`),
      entity({ type: 'person', identifiers: { id: 'user-1' }, action: 'delete' }),
    ]);
    const before = structuredClone(mapped);
    const result = applyLimits(mapped, optionsWith(), ref);
    expect(mapped).toStrictEqual(before);
    expect(result.operations).toHaveLength(5);
    expect(result.operations[0]).toBe(mapped[0]?.operation);
    expect(
      result.operations.map((operation) => operation.endpoint === 'entity' && operation.body.action),
    ).toEqual(['event', 'identify', 'identify', 'event', 'delete']);
    expect(result.operations[4]).toBe(mapped[3]?.operation);
    expect(result.warnings).toStrictEqual([
      warning('value_truncated', 'traits.bio'),
      warning('trait_limit_split', 'traits'),
      warning('event_name_truncated', 'event'),
    ]);
  });
});
