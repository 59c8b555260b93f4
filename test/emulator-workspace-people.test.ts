import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWorkspace } from '../src/testing/workspace.js';
import { workspaceContents } from './support/emulator-harness.js';
import {
  addDevice,
  formSubmission,
  identify,
  merge,
  objectOperation,
  personAction,
  personRelationship,
  segmentChange,
  t0,
  track,
} from './support/workspace-commands.js';

const blankPerson = { suppressed: false, events: [], devices: [] };

describe('identify', () => {
  it('creates a person for an unknown id, then merges attributes into theirs', () => {
    const workspace = createWorkspace();
    workspace.apply(identify({ id: 'u1' }, { name: 'Ada', plan: 'pro' }), t0);
    workspace.apply(identify({ id: 'u1' }, { plan: 'team', seats: 3, address: { city: 'Paris' } }), t0 + 1);

    expect(workspace.people()).toStrictEqual([
      {
        ...blankPerson,
        cioId: '0300000001',
        id: 'u1',
        attributes: { name: 'Ada', plan: 'team', seats: 3, address: { city: 'Paris' } },
      },
    ]);
  });

  it('removes an attribute set to null or to an empty string', () => {
    const workspace = createWorkspace();
    workspace.apply(identify({ id: 'u1' }, { name: 'Ada', plan: 'pro', seats: 3 }), t0);
    workspace.apply(identify({ id: 'u1' }, { name: null, plan: '' }), t0 + 1);

    expect(workspace.person({ id: 'u1' })?.attributes).toStrictEqual({ seats: 3 });
  });

  it('finds people by email whatever its letter case, and keeps the spelling first given', () => {
    const workspace = createWorkspace();
    workspace.apply(identify({ email: 'Ada@Example.com' }, { name: 'Ada' }), t0);
    workspace.apply(identify({ email: 'ada@EXAMPLE.com' }, { plan: 'pro' }), t0 + 1);

    expect(workspace.people()).toStrictEqual([
      {
        ...blankPerson,
        cioId: '0300000001',
        email: 'Ada@Example.com',
        attributes: { email: 'Ada@Example.com', name: 'Ada', plan: 'pro' },
      },
    ]);
    expect(workspace.person({ email: 'ADA@EXAMPLE.COM' })?.cioId).toBe('0300000001');
  });

  it('takes the email of a person identified by id from the email attribute', () => {
    const workspace = createWorkspace();
    workspace.apply(identify({ id: 'u1' }, { email: 'ada@example.com' }), t0);

    expect(workspace.person({ email: 'ADA@example.com' })).toStrictEqual({
      ...blankPerson,
      cioId: '0300000001',
      id: 'u1',
      email: 'ada@example.com',
      attributes: { email: 'ada@example.com' },
    });
  });

  it('finds people by the cio_id the workspace assigned, and never creates one for an unknown cio_id', () => {
    const workspace = createWorkspace();
    workspace.apply(identify({ id: 'u1' }), t0);
    workspace.apply(identify({ id: 'u2' }), t0);
    workspace.apply(identify({ cio_id: '0300000002' }, { plan: 'pro' }), t0 + 1);
    workspace.apply(identify({ cio_id: '0399999999' }, { plan: 'pro' }), t0 + 1);

    expect(workspace.people().map(({ cioId, id, attributes }) => ({ cioId, id, attributes }))).toStrictEqual([
      { cioId: '0300000001', id: 'u1', attributes: {} },
      { cioId: '0300000002', id: 'u2', attributes: { plan: 'pro' } },
    ]);
    expect(workspace.person({ cio_id: '0399999999' })).toBeUndefined();
  });

  it('sets the id of a person named by email or cio_id from the id attribute', () => {
    const workspace = createWorkspace();
    workspace.apply(identify({ email: 'ada@example.com' }), t0);
    workspace.apply(identify({ email: 'ada@example.com' }, { id: 'u1' }), t0 + 1);
    workspace.apply(identify({ email: 'bob@example.com' }), t0);
    workspace.apply(identify({ cio_id: '0300000002' }, { id: 'u2' }), t0 + 1);

    expect(workspace.person({ id: 'u1' })?.email).toBe('ada@example.com');
    expect(workspace.person({ id: 'u2' })?.email).toBe('bob@example.com');
    expect(workspace.person({ id: 'u1' })?.attributes).toStrictEqual({ email: 'ada@example.com' });
  });

  it('gives the path identifier to the person an identifier in the body already names', () => {
    const workspace = createWorkspace();
    workspace.apply(identify({ email: 'ada@example.com' }, { name: 'Ada' }), t0);
    workspace.apply(identify({ id: 'u1' }, { email: 'ada@example.com', plan: 'pro' }), t0 + 1);

    expect(workspace.people()).toStrictEqual([
      {
        ...blankPerson,
        cioId: '0300000001',
        id: 'u1',
        email: 'ada@example.com',
        attributes: { email: 'ada@example.com', name: 'Ada', plan: 'pro' },
      },
    ]);
  });

  it('changes an identifier already set only when the person is named by cio_id', () => {
    const workspace = createWorkspace();
    workspace.apply(identify({ id: 'u1' }, { email: 'old@example.com' }), t0);
    workspace.apply(identify({ id: 'u1' }, { email: 'new@example.com', plan: 'pro' }), t0 + 1);
    workspace.apply(identify({ email: 'old@example.com' }, { id: 'u9' }), t0 + 2);

    expect(workspace.person({ id: 'u1' })).toMatchObject({
      email: 'old@example.com',
      attributes: { email: 'old@example.com', plan: 'pro' },
    });
    expect(workspace.person({ id: 'u9' })).toBeUndefined();

    workspace.apply(identify({ cio_id: '0300000001' }, { id: 'u9', email: 'new@example.com' }), t0 + 3);
    expect(workspace.person({ id: 'u9' })).toMatchObject({ cioId: '0300000001', email: 'new@example.com' });
    expect(workspace.person({ id: 'u1' })).toBeUndefined();
    expect(workspace.person({ email: 'old@example.com' })).toBeUndefined();
  });

  it('does not take an identifier held by someone else, and applies the rest of the update', () => {
    const workspace = createWorkspace();
    workspace.apply(identify({ id: 'a' }, { email: 'a@example.com' }), t0);
    workspace.apply(identify({ id: 'b' }), t0);
    workspace.apply(identify({ id: 'b' }, { email: 'A@example.com', plan: 'pro' }), t0 + 1);

    expect(workspace.person({ id: 'b' })).toStrictEqual({
      ...blankPerson,
      cioId: '0300000002',
      id: 'b',
      attributes: { plan: 'pro' },
    });
    expect(workspace.person({ email: 'a@example.com' })?.id).toBe('a');
  });

  it('ignores an update whose path identifier is new but whose body names someone with another one', () => {
    const workspace = createWorkspace();
    workspace.apply(identify({ id: 'a' }, { email: 'a@example.com' }), t0);
    workspace.apply(identify({ id: 'b' }, { email: 'a@example.com', plan: 'pro' }), t0 + 1);

    expect(workspace.people()).toStrictEqual([
      {
        ...blankPerson,
        cioId: '0300000001',
        id: 'a',
        email: 'a@example.com',
        attributes: { email: 'a@example.com' },
      },
    ]);
  });

  it('never creates a person with _update: true, and does not store _update', () => {
    const workspace = createWorkspace();
    workspace.apply(identify({ id: 'ghost' }, { _update: true, plan: 'pro' }), t0);
    expect(workspace.people()).toStrictEqual([]);

    workspace.apply(identify({ id: 'u1' }), t0);
    workspace.apply(identify({ id: 'u1' }, { _update: true, plan: 'pro' }), t0 + 1);
    expect(workspace.person({ id: 'u1' })?.attributes).toStrictEqual({ plan: 'pro' });
  });
});

