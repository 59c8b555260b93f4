import { describe, expect, it } from 'vitest';
import { isCustomerIoError } from '../src/index.js';
import { InvalidMessageError, mapMessage, segmentMessageSchema } from '../src/mapping/index.js';
import {
  alias,
  bodyOf,
  group,
  identify,
  page,
  problem,
  problemsOf,
  screen,
  thrown,
  track,
} from './support/segment-messages.js';

describe('what is not a Segment message is refused, with every problem and its path', () => {
  it.each([
    ['null', null, { path: '', rule: 'type', message: 'must be an object, not null' }],
    ['a string', '{"type":"track"}', { path: '', rule: 'type', message: 'must be an object, not a string' }],
    ['an array', [], { path: '', rule: 'type', message: 'must be an object, not an array' }],
    ['a number', 42, { path: '', rule: 'type', message: 'must be an object, not a number' }],
    ['nothing', undefined, { path: '', rule: 'required', message: 'is required' }],
  ])('%s', (_, input, expected) => {
    expect(problemsOf(() => mapMessage(input))).toStrictEqual([expected]);
  });

  const types = '"identify", "track", "page", "screen", "group", "alias"';
  it.each([
    ['no type', {}, { path: 'type', rule: 'required', message: `is required: one of ${types}` }],
    [
      'an unknown type',
      { type: 'order' },
      { path: 'type', rule: 'one_of', message: `must be one of ${types}, not "order"` },
    ],
    [
      'a type in capitals',
      { type: 'Track' },
      { path: 'type', rule: 'one_of', message: `must be one of ${types}, not "Track"` },
    ],
    [
      'a type that is not a string',
      { type: 1 },
      { path: 'type', rule: 'one_of', message: `must be one of ${types}, not 1` },
    ],
    [
      'a bigint type',
      { type: 1n },
      { path: 'type', rule: 'one_of', message: `must be one of ${types}, not a bigint` },
    ],
    [
      'an object type',
      { type: { a: 1 } },
      { path: 'type', rule: 'one_of', message: `must be one of ${types}, not an object` },
    ],
  ])('a message with %s', (_, input, expected) => {
    expect(problemsOf(() => mapMessage(input))).toStrictEqual([expected]);
  });

  it.each([
    [
      'a track without an event',
      track('x', { event: undefined }),
      [{ path: 'event', rule: 'required', message: 'is required' }],
    ],
    [
      'a track with an empty event',
      track(''),
      [{ path: 'event', rule: 'not_blank', message: 'must not be blank' }],
    ],
    [
      'a track with a blank event',
      track(' \t\n'),
      [{ path: 'event', rule: 'not_blank', message: 'must not be blank' }],
    ],
    [
      'a track whose event is a number',
      track('x', { event: 7 }),
      [{ path: 'event', rule: 'type', message: 'must be a string, not a number' }],
    ],
    [
      'a userId that is a boolean',
      identify({ userId: true }),
      [{ path: 'userId', rule: 'type', message: 'must be a string, not a boolean' }],
    ],
    [
      'an anonymousId that is an object',
      page({ anonymousId: { id: 1 } }),
      [{ path: 'anonymousId', rule: 'type', message: 'must be a string, not an object' }],
    ],
    [
      'a timestamp that is an object',
      screen({ timestamp: {} }),
      [
        {
          path: 'timestamp',
          rule: 'type',
          message: 'must be an ISO-8601 string, unix seconds or a Date, not an object',
        },
      ],
    ],
    [
      'traits that are a string',
      identify({ traits: 'pro' }),
      [{ path: 'traits', rule: 'type', message: 'must be an object, not a string' }],
    ],
    [
      'properties that are an array',
      track('x', { properties: [1] }),
      [{ path: 'properties', rule: 'type', message: 'must be an object, not an array' }],
    ],
    [
      'traits that are a Map',
      identify({ traits: new Map([['plan', 'pro']]) }),
      [{ path: 'traits', rule: 'type', message: 'must be an object, not a Map' }],
    ],
    [
      'integrations that are true',
      track('x', { integrations: true }),
      [{ path: 'integrations', rule: 'type', message: 'must be an object, not a boolean' }],
    ],
    [
      'a group without a groupId',
      group({ groupId: undefined }),
      [{ path: 'groupId', rule: 'required', message: 'is required' }],
    ],
    ['a group with an empty groupId', group({ groupId: '' }), [problem('groupId', 'not_empty')]],
    [
      'an alias without ids',
      alias({ userId: undefined, previousId: undefined }),
      [problem('userId', 'required'), problem('previousId', 'required')],
    ],
    [
      'an alias with a null userId and an empty previousId',
      alias({ userId: null, previousId: '' }),
      [
        { path: 'userId', rule: 'type', message: 'must be a string, not null' },
        { path: 'previousId', rule: 'not_empty', message: 'must not be empty' },
      ],
    ],
  ])('%s', (_, input, expected) => {
    expect(problemsOf(() => mapMessage(input))).toStrictEqual(expected);
  });

  it('lists every problem of the message at once, in the order of its fields', () => {
    const input = track('', {
      userId: false,
      anonymousId: Number.POSITIVE_INFINITY,
      timestamp: true,
      integrations: [],
      properties: 'none',
    });
    expect(problemsOf(() => mapMessage(input))).toStrictEqual([
      problem('userId', 'type'),
      problem('anonymousId', 'type'),
      problem('timestamp', 'type'),
      problem('integrations', 'type'),
      problem('event', 'not_blank'),
      problem('properties', 'type'),
    ]);
  });

  it('names the message by its messageId in the error, even when it is invalid', () => {
    const error = thrown(() => mapMessage({ type: 'track', messageId: 'msg-9' })) as InvalidMessageError;
    expect(error).toBeInstanceOf(InvalidMessageError);
    expect(isCustomerIoError(error)).toBe(true);
    expect(error.code).toBe('invalid_message');
    expect(error.messageId).toBe('msg-9');
    expect(error.message).toBe('Invalid message (messageId "msg-9"): event: is required');
  });
});

