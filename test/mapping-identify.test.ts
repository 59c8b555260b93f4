import { describe, expect, it } from 'vitest';
import { mapMessage } from '../src/mapping/index.js';
import { entity, identify, problem, problemsOf, seconds, sent, warning } from './support/segment-messages.js';

const person = (identifiers: Record<string, string>, attributes: Record<string, unknown>, extra = {}) =>
  entity({ type: 'person', identifiers, action: 'identify', attributes, timestamp: seconds, ...extra });

describe('identify -> person identify', () => {
  it('sends the traits as attributes, nested objects, arrays, nulls and unicode as they are', () => {
    const traits = {
      email: 'ada@example.com',
      name: 'Ada Lovelace 🧮',
      'first name': 'Ädä',
      plan: { tier: 'pro', seats: 3, addons: ['sso', 'audit'] },
      tags: [],
      nickname: null,
      empty: '',
      score: 0,
      verified: false,
    };
    expect(mapMessage(identify({ traits }))).toStrictEqual(sent(person({ id: 'user-1' }, traits)));
  });

  it.each([
    ['an id', 'user-42', { id: 'user-42' }],
    ['an email', 'ada@example.com', { email: 'ada@example.com' }],
    ['an email in capitals', 'Ada.Lovelace+cio@Example.CO.uk', { email: 'Ada.Lovelace+cio@Example.CO.uk' }],
    ['a cio_ id', 'cio_03000001', { cio_id: '03000001' }],
    ['a number', 42, { id: '42' }],
    ['unicode', 'ユーザー', { id: 'ユーザー' }],
    ['almost an email', 'ada@localhost', { id: 'ada@localhost' }],
    ['an id that mentions cio_', 'user_cio_1', { id: 'user_cio_1' }],
    ['exactly 150 bytes', 'ü'.repeat(75), { id: 'ü'.repeat(75) }],
  ])('names the person by a userId that is %s', (_, userId, identifiers) => {
    expect(mapMessage(identify({ userId }))).toStrictEqual(sent(person(identifiers, {})));
  });

  it('names the person by traits.email without a userId, and links the anonymous activity', () => {
    const message = identify({ userId: null, anonymousId: 'anon-1', traits: { email: 'ada@example.com' } });
    expect(mapMessage(message)).toStrictEqual(
      sent(person({ email: 'ada@example.com' }, { email: 'ada@example.com', anonymous_id: 'anon-1' })),
    );
  });

  it('takes traits.email when the userId is an empty string', () => {
    const message = identify({ userId: '', traits: { email: 'ada@example.com' } });
    expect(mapMessage(message)).toStrictEqual(
      sent(person({ email: 'ada@example.com' }, { email: 'ada@example.com' })),
    );
  });

  it("adds the message's anonymousId as attributes.anonymous_id, replacing a trait of that name", () => {
    const message = identify({ anonymousId: 'anon-1', traits: { anonymous_id: 'stale', plan: 'pro' } });
    expect(mapMessage(message)).toStrictEqual(
      sent(person({ id: 'user-1' }, { anonymous_id: 'anon-1', plan: 'pro' })),
    );
  });

  it('sends no root timestamp when the message has none', () => {
    const message = identify({ timestamp: undefined, traits: { plan: 'pro' } });
    expect(mapMessage(message)).toStrictEqual(
      sent(
        entity({
          type: 'person',
          identifiers: { id: 'user-1' },
          action: 'identify',
          attributes: { plan: 'pro' },
        }),
      ),
    );
  });

  it('sends empty attributes for an identify without traits', () => {
    expect(mapMessage(identify({ traits: null }))).toStrictEqual(sent(person({ id: 'user-1' }, {})));
  });
});