describe('the order of attribute updates', () => {
  it('drops, attribute by attribute, an update older than the value held', () => {
    const workspace = createWorkspace();
    workspace.apply(identify({ id: 'u1' }, { plan: 'team' }, { timestamp: t0 + 100 }), t0 + 100);
    workspace.apply(identify({ id: 'u1' }, { plan: 'free', seats: 2 }, { timestamp: t0 + 50 }), t0 + 101);
    // Without a timestamp, the time the request was received orders it.
    workspace.apply(identify({ id: 'u1' }, { plan: null }), t0 + 20);
    workspace.apply(identify({ id: 'u1' }, { seats: 5 }, { timestamp: t0 + 50 }), t0 + 102);

    expect(workspace.person({ id: 'u1' })?.attributes).toStrictEqual({ plan: 'team', seats: 5 });
  });

  it('keeps a removal against an older value arriving later', () => {
    const workspace = createWorkspace();
    workspace.apply(identify({ id: 'u1' }, { plan: 'team' }), t0);
    workspace.apply(identify({ id: 'u1' }, { plan: null }), t0 + 10);
    workspace.apply(identify({ id: 'u1' }, { plan: 'free' }, { timestamp: t0 + 5 }), t0 + 11);

    expect(workspace.person({ id: 'u1' })?.attributes).toStrictEqual({});
  });

  it('reads a v1 _timestamp left in the attributes, and does not store it', () => {
    const workspace = createWorkspace();
    workspace.apply(identify({ id: 'u1' }, { plan: 'team' }), t0);
    workspace.apply(identify({ id: 'u1' }, { plan: 'free', _timestamp: t0 - 1 }), t0 + 1);

    expect(workspace.person({ id: 'u1' })?.attributes).toStrictEqual({ plan: 'team' });
  });

  it('lets the last of several identifies (timestamps increasing) decide each attribute', () => {
    const reserved = new Set([
      'id',
      'email',
      'anonymous_id',
      'cio_id',
      'cio_relationships',
      '_update',
      '_timestamp',
    ]);
    const name = fc
      .oneof(
        fc.constantFrom('plan', 'seats', '__proto__', 'constructor'),
        fc.string({ minLength: 1, maxLength: 4 }),
      )
      .filter((key) => !reserved.has(key));
    const value = fc.oneof(
      fc.constant(null),
      fc.constant(''),
      fc.string({ maxLength: 6 }),
      fc.integer(),
      fc.boolean(),
      fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2, noNullPrototype: true }),
    );
    const update = fc.record({
      id: fc.constantFrom('u1', 'u2', 'u3'),
      attributes: fc.dictionary(name, value, { maxKeys: 4, noNullPrototype: true }),
      explicitTimestamp: fc.boolean(),
    });

    fc.assert(
      fc.property(fc.array(update, { maxLength: 30 }), (updates) => {
        const workspace = createWorkspace();
        const expected = new Map<string, Map<string, unknown>>();
        updates.forEach(({ id, attributes, explicitTimestamp }, index) => {
          const time = t0 + index;
          const more = explicitTimestamp ? { timestamp: time } : {};
          workspace.apply(identify({ id }, attributes, more), explicitTimestamp ? t0 : time);
          const held = expected.get(id) ?? new Map<string, unknown>();
          for (const [key, each] of Object.entries(attributes)) {
            if (each === null || each === '') held.delete(key);
            else held.set(key, each);
          }
          expected.set(id, held);
        });

        expect(workspace.people().map((person) => person.id)).toStrictEqual([...expected.keys()]);
        for (const [id, held] of expected) {
          // Compared as Maps: an attribute named `constructor` would confuse an object comparison.
          const attributes = new Map(Object.entries(workspace.person({ id })?.attributes ?? {}));
          expect(attributes).toStrictEqual(held);
        }
      }),
    );
  });

  it('reaches the same attributes whatever order timestamped identifies arrive in', () => {
    const update = fc.record({
      id: fc.constantFrom('u1', 'u2'),
      attributes: fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.oneof(fc.constant(null), fc.integer()), {
        maxKeys: 3,
        noNullPrototype: true,
      }),
    });
    const scenario = fc
      .array(update, { maxLength: 20 })
      .map((updates) => updates.map((each, index) => ({ ...each, timestamp: t0 + index })))
      .chain((updates) =>
        fc.tuple(fc.constant(updates), fc.shuffledSubarray(updates, { minLength: updates.length })),
      );

    fc.assert(
      fc.property(scenario, ([inOrder, shuffled]) => {
        const attributesAfter = (updates: typeof inOrder) => {
          const workspace = createWorkspace();
          for (const { id, attributes, timestamp } of updates) {
            workspace.apply(identify({ id }, attributes, { timestamp }), t0 + 1000);
          }
          return Object.fromEntries(workspace.people().map((person) => [person.id, person.attributes]));
        };
        expect(attributesAfter(shuffled)).toStrictEqual(attributesAfter(inOrder));
      }),
    );
  });
});

