import { describe, expect, it } from 'vitest';
import { mapMessage } from '../src/mapping/index.js';
import {
  entity,
  eventId,
  problem,
  problemsOf,
  seconds,
  sent,
  track,
  warning,
} from './support/segment-messages.js';

const event = (identifiers: Record<string, string>, attributes: Record<string, unknown>, extra = {}) =>
  entity({
    type: 'person',
    identifiers,
    action: 'event',
    name: 'Order Completed',
    id: eventId('msg-track'),
    timestamp: seconds,
    attributes,
    ...extra,
  });

describe('track -> person event', () => {
  it('sends the event name, the properties as attributes, a dedupe id and the time', () => {
    const properties = { total: 42.5, currency: 'EUR', items: [{ sku: 'a-1', qty: 2 }], coupon: null };
    expect(mapMessage(track('Order Completed', { properties }))).toStrictEqual(
      sent(event({ id: 'user-1' }, properties)),
    );
  });

  it.each([
    ['an id', { userId: 'user-42' }, { id: 'user-42' }],
    ['an email userId', { userId: 'ada@example.com' }, { email: 'ada@example.com' }],
    ['a cio_ userId', { userId: 'cio_abc' }, { cio_id: 'abc' }],
    ['a numeric userId', { userId: 1234567890 }, { id: '1234567890' }],
    [
      'context.traits.email without a userId',
      { userId: null, context: { traits: { email: 'ada@example.com' } } },
      { email: 'ada@example.com' },
    ],
    [
      'the userId before context.traits.email',
      { userId: 'user-7', context: { traits: { email: 'ada@example.com' } } },
      { id: 'user-7' },
    ],
  ])('names the person by %s', (_, fields, identifiers) => {
    expect(mapMessage(track('Order Completed', fields))).toStrictEqual(sent(event(identifiers, {})));
  });

  it('sends an anonymous event under identifiers.anonymous_id, without the attribute', () => {
    const message = track('Order Completed', {
      userId: undefined,
      anonymousId: 'anon-1',
      properties: { a: 1 },
    });
    expect(mapMessage(message)).toStrictEqual(sent(event({ anonymous_id: 'anon-1' }, { a: 1 })));
  });

  it('adds attributes.anonymous_id to a known person’s event, so earlier anonymous activity merges', () => {
    const message = track('Order Completed', { anonymousId: 'anon-1', properties: { a: 1 } });
    expect(mapMessage(message)).toStrictEqual(
      sent(event({ id: 'user-1' }, { a: 1, anonymous_id: 'anon-1' })),
    );
  });

  it('keeps unicode and empty strings in names and properties, but not an attribute without a name', () => {
    const message = track('Commande passée 🛒', {
      properties: { '': 'empty key', note: '', ключ: 'значение', nested: { '': 'kept' } },
    });
    expect(mapMessage(message)).toStrictEqual({
      operations: [
        event(
          { id: 'user-1' },
          { note: '', ключ: 'значение', nested: { '': 'kept' } },
          { name: 'Commande passée 🛒' },
        ),
      ],
      warnings: [
        {
          code: 'value_dropped',
          field: 'properties[""]',
          message: 'properties[""] was left out: an attribute needs a name.',
        },
      ],
    });
  });

  it.each([
    ['recipient', 'not an email'],
    ['recipient', 42],
    ['from_address', 'ops@'],
    ['reply_to', { to: 'x' }],
  ])('leaves out %s %j, which Customer.io types, with a warning', (key, value) => {
    const message = track('Order Completed', { properties: { [key]: value, ok: 1 } });
    expect(mapMessage(message)).toStrictEqual({
      operations: [event({ id: 'user-1' }, { ok: 1 })],
      warnings: [warning('value_dropped', `properties.${key}`)],
    });
  });

  it('keeps a recipient that is an email address, unconverted', () => {
    const properties = {
      recipient: 'ada@example.com',
      from_address: 'ops@example.com',
      reply_to: '2024-03-01',
    };
    expect(mapMessage(track('Order Completed', { properties }))).toStrictEqual(
      sent(event({ id: 'user-1' }, properties)),
    );
  });

  it('converts ISO-8601 properties to unix seconds, unless turned off', () => {
    const properties = { shipped: '2024-03-01T12:00:00Z', meta: { at: '2024-03-01' }, list: ['2024-03-01'] };
    expect(mapMessage(track('Order Completed', { properties }))).toStrictEqual(
      sent(
        event(
          { id: 'user-1' },
          { shipped: 1_709_294_400, meta: { at: 1_709_251_200 }, list: ['2024-03-01'] },
        ),
      ),
    );
    expect(mapMessage(track('Order Completed', { properties }), { convertTimestamps: false })).toStrictEqual(
      sent(event({ id: 'user-1' }, properties)),
    );
  });

  it('drops an unreadable timestamp with a warning, and still sends the event', () => {
    const message = track('Order Completed', { timestamp: 'yesterday', messageId: 'msg-track' });
    const result = mapMessage(message);
    const { timestamp: _dropped, ...body } = event(
      { id: 'user-1' },
      {},
      { id: eventId('msg-track', 0) },
    ).body;
    expect(result).toStrictEqual({
      operations: [entity(body)],
      warnings: [
        {
          code: 'timestamp_dropped',
          field: 'timestamp',
          message:
            'timestamp "yesterday" is not an ISO-8601 time, unix seconds or a Date from 1970 on; it was not sent.',
        },
      ],
    });
  });

  it('treats event names as case-sensitive: "user deleted" is an ordinary event', () => {
    expect(mapMessage(track('user deleted'))).toStrictEqual(
      sent(event({ id: 'user-1' }, {}, { name: 'user deleted' })),
    );
  });
});

describe('track that cannot be sent', () => {
  it('is refused when nothing names the person', () => {
    expect(problemsOf(() => mapMessage(track('Order Completed', { userId: undefined })))).toStrictEqual([
      {
        path: 'userId',
        rule: 'required',
        message: 'is required: a track needs a userId, context.traits.email or an anonymousId',
      },
    ]);
  });

  it('is refused when the userId is over 150 bytes', () => {
    expect(problemsOf(() => mapMessage(track('Order Completed', { userId: 'x'.repeat(151) })))).toStrictEqual(
      [problem('userId', 'max_bytes', 150)],
    );
  });

  it('warns about, and leaves out, what JSON cannot carry', () => {
    const properties = { ok: 1, fn: () => 1, nan: Number.NaN, list: [1, Number.POSITIVE_INFINITY] };
    expect(mapMessage(track('Order Completed', { properties }))).toStrictEqual({
      operations: [event({ id: 'user-1' }, { ok: 1, list: [1, null] })],
      warnings: [
        warning('value_dropped', 'properties.fn'),
        warning('value_dropped', 'properties.nan'),
        warning('value_dropped', 'properties.list[1]'),
      ],
    });
  });
});
