import { describe, expect, it } from 'vitest';
import { mapMessage } from '../src/mapping/index.js';
import { alias, entity, group, problem, problemsOf, sent, warning } from './support/segment-messages.js';

const objectIds = (object_id = 'acme', object_type_id = '1') => ({ object_type_id, object_id });

describe('group -> object identify, related to the person', () => {
  it('sends objectAttributes as the object, and relationshipAttributes on the relationship', () => {
    const traits = {
      name: 'not sent: only objectAttributes describe the object',
      objectAttributes: {
        name: 'Acme Inc.',
        employees: 120,
        founded: '1999-05-01',
        address: { city: 'Zürich' },
      },
      relationshipAttributes: { role: 'admin', since: '2020-01-01T00:00:00Z' },
    };
    expect(mapMessage(group({ anonymousId: 'anon-1', traits }))).toStrictEqual(
      sent(
        entity({
          type: 'object',
          identifiers: objectIds(),
          action: 'identify',
          attributes: {
            name: 'Acme Inc.',
            employees: 120,
            founded: 925_516_800,
            address: { city: 'Zürich' },
            anonymous_id: 'anon-1',
          },
          cio_relationships: [
            {
              identifiers: { id: 'user-1' },
              relationship_attributes: { role: 'admin', since: 1_577_836_800 },
            },
          ],
        }),
      ),
    );
  });

  it.each([
    ['object_type_id', { object_type_id: '2' }, '2'],
    ['objectTypeId', { objectTypeId: '3' }, '3'],
    ['a numeric objectTypeId', { objectTypeId: 4 }, '4'],
    ['object_type_id before objectTypeId', { object_type_id: '5', objectTypeId: '6' }, '5'],
    ['nothing: type 1', {}, '1'],
  ])('takes the object type from %s', (_, traits, type) => {
    expect(mapMessage(group({ traits }))).toStrictEqual(
      sent(
        entity({
          type: 'object',
          identifiers: objectIds('acme', type),
          action: 'identify',
          attributes: {},
          cio_relationships: [{ identifiers: { id: 'user-1' } }],
        }),
      ),
    );
  });

  it.each([
    ['an email', 'ada@example.com', { email: 'ada@example.com' }],
    ['a cio_ id', 'cio_42', { cio_id: '42' }],
    ['a number', 42, { id: '42' }],
  ])('relates the object to a userId that is %s', (_, userId, identifiers) => {
    expect(mapMessage(group({ userId, groupId: 1001 }))).toStrictEqual(
      sent(
        entity({
          type: 'object',
          identifiers: objectIds('1001'),
          action: 'identify',
          attributes: {},
          cio_relationships: [{ identifiers }],
        }),
      ),
    );
  });

  it('is identify_anonymous, related to the anonymous id, when only an anonymousId names the person', () => {
    const message = group({
      userId: null,
      anonymousId: 'anon-1',
      traits: { relationshipAttributes: { role: 'viewer' } },
    });
    expect(mapMessage(message)).toStrictEqual(
      sent(
        entity({
          type: 'object',
          identifiers: objectIds(),
          action: 'identify_anonymous',
          attributes: { anonymous_id: 'anon-1' },
          cio_relationships: [
            { identifiers: { anonymous_id: 'anon-1' }, relationship_attributes: { role: 'viewer' } },
          ],
        }),
      ),
    );
  });

  it("gives the object the message's anonymousId as anonymous_id, over one of its own", () => {
    const traits = { objectAttributes: { plan: 'team', anonymous_id: 'from-traits' } };
    expect(mapMessage(group({ anonymousId: 'anon-1', traits }))).toStrictEqual(
      sent(
        entity({
          type: 'object',
          identifiers: objectIds(),
          action: 'identify',
          attributes: { plan: 'team', anonymous_id: 'anon-1' },
          cio_relationships: [{ identifiers: { id: 'user-1' } }],
        }),
      ),
    );
  });

  it('sends created_at as an attribute, and never the relationship keys', () => {
    const traits = {
      createdAt: '2020-01-01T00:00:00Z',
      objectAttributes: { plan: 'team', object_type_id: '9', objectTypeId: '9', relationshipAttributes: {} },
    };
    expect(mapMessage(group({ traits }))).toStrictEqual(
      sent(
        entity({
          type: 'object',
          identifiers: objectIds(),
          action: 'identify',
          attributes: { plan: 'team', created_at: 1_577_836_800 },
          cio_relationships: [{ identifiers: { id: 'user-1' } }],
        }),
      ),
    );
  });

  it('leaves out object and relationship attributes without a name', () => {
    const traits = {
      objectAttributes: { '': 1, name: 'Acme' },
      relationshipAttributes: { '': 2, role: 'admin' },
    };
    expect(mapMessage(group({ traits }))).toStrictEqual({
      operations: [
        entity({
          type: 'object',
          identifiers: objectIds(),
          action: 'identify',
          attributes: { name: 'Acme' },
          cio_relationships: [{ identifiers: { id: 'user-1' }, relationship_attributes: { role: 'admin' } }],
        }),
      ],
      warnings: [
        warning('value_dropped', 'traits.objectAttributes[""]'),
        warning('value_dropped', 'traits.relationshipAttributes[""]'),
      ],
    });
  });

  it('warns when objectAttributes is not an object', () => {
    expect(mapMessage(group({ traits: { objectAttributes: 'Acme' } }))).toStrictEqual({
      operations: [
        entity({
          type: 'object',
          identifiers: objectIds(),
          action: 'identify',
          attributes: {},
          cio_relationships: [{ identifiers: { id: 'user-1' } }],
        }),
      ],
      warnings: [warning('value_dropped', 'traits.objectAttributes')],
    });
  });

  it.each([
    ['no person', { userId: undefined }, [problem('userId', 'required')]],
    ['a groupId over 150 bytes', { groupId: 'g'.repeat(151) }, [problem('groupId', 'max_bytes', 150)]],
    [
      'an object type of "0"',
      { traits: { object_type_id: '0' } },
      [problem('traits.object_type_id', 'pattern')],
    ],
    [
      'every problem at once',
      { userId: 'u'.repeat(200), groupId: 'é'.repeat(76), traits: { objectTypeId: 'x' } },
      [
        problem('groupId', 'max_bytes', 150),
        problem('traits.objectTypeId', 'pattern'),
        problem('userId', 'max_bytes', 150),
      ],
    ],
  ])('is refused with %s', (_, fields, problems) => {
    expect(problemsOf(() => mapMessage(group(fields)))).toStrictEqual(problems);
  });
});

describe('alias -> person merge', () => {
  it.each([
    ['ids', 'user-1', 'old-id', { id: 'user-1' }, { id: 'old-id' }],
    [
      'emails',
      'ada@example.com',
      'ada@old.example',
      { email: 'ada@example.com' },
      { email: 'ada@old.example' },
    ],
    ['cio_ ids', 'cio_1', 'cio_2', { cio_id: '1' }, { cio_id: '2' }],
    ['numbers', 7, 8, { id: '7' }, { id: '8' }],
  ])('merges the previousId into the userId, both %s', (_, userId, previousId, primary, secondary) => {
    expect(mapMessage(alias({ userId, previousId }))).toStrictEqual(
      sent(entity({ type: 'person', action: 'merge', primary, secondary })),
    );
  });

  it('is refused when either side cannot be sent', () => {
    expect(
      problemsOf(() => mapMessage(alias({ userId: 'cio_', previousId: 'p'.repeat(151) }))),
    ).toStrictEqual([problem('userId', 'not_empty'), problem('previousId', 'max_bytes', 150)]);
  });
});