describe('suppression and deletion', () => {
  it('suppress deletes the person, then refuses their id and email until unsuppressed', () => {
    const workspace = createWorkspace();
    workspace.apply(identify({ id: 'u1' }, { email: 'ada@example.com' }), t0);
    workspace.apply(personAction('suppress', { id: 'u1' }), t0 + 1);

    expect(workspace.people()).toStrictEqual([]);
    expect(workspace.deletedPeople()).toStrictEqual([{ id: 'u1' }]);
    expect(workspace.suppressedPeople()).toStrictEqual([{ id: 'u1' }, { email: 'ada@example.com' }]);

    workspace.apply(identify({ id: 'u1' }, { plan: 'pro' }), t0 + 2);
    workspace.apply(identify({ email: 'ADA@example.com' }), t0 + 2);
    workspace.apply(identify({ id: 'u2' }, { email: 'ada@example.com' }), t0 + 2);
    workspace.apply(track({ id: 'u1' }, 'Signed In'), t0 + 2);
    workspace.apply(addDevice({ email: 'ada@example.com' }, { token: 'tok', platform: 'ios' }), t0 + 2);
    expect(workspace.people()).toStrictEqual([]);

    // Unsuppressing either identifier lifts both, and brings no history back.
    workspace.apply(personAction('unsuppress', { email: 'Ada@Example.com' }), t0 + 3);
    expect(workspace.suppressedPeople()).toStrictEqual([]);
    workspace.apply(identify({ id: 'u1' }), t0 + 4);
    expect(workspace.people()).toStrictEqual([
      { ...blankPerson, cioId: '0300000002', id: 'u1', attributes: {} },
    ]);
  });

  it('suppresses an identifier that names no one, and a cio_id that names no one not at all', () => {
    const workspace = createWorkspace();
    workspace.apply(personAction('suppress', { email: 'spam@example.com' }), t0);
    workspace.apply(personAction('suppress', { cio_id: '0399999999' }), t0);
    workspace.apply(identify({ email: 'spam@example.com' }), t0 + 1);

    expect(workspace.people()).toStrictEqual([]);
    expect(workspace.deletedPeople()).toStrictEqual([]);
    expect(workspace.suppressedPeople()).toStrictEqual([{ email: 'spam@example.com' }]);
  });

  it('unsuppresses a person by the cio_id they had', () => {
    const workspace = createWorkspace();
    workspace.apply(identify({ id: 'u1' }), t0);
    workspace.apply(personAction('suppress', { cio_id: '0300000001' }), t0 + 1);
    expect(workspace.suppressedPeople()).toStrictEqual([{ id: 'u1' }]);

    workspace.apply(personAction('unsuppress', { cio_id: '0300000001' }), t0 + 2);
    expect(workspace.suppressedPeople()).toStrictEqual([]);
  });

  it('delete removes the person; their identifiers may then create someone new', () => {
    const workspace = createWorkspace();
    workspace.apply(identify({ id: 'u1' }, { email: 'ada@example.com' }), t0);
    workspace.apply(personAction('delete', { email: 'ADA@example.com' }), t0 + 1);
    workspace.apply(personAction('delete', { id: 'nobody' }), t0 + 1);

    expect(workspace.person({ id: 'u1' })).toBeUndefined();
    expect(workspace.people()).toStrictEqual([]);
    expect(workspace.deletedPeople()).toStrictEqual([{ email: 'ADA@example.com' }]);
    expect(workspace.suppressedPeople()).toStrictEqual([]);

    workspace.apply(identify({ id: 'u1' }), t0 + 2);
    expect(workspace.person({ id: 'u1' })?.cioId).toBe('0300000002');
  });
});