describe('context fields of another type are ignored with a warning, for every message type', () => {
  const ignored = (field: string, message: string) => ({ code: 'context_ignored', field, message });

  it('reads nothing from context.traits that is an array, and sends the event', () => {
    const message = track('Signed Up', { context: { traits: ['ada@example.com'] } });
    expect(mapMessage(message)).toStrictEqual({
      operations: mapMessage(track('Signed Up')).operations,
      warnings: [
        ignored('context.traits', 'context.traits was ignored: it is read as an object, and it is an array.'),
      ],
    });
  });

  it.each([
    ['context.traits a string', { traits: 'vip' }, ['context.traits']],
    ['context a string', 'mobile', ['context']],
    ['context an array', [1], ['context']],
    ['context.device a string', { device: 'iPhone' }, ['context.device']],
    ['a device token that is a number', { device: { token: 5, type: 'ios' } }, ['context.device.token']],
    ['context.app.version an object', { app: { version: { major: 2 } } }, ['context.app.version']],
    ['context.os.name a number', { os: { name: 17 } }, ['context.os.name']],
    ['context.locale a boolean', { locale: true }, ['context.locale']],
    ['context.page.url an array', { page: { url: ['/'] } }, ['context.page.url']],
    ['context.groupId an object', { groupId: { id: 'acme' } }, ['context.groupId']],
    [
      'several at once',
      { traits: 1, device: { model: [] }, os: 'iOS' },
      ['context.traits', 'context.device.model', 'context.os'],
    ],
  ])('%s', (_, context, fields) => {
    for (const message of [
      identify({ context }),
      track('Application Installed', { context }),
      page({ context, name: 'Pricing' }),
      screen({ context, name: 'Home' }),
      group({ context }),
      alias({ context }),
    ]) {
      const result = mapMessage(message);
      expect(result.warnings.filter((w) => w.code === 'context_ignored').map((w) => w.field)).toStrictEqual(
        fields,
      );
      expect(result.operations.length).toBeGreaterThan(0);
    }
  });

  it('keeps what it can read of the same context', () => {
    const message = track('Signed Up', {
      userId: null,
      anonymousId: 'anon-1',
      context: { traits: { email: 'ada@example.com' }, device: 'iPhone', page: { url: 5 } },
    });
    const result = mapMessage(message);
    const { warnings } = result;
    expect(bodyOf(result).identifiers).toStrictEqual({
      email: 'ada@example.com',
    });
    expect(warnings.map((w) => w.field)).toStrictEqual(['context.device', 'context.page.url']);
  });

  it('never changes the message given', () => {
    const context = { traits: ['x'], device: { token: 5 } };
    const message = track('Signed Up', { context });
    mapMessage(message);
    expect(message.context).toBe(context);
    expect(context).toStrictEqual({ traits: ['x'], device: { token: 5 } });
  });
});

