import { describe, expect, it } from 'vitest';
import { mapMessage } from '../src/mapping/index.js';
import { entity, problem, problemsOf, seconds, sent, track } from './support/segment-messages.js';

describe('person lifecycle events', () => {
  it.each([
    ['User Deleted', 'delete'],
    ['User Suppressed', 'suppress'],
    ['User Unsuppressed', 'unsuppress'],
  ])('"%s" becomes person %s, and no event', (name, action) => {
    expect(mapMessage(track(name, { userId: 'cio_123', properties: { reason: 'gdpr' } }))).toStrictEqual(
      sent(entity({ type: 'person', identifiers: { cio_id: '123' }, action })),
    );
  });

  it('names the person by context.traits.email without a userId', () => {
    const message = track('User Deleted', {
      userId: null,
      context: { traits: { email: 'ada@example.com' } },
    });
    expect(mapMessage(message)).toStrictEqual(
      sent(entity({ type: 'person', identifiers: { email: 'ada@example.com' }, action: 'delete' })),
    );
  });

  it('is refused for an anonymous user: only a known person can be deleted or suppressed', () => {
    const message = track('User Suppressed', { userId: undefined, anonymousId: 'anon-1' });
    expect(problemsOf(() => mapMessage(message))).toStrictEqual([
      {
        path: 'userId',
        rule: 'required',
        message: 'is required: "User Suppressed" needs a userId or context.traits.email',
      },
    ]);
  });
});

describe('object events', () => {
  const objectIds = (object_id: string, object_type_id = '1') => ({ object_type_id, object_id });

  it.each([
    ['properties.objectId', { properties: { objectId: 'acme' } }, objectIds('acme')],
    ['properties.object_id', { properties: { object_id: 'acme' } }, objectIds('acme')],
    ['context.groupId', { context: { groupId: 'acme' } }, objectIds('acme')],
    ['a numeric objectId', { properties: { objectId: 99 } }, objectIds('99')],
    ['object_type_id', { properties: { objectId: 'acme', object_type_id: '2' } }, objectIds('acme', '2')],
    ['objectTypeId', { properties: { objectId: 'acme', objectTypeId: 3 } }, objectIds('acme', '3')],
  ])('"Object Deleted" deletes the object named by %s', (_, fields, identifiers) => {
    expect(mapMessage(track('Object Deleted', fields))).toStrictEqual(
      sent(entity({ type: 'object', identifiers, action: 'delete' })),
    );
  });

  it('"Object Deleted" needs no person', () => {
    const message = track('Object Deleted', { userId: undefined, properties: { objectId: 'acme' } });
    expect(mapMessage(message)).toStrictEqual(
      sent(entity({ type: 'object', identifiers: objectIds('acme'), action: 'delete' })),
    );
  });

  it('"Relationship Deleted" removes the relationship between the object and the person', () => {
    const message = track('Relationship Deleted', {
      userId: 'ada@example.com',
      properties: { objectId: 'acme' },
    });
    expect(mapMessage(message)).toStrictEqual(
      sent(
        entity({
          type: 'object',
          identifiers: objectIds('acme'),
          action: 'delete_relationships',
          cio_relationships: [{ identifiers: { email: 'ada@example.com' } }],
        }),
      ),
    );
  });

  it('"Relationship Deleted" carries the anonymousId as the anonymous_id attribute', () => {
    const message = track('Relationship Deleted', {
      anonymousId: 'anon-1',
      properties: { objectId: 'acme', objectTypeId: '2' },
    });
    expect(mapMessage(message)).toStrictEqual(
      sent(
        entity({
          type: 'object',
          identifiers: objectIds('acme', '2'),
          action: 'delete_relationships',
          attributes: { anonymous_id: 'anon-1' },
          cio_relationships: [{ identifiers: { id: 'user-1' } }],
        }),
      ),
    );
  });

  it.each([
    ['no object id', 'Object Deleted', {}, [problem('properties.objectId', 'required')]],
    [
      'an object id over 150 bytes',
      'Object Deleted',
      { properties: { objectId: 'o'.repeat(151) } },
      [problem('properties.objectId', 'max_bytes', 150)],
    ],
    [
      'an object type that is not a number',
      'Object Deleted',
      { properties: { objectId: 'acme', object_type_id: 'companies' } },
      [problem('properties.object_type_id', 'pattern')],
    ],
    [
      'an object type of 0',
      'Object Deleted',
      { properties: { objectId: 'acme', objectTypeId: 0 } },
      [problem('properties.objectTypeId', 'pattern')],
    ],
    [
      'an anonymous person and no object',
      'Relationship Deleted',
      { userId: undefined, anonymousId: 'anon-1' },
      [problem('properties.objectId', 'required'), problem('userId', 'required')],
    ],
  ])('is refused with %s', (_, name, fields, problems) => {
    expect(problemsOf(() => mapMessage(track(name, fields)))).toStrictEqual(problems);
  });
});