describe('merge', () => {
  function twoPeople() {
    const workspace = createWorkspace();
    workspace.apply(identify({ id: 'u1' }, { name: 'Ada', plan: 'pro' }), t0);
    workspace.apply(track({ id: 'u1' }, 'Signed In', { id: 'E1' }), t0 + 1);
    workspace.apply(addDevice({ id: 'u1' }, { token: 'phone', platform: 'ios', last_used: t0 }), t0 + 1);
    workspace.apply(identify({ email: 'lead@example.com' }, { plan: 'free', company: 'Acme' }), t0 + 2);
    workspace.apply(track({ email: 'lead@example.com' }, 'Viewed Pricing', { id: 'E2' }), t0 + 3);
    workspace.apply(
      addDevice({ email: 'lead@example.com' }, { token: 'tablet', platform: 'android' }),
      t0 + 3,
    );
    return workspace;
  }

  it('keeps the primary, with what it lacked taken from the secondary, who disappears', () => {
    const workspace = twoPeople();
    workspace.apply(merge({ id: 'u1' }, { email: 'lead@example.com' }), t0 + 10);

    expect(workspace.people()).toStrictEqual([
      {
        ...blankPerson,
        cioId: '0300000001',
        id: 'u1',
        // The primary had no email: it takes the secondary's, which now names the primary.
        email: 'lead@example.com',
        attributes: { name: 'Ada', plan: 'pro', email: 'lead@example.com', company: 'Acme' },
        events: [
          { type: 'event', name: 'Signed In', data: {}, timestamp: t0 + 1, dedupeId: 'E1' },
          { type: 'event', name: 'Viewed Pricing', data: {}, timestamp: t0 + 3, dedupeId: 'E2' },
        ],
        devices: [
          { token: 'phone', platform: 'ios', lastUsed: t0, attributes: {} },
          { token: 'tablet', platform: 'android', lastUsed: t0 + 3, attributes: {} },
        ],
      },
    ]);
    expect(workspace.person({ cio_id: '0300000002' })).toBeUndefined();
    expect(workspace.person({ email: 'lead@example.com' })?.cioId).toBe('0300000001');
    expect(workspace.deletedPeople()).toStrictEqual([]);
  });

  it("leaves the secondary's identifiers naming no one when the primary has its own", () => {
    const workspace = createWorkspace();
    workspace.apply(identify({ id: 'u1' }, { email: 'ada@example.com' }), t0);
    workspace.apply(identify({ id: 'u2' }, { email: 'other@example.com' }), t0);
    workspace.apply(merge({ id: 'u1' }, { id: 'u2' }), t0 + 1);

    expect(workspace.person({ id: 'u2' })).toBeUndefined();
    expect(workspace.person({ email: 'other@example.com' })).toBeUndefined();
    expect(workspace.person({ id: 'u1' })?.email).toBe('ada@example.com');
  });

  it('does nothing unless both people exist', () => {
    const workspace = twoPeople();
    const before = workspace.people();
    workspace.apply(merge({ id: 'nobody' }, { id: 'u1' }), t0 + 10);
    workspace.apply(merge({ id: 'u1' }, { id: 'nobody' }), t0 + 10);
    workspace.apply(merge({ id: 'u1' }, { cio_id: '0300000001' }), t0 + 10);

    expect(workspace.people()).toStrictEqual(before);
  });

  it("moves relationships, keeping the primary's attributes where both were related", () => {
    const workspace = twoPeople();
    workspace.apply(
      objectOperation(['1', 'acme'], {
        action: 'identify',
        cio_relationships: [
          personRelationship({ id: 'u1' }, { role: 'admin' }),
          personRelationship({ email: 'lead@example.com' }, { role: 'viewer', seat: 'A' }),
        ],
      }),
      t0 + 4,
    );
    workspace.apply(
      objectOperation(['1', 'globex'], {
        action: 'add_relationships',
        cio_relationships: [personRelationship({ email: 'lead@example.com' })],
      }),
      t0 + 4,
    );
    workspace.apply(merge({ id: 'u1' }, { email: 'lead@example.com' }), t0 + 10);

    expect(workspace.relationships()).toStrictEqual([
      {
        object: { objectTypeId: '1', objectId: 'acme' },
        person: { cioId: '0300000001' },
        attributes: { role: 'admin', seat: 'A' },
      },
      { object: { objectTypeId: '1', objectId: 'globex' }, person: { cioId: '0300000001' }, attributes: {} },
    ]);
  });
});