describe('what analytics libraries add is tolerated and not sent', () => {
  it('ignores fields mapping does not read', () => {
    const plain = track('Signed Up', { properties: { plan: 'pro' } });
    const busy = {
      ...plain,
      channel: 'server',
      version: 2,
      writeKey: 'wk',
      _metadata: { bundled: ['Segment.io'] },
      context: {
        ip: '203.0.113.9',
        library: { name: 'analytics-node', version: '2.1.0' },
        userAgent: 'Mozilla/5.0',
        device: { id: 'd-1', adTrackingEnabled: true, manufacturer: 'Apple' },
        app: { name: 'Shop', build: 241, namespace: 'com.example' },
        os: { name: 'iOS' },
        campaign: { name: 'spring' },
      },
      integrations: { Amplitude: false, 'Customer.io': { region: 'eu' } },
      sentAt: '2024-03-01T12:00:01Z',
      receivedAt: '2024-03-01T12:00:02Z',
      originalTimestamp: '2024-03-01T12:00:00Z',
    };
    expect(mapMessage(busy)).toStrictEqual(mapMessage(plain));
  });

  it('parses every message type with the exported schema', () => {
    for (const message of [identify(), track('x'), page(), screen(), group(), alias()]) {
      expect(segmentMessageSchema.safeParse(message).success).toBe(true);
    }
  });

  it('turns numeric ids into strings and keeps traits by reference for sanitizing', () => {
    const traits = { plan: 'pro' };
    const parsed = segmentMessageSchema.parse(identify({ userId: 42, anonymousId: 7, messageId: 9, traits }));
    expect(parsed).toMatchObject({ userId: '42', anonymousId: '7', messageId: '9' });
    expect(parsed.type === 'identify' && parsed.traits).toBe(traits);
  });
});

describe('integrations', () => {
  it.each([
    [{ 'Customer.io': false }, 'integrations["Customer.io"] is false'],
    [{ All: false }, 'integrations.All is false and Customer.io is not named'],
    [{ All: true, 'Customer.io (Actions)': false }, 'integrations["Customer.io (Actions)"] is false'],
    [{ 'Actions Customerio': false }, 'integrations["Actions Customerio"] is false'],
    [{ 'Customer.io': true, 'Customer.io Actions': false }, 'integrations["Customer.io Actions"] is false'],
  ])('%j: nothing is sent, and skipped says why', (integrations, skipped) => {
    expect(mapMessage(track('Signed Up', { integrations }))).toStrictEqual({
      operations: [],
      warnings: [],
      skipped,
    });
  });

  it.each([
    [{}],
    [{ All: true }],
    [{ All: false, 'Customer.io': true }],
    [{ All: false, 'Customer.io': { region: 'eu' } }],
    [{ All: false, 'Customer.io (Actions)': true }],
    [{ 'Customer.io': 'false' }],
    [{ 'customer.io': false }],
    [null],
  ])('%j: the message is sent', (integrations) => {
    const result = mapMessage(track('Signed Up', { integrations }));
    expect(result.operations).toHaveLength(1);
    expect(result).not.toHaveProperty('skipped');
  });

  it('skips a message meant for no one else without reading the rest of it', () => {
    const message = identify({ userId: undefined, integrations: { 'Customer.io': false } });
    expect(mapMessage(message)).toStrictEqual({
      operations: [],
      warnings: [],
      skipped: 'integrations["Customer.io"] is false',
    });
  });
});