describe('created_at', () => {
  it.each([
    ['an ISO string', { created_at: '2020-01-01T00:00:00Z' }, 1_577_836_800],
    ['createdAt', { createdAt: '2020-01-01T00:00:00.123456789+01:00' }, 1_577_833_200],
    ['a date', { created_at: '2020-01-01' }, 1_577_836_800],
    ['a Date', { createdAt: new Date('2020-01-01T00:00:00Z') }, 1_577_836_800],
    ['unix seconds', { created_at: 1_577_836_800 }, 1_577_836_800],
    ['a string of digits', { created_at: '1577836800' }, 1_577_836_800],
    ['created_at before createdAt', { created_at: '2020-01-01', createdAt: '2021-01-01' }, 1_577_836_800],
    ['createdAt when created_at is null', { created_at: null, createdAt: '2021-01-01' }, 1_609_459_200],
  ])('is unix seconds from %s', (_, traits, createdAt) => {
    expect(mapMessage(identify({ traits }))).toStrictEqual(
      sent(person({ id: 'user-1' }, { created_at: createdAt })),
    );
  });

  it('is converted even when convertTimestamps is off, unlike the other traits', () => {
    const traits = { created_at: '2020-01-01T00:00:00Z', renewed: '2021-01-01T00:00:00Z' };
    expect(mapMessage(identify({ traits }), { convertTimestamps: false })).toStrictEqual(
      sent(person({ id: 'user-1' }, { renewed: '2021-01-01T00:00:00Z', created_at: 1_577_836_800 })),
    );
  });

  it.each([
    ['a date Customer.io cannot read', '25 Mar 2015'],
    ['before 1970', '1969-12-31T23:59:59Z'],
    ['not a time', { year: 2020 }],
    ['true', true],
  ])('is left out with a warning when it is %s', (_, created_at) => {
    expect(mapMessage(identify({ traits: { created_at, plan: 'pro' } }))).toStrictEqual({
      operations: [person({ id: 'user-1' }, { plan: 'pro' })],
      warnings: [warning('timestamp_dropped', 'traits.created_at')],
    });
  });
});

describe('unsubscribed', () => {
  it.each([
    [true, true],
    ['true', true],
    ['TRUE', true],
    [' True ', true],
    [1, true],
    ['1', true],
    [false, false],
    ['false', false],
    ['False', false],
    [0, false],
    ['0', false],
  ])('%j is sent as %s', (unsubscribed, expected) => {
    expect(mapMessage(identify({ traits: { unsubscribed } }))).toStrictEqual(
      sent(person({ id: 'user-1' }, { unsubscribed: expected })),
    );
  });

  it.each([['yes'], [2], [null], ['']])(
    '%j is left out with a warning rather than guessed',
    (unsubscribed) => {
      expect(mapMessage(identify({ traits: { unsubscribed, plan: 'pro' } }))).toStrictEqual({
        operations: [person({ id: 'user-1' }, { plan: 'pro' })],
        warnings: [warning('value_dropped', 'traits.unsubscribed')],
      });
    },
  );
});

describe('traits Customer.io gives a type', () => {
  it.each([
    ['email', 42],
    ['email', { url: ' ' }],
    ['anonymous_id', ''],
    ['anonymous_id', 7],
    ['_update', 'maybe'],
    ['cio_subscription_preferences', { topics: { newsletter: true } }],
    ['cio_subscription_preferences', { topics: { topic_1: 'yes' } }],
    ['cio_subscription_preferences', { other: {} }],
    ['cio_subscription_preferences', 'all'],
    ['', 'a trait without a name'],
  ])('leaves out %s %j with a warning', (key, value) => {
    const message = identify({ traits: { [key]: value, plan: 'pro' } });
    expect(mapMessage(message)).toStrictEqual({
      operations: [person({ id: 'user-1' }, { plan: 'pro' })],
      warnings: [warning('value_dropped', key === '' ? 'traits[""]' : `traits.${key}`)],
    });
  });

  it('keeps them in their type, reading _update like unsubscribed, and never converts them', () => {
    const traits = {
      email: '2024-03-01',
      _update: 'TRUE',
      cio_subscription_preferences: { topics: { topic_1: true, topic_22: false } },
    };
    expect(mapMessage(identify({ traits }))).toStrictEqual(
      sent(
        person(
          { id: 'user-1' },
          {
            email: '2024-03-01',
            _update: true,
            cio_subscription_preferences: traits.cio_subscription_preferences,
          },
        ),
      ),
    );
  });
});