describe('queries', () => {
  it('return copies: changing them, or the command applied, changes nothing held', () => {
    const workspace = createWorkspace();
    const attributes = { plan: 'pro', address: { city: 'Paris' } };
    workspace.apply(identify({ id: 'u1' }, attributes), t0);
    workspace.apply(track({ id: 'u1' }, 'Signed In', { attributes: { tags: ['a'] } }), t0);
    workspace.apply(
      addDevice({ id: 'u1' }, { token: 'phone', platform: 'ios', attributes: { app_version: '1' } }),
      t0,
    );
    attributes.address.city = 'Rome';

    const copy = workspace.person({ id: 'u1' });
    const [event] = copy?.events ?? [];
    const [device] = copy?.devices ?? [];
    if (!copy || !event || !device) throw new Error('expected the person with an event and a device');
    copy.attributes.plan = 'free';
    (event.data.tags as string[]).push('b');
    copy.events.length = 0;
    device.attributes.app_version = '2';
    workspace.people().pop();
    workspace.deletedPeople().push({ id: 'x' });
    workspace.suppressedPeople().push({ id: 'x' });

    expect(workspace.people()).toStrictEqual([
      {
        ...blankPerson,
        cioId: '0300000001',
        id: 'u1',
        attributes: { plan: 'pro', address: { city: 'Paris' } },
        events: [{ type: 'event', name: 'Signed In', data: { tags: ['a'] }, timestamp: t0 }],
        devices: [{ token: 'phone', platform: 'ios', lastUsed: t0, attributes: { app_version: '1' } }],
      },
    ]);
    expect(workspace.deletedPeople()).toStrictEqual([]);
    expect(workspace.suppressedPeople()).toStrictEqual([]);
  });

  it('keep an attribute named __proto__ as an ordinary attribute', () => {
    const workspace = createWorkspace();
    workspace.apply(identify({ id: 'u1' }, JSON.parse('{"__proto__": {"admin": true}}')), t0);

    const { attributes } = workspace.person({ id: 'u1' }) ?? { attributes: {} };
    expect(Object.keys(attributes)).toStrictEqual(['__proto__']);
    expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
  });
});