describe('"Report Delivery Event" -> POST /api/v1/metrics', () => {
  const metric = (body: Record<string, unknown>) => ({ endpoint: 'metrics', body });

  it.each([
    ['bounced'],
    ['clicked'],
    ['converted'],
    ['deferred'],
    ['delivered'],
    ['dropped'],
    ['opened'],
    ['spammed'],
  ])('reports %s', (name) => {
    const message = track('Report Delivery Event', {
      properties: { deliveryId: 'RPILAgUBcRhIBqSfeiIwdIYJKxTY', metric: name },
    });
    expect(mapMessage(message)).toStrictEqual(
      sent(metric({ delivery_id: 'RPILAgUBcRhIBqSfeiIwdIYJKxTY', metric: name, timestamp: seconds })),
    );
  });

  it('adds recipient, reason and href when given, and needs no person', () => {
    const properties = {
      deliveryId: 'dlv-1',
      metric: 'bounced',
      recipient: 'ada@example.com',
      reason: 'mailbox full',
      href: 'https://example.com/offer',
      actionName: 'ignored',
    };
    const message = track('Report Delivery Event', { userId: undefined, timestamp: undefined, properties });
    expect(mapMessage(message)).toStrictEqual(
      sent(
        metric({
          delivery_id: 'dlv-1',
          metric: 'bounced',
          recipient: 'ada@example.com',
          reason: 'mailbox full',
          href: 'https://example.com/offer',
        }),
      ),
    );
  });

  it('takes properties.delivery_id too', () => {
    const message = track('Report Delivery Event', {
      properties: { delivery_id: 'dlv-2', metric: 'opened' },
    });
    expect(mapMessage(message)).toStrictEqual(
      sent(metric({ delivery_id: 'dlv-2', metric: 'opened', timestamp: seconds })),
    );
  });

  it('is refused without a delivery id or a metric', () => {
    expect(problemsOf(() => mapMessage(track('Report Delivery Event', { properties: {} })))).toStrictEqual([
      problem('properties.deliveryId', 'required'),
      problem('properties.metric', 'required'),
    ]);
  });

  it('quotes a metric that has no JSON form by what it is', () => {
    const message = track('Report Delivery Event', { properties: { deliveryId: 'dlv-1', metric: 5n } });
    expect(problemsOf(() => mapMessage(message))[0]?.message).toMatch(/, not a bigint$/);
  });

  it('is refused with a metric the endpoint does not take', () => {
    const message = track('Report Delivery Event', { properties: { deliveryId: 'dlv-1', metric: 'Opened' } });
    expect(problemsOf(() => mapMessage(message))).toStrictEqual([
      {
        path: 'properties.metric',
        rule: 'one_of',
        message:
          'must be one of "bounced", "clicked", "converted", "deferred", "delivered", "dropped", "opened", "spammed", not "Opened"',
      },
    ]);
  });
});

describe('"Report Content Event" -> person viewed_content or clicked_content', () => {
  it.each([['viewed_content'], ['clicked_content']])(
    '%s: action and name from properties.actionType, about the anonymous id, the rest as attributes',
    (actionType) => {
      const message = track('Report Content Event', {
        anonymousId: 'anon-1',
        properties: { actionType, contentId: 7, templateId: 12, shownAt: '2024-03-01T00:00:00Z' },
      });
      expect(mapMessage(message)).toStrictEqual(
        sent(
          entity({
            type: 'person',
            identifiers: { anonymous_id: 'anon-1' },
            action: actionType,
            name: actionType,
            timestamp: seconds,
            attributes: { contentId: 7, templateId: 12, shownAt: 1_709_251_200 },
          }),
        ),
      );
    },
  );

  it('is about the anonymous id even when a userId names the person, and sends no event', () => {
    const message = track('Report Content Event', {
      anonymousId: 'anon-1',
      properties: { actionType: 'clicked_content', actionName: 'cta' },
    });
    expect(mapMessage(message).operations).toStrictEqual([
      entity({
        type: 'person',
        identifiers: { anonymous_id: 'anon-1' },
        action: 'clicked_content',
        name: 'clicked_content',
        timestamp: seconds,
        attributes: { actionName: 'cta' },
      }),
    ]);
  });

  it.each([
    [
      'no actionType',
      { anonymousId: 'anon-1', properties: { contentId: 7 } },
      [problem('properties.actionType', 'required')],
    ],
    [
      'another actionType',
      { anonymousId: 'anon-1', properties: { actionType: 'dismissed_content' } },
      [
        {
          path: 'properties.actionType',
          rule: 'one_of',
          message: 'must be "viewed_content" or "clicked_content", not "dismissed_content"',
        },
      ],
    ],
    [
      'no anonymousId',
      { properties: { actionType: 'viewed_content' } },
      [problem('anonymousId', 'required')],
    ],
    [
      'neither',
      { properties: {} },
      [problem('properties.actionType', 'required'), problem('anonymousId', 'required')],
    ],
  ])('is refused with %s', (_, fields, problems) => {
    expect(problemsOf(() => mapMessage(track('Report Content Event', fields)))).toStrictEqual(problems);
  });
});