describe('traits that relate the person to an object', () => {
  it('relates the person to traits.objectId, with its type and relationship attributes', () => {
    const traits = {
      objectId: 'acme',
      objectTypeId: 2,
      relationshipAttributes: { role: 'admin', since: '2020-01-01' },
      plan: 'pro',
    };
    expect(mapMessage(identify({ traits }))).toStrictEqual(
      sent(
        person(
          { id: 'user-1' },
          { objectId: 'acme', plan: 'pro' },
          {
            cio_relationships: [
              {
                identifiers: { object_type_id: '2', object_id: 'acme' },
                relationship_attributes: { role: 'admin', since: 1_577_836_800 },
              },
            ],
          },
        ),
      ),
    );
  });

  it('defaults the object type to "1", and never sends object_type_id or relationshipAttributes as traits', () => {
    const withObject = identify({ traits: { objectId: 7 } });
    expect(mapMessage(withObject)).toStrictEqual(
      sent(
        person(
          { id: 'user-1' },
          { objectId: 7 },
          { cio_relationships: [{ identifiers: { object_type_id: '1', object_id: '7' } }] },
        ),
      ),
    );
    const withoutObject = identify({
      traits: { object_type_id: '3', relationshipAttributes: { a: 1 }, plan: 'pro' },
    });
    expect(mapMessage(withoutObject)).toStrictEqual(sent(person({ id: 'user-1' }, { plan: 'pro' })));
  });

  it('refuses an object type that is not a positive whole number', () => {
    const message = identify({ traits: { objectId: 'acme', object_type_id: 'company' } });
    expect(problemsOf(() => mapMessage(message))).toStrictEqual([
      problem('traits.object_type_id', 'pattern'),
    ]);
  });
});

describe('timestamp conversion of traits', () => {
  it('converts strict ISO-8601 strings and Dates through nested objects, not arrays', () => {
    const traits = {
      renewed: '2021-01-01T00:00:00Z',
      trial: { ends: new Date('2021-01-01T00:00:00Z'), note: '25 Mar 2015' },
      history: ['2021-01-01T00:00:00Z'],
    };
    expect(mapMessage(identify({ traits }))).toStrictEqual(
      sent(
        person(
          { id: 'user-1' },
          {
            renewed: 1_609_459_200,
            trial: { ends: 1_609_459_200, note: '25 Mar 2015' },
            history: ['2021-01-01T00:00:00Z'],
          },
        ),
      ),
    );
  });

  it('leaves them as ISO strings when convertTimestamps is off', () => {
    const traits = { renewed: '2021-01-01T00:00:00Z', ends: new Date('2021-01-01T00:00:00Z') };
    expect(mapMessage(identify({ traits }), { convertTimestamps: false })).toStrictEqual(
      sent(person({ id: 'user-1' }, { renewed: '2021-01-01T00:00:00Z', ends: '2021-01-01T00:00:00.000Z' })),
    );
  });
});

describe('identify that cannot be sent', () => {
  it.each([
    ['only an anonymousId', { userId: undefined, anonymousId: 'anon-1' }],
    ['a null userId and no email', { userId: null }],
    ['an empty userId and an empty email', { userId: '', traits: { email: '' } }],
    ['an email trait that is not a string', { userId: undefined, traits: { email: 42 } }],
  ])('is refused with %s: Customer.io cannot create a person from it', (_, fields) => {
    expect(problemsOf(() => mapMessage(identify(fields)))).toStrictEqual([
      {
        path: 'userId',
        rule: 'required',
        message: 'is required: an identify needs a userId or traits.email to name the person',
      },
    ]);
  });

  it('is refused when the userId is over 150 bytes: shortening it would name someone else', () => {
    expect(problemsOf(() => mapMessage(identify({ userId: `${'ü'.repeat(75)}x` })))).toStrictEqual([
      {
        path: 'userId',
        rule: 'max_bytes',
        limit: 150,
        message:
          'The person id is 151 bytes; Customer.io accepts at most 150, and shortening it would name someone else',
      },
    ]);
  });

  it('is refused when the userId is "cio_" with nothing after it', () => {
    expect(problemsOf(() => mapMessage(identify({ userId: 'cio_' })))).toStrictEqual([
      problem('userId', 'not_empty'),
    ]);
  });
});