describe('reset', () => {
  it('forgets everything, and numbers cio_ids from the start again', () => {
    const workspace = createWorkspace();
    workspace.apply(identify({ id: 'u1' }), t0);
    workspace.apply(track({ anonymous_id: 'anon' }, 'Viewed', { id: 'E1' }), t0);
    workspace.apply(personAction('suppress', { id: 'u2' }), t0);
    workspace.apply(personAction('delete', { id: 'u1' }), t0);
    workspace.apply(objectOperation(['1', 'acme'], { action: 'identify', attributes: { name: 'Acme' } }), t0);
    workspace.apply({ kind: 'unsubscribe', deliveryId: 'd1' }, t0);
    workspace.apply({ kind: 'email_metric', metric: { delivery_id: 'd1', metric: 'opened' } }, t0);
    workspace.apply(formSubmission('f1', { email: 'ada@example.com' }), t0);
    workspace.apply(segmentChange(7, 'add', ['ada@example.com'], 'email'), t0);
    workspace.reset();

    expect(workspaceContents(workspace)).toStrictEqual({
      people: [],
      deleted: [],
      suppressed: [],
      anonymous: [],
      objects: [],
      relationships: [],
      metrics: [],
      unsubscribed: [],
      segments: [],
      forms: [],
    });

    workspace.apply(identify({ id: 'u2' }), t0);
    workspace.apply(track({ id: 'u2' }, 'Viewed', { id: 'E1' }), t0);
    expect(workspace.person({ id: 'u2' })).toMatchObject({
      cioId: '0300000001',
      events: [{ dedupeId: 'E1' }],
    });
  });
});
