import { describe, expect, it } from 'vitest';
import { createWorkspace } from '../src/testing/workspace.js';
import {
  anonymousRelationship,
  entity,
  identify,
  objectOperation,
  personAction,
  personRelationship,
  relatePerson,
  t0,
} from './support/workspace-commands.js';

const acme = { objectTypeId: '1', objectId: 'acme' };
const globex = { objectTypeId: '1', objectId: 'globex' };

function workspaceWithPeople() {
  const workspace = createWorkspace();
  workspace.apply(identify({ id: 'u1' }), t0);
  workspace.apply(identify({ email: 'bob@example.com' }), t0);
  return workspace;
}

describe('objects', () => {
  it('are created by identify, which then merges attributes; null and "" remove one', () => {
    const workspace = createWorkspace();
    workspace.apply(
      objectOperation(['1', 'acme'], {
        action: 'identify',
        attributes: { name: 'Acme', plan: 'pro', size: 10 },
      }),
      t0,
    );
    workspace.apply(
      objectOperation(['1', 'acme'], {
        action: 'identify',
        attributes: { plan: null, size: '', region: 'eu' },
      }),
      t0,
    );
    workspace.apply(objectOperation(['2', 'acme'], { action: 'identify' }), t0);

    expect(workspace.objects()).toStrictEqual([
      { ...acme, attributes: { name: 'Acme', region: 'eu' } },
      { objectTypeId: '2', objectId: 'acme', attributes: {} },
    ]);
    expect(workspace.object(acme)).toStrictEqual({ ...acme, attributes: { name: 'Acme', region: 'eu' } });
    expect(workspace.object({ objectTypeId: '3', objectId: 'acme' })).toBeUndefined();
  });

  it('are returned as copies', () => {
    const workspace = createWorkspace();
    workspace.apply(objectOperation(['1', 'acme'], { action: 'identify', attributes: { tags: ['a'] } }), t0);
    const copy = workspace.object(acme);
    (copy?.attributes.tags as string[] | undefined)?.push('b');
    expect(copy?.attributes.tags).toStrictEqual(['a', 'b']);
    workspace.objects().pop();

    expect(workspace.objects()).toStrictEqual([{ ...acme, attributes: { tags: ['a'] } }]);
  });

  it('named by cio_object_id are left alone', () => {
    const workspace = createWorkspace();
    workspace.apply(
      entity({
        type: 'object',
        action: 'identify',
        identifiers: { cio_object_id: 'obj-1' },
        attributes: { a: 1 },
      }),
      t0,
    );

    expect(workspace.objects()).toStrictEqual([]);
  });
});

describe('relationships made from the object side', () => {
  it('relate the people named who exist, and skip those who do not', () => {
    const workspace = workspaceWithPeople();
    workspace.apply(
      objectOperation(['1', 'acme'], {
        action: 'identify',
        attributes: { name: 'Acme' },
        cio_relationships: [
          personRelationship({ id: 'u1' }, { role: 'admin' }),
          personRelationship({ email: 'BOB@example.com' }),
          personRelationship({ id: 'nobody' }),
        ],
      }),
      t0,
    );

    expect(workspace.relationships()).toStrictEqual([
      { object: acme, person: { cioId: '0300000001' }, attributes: { role: 'admin' } },
      { object: acme, person: { cioId: '0300000002' }, attributes: {} },
    ]);
    expect(workspace.people()).toHaveLength(2);
  });

  it('merge relationship attributes when added again, null removing one', () => {
    const workspace = workspaceWithPeople();
    const add = (attributes: Record<string, unknown>) =>
      objectOperation(['1', 'acme'], {
        action: 'add_relationships',
        cio_relationships: [personRelationship({ id: 'u1' }, attributes)],
      });
    workspace.apply(add({ role: 'admin', seat: 'A' }), t0);
    workspace.apply(add({ role: null, since: 2020 }), t0 + 1);

    expect(workspace.object(acme)).toStrictEqual({ ...acme, attributes: {} });
    expect(workspace.relationships()).toStrictEqual([
      { object: acme, person: { cioId: '0300000001' }, attributes: { seat: 'A', since: 2020 } },
    ]);
  });

  it('are removed by delete_relationships, and with the object by delete', () => {
    const workspace = workspaceWithPeople();
    workspace.apply(
      objectOperation(['1', 'acme'], {
        action: 'identify',
        cio_relationships: [
          personRelationship({ id: 'u1' }),
          personRelationship({ email: 'bob@example.com' }),
        ],
      }),
      t0,
    );
    workspace.apply(
      objectOperation(['1', 'globex'], {
        action: 'identify',
        cio_relationships: [personRelationship({ id: 'u1' })],
      }),
      t0,
    );
    workspace.apply(
      objectOperation(['1', 'acme'], {
        action: 'delete_relationships',
        cio_relationships: [personRelationship({ id: 'u1' }), personRelationship({ id: 'nobody' })],
      }),
      t0 + 1,
    );
    expect(workspace.relationships()).toStrictEqual([
      { object: acme, person: { cioId: '0300000002' }, attributes: {} },
      { object: globex, person: { cioId: '0300000001' }, attributes: {} },
    ]);

    workspace.apply(objectOperation(['1', 'acme'], { action: 'delete' }), t0 + 2);
    expect(workspace.objects()).toStrictEqual([{ ...globex, attributes: {} }]);
    expect(workspace.relationships()).toStrictEqual([
      { object: globex, person: { cioId: '0300000001' }, attributes: {} },
    ]);
  });

  it('leave an unknown object alone on delete_relationships, and create it on add_relationships', () => {
    const workspace = workspaceWithPeople();
    workspace.apply(
      objectOperation(['1', 'acme'], {
        action: 'delete_relationships',
        cio_relationships: [personRelationship({ id: 'u1' })],
      }),
      t0,
    );
    expect(workspace.objects()).toStrictEqual([]);

    workspace.apply(
      objectOperation(['1', 'acme'], {
        action: 'add_relationships',
        cio_relationships: [personRelationship({ id: 'u1' })],
      }),
      t0,
    );
    expect(workspace.objects()).toStrictEqual([{ ...acme, attributes: {} }]);
    expect(workspace.relationships()).toHaveLength(1);
  });

  it('go when the person is deleted', () => {
    const workspace = workspaceWithPeople();
    workspace.apply(
      objectOperation(['1', 'acme'], {
        action: 'identify',
        cio_relationships: [
          personRelationship({ id: 'u1' }),
          personRelationship({ email: 'bob@example.com' }),
        ],
      }),
      t0,
    );
    workspace.apply(personAction('delete', { id: 'u1' }), t0 + 1);

    expect(workspace.relationships()).toStrictEqual([
      { object: acme, person: { cioId: '0300000002' }, attributes: {} },
    ]);
    expect(workspace.objects()).toStrictEqual([{ ...acme, attributes: {} }]);
  });
});

describe('anonymous relationships', () => {
  it('wait under their anonymous id, and become the person’s when they take it', () => {
    const workspace = createWorkspace();
    workspace.apply(
      objectOperation(['1', 'acme'], {
        action: 'identify_anonymous',
        attributes: { name: 'Acme' },
        cio_relationships: [
          anonymousRelationship('anon-1', { role: 'trial' }),
          anonymousRelationship('anon-2'),
        ],
      }),
      t0,
    );
    expect(workspace.relationships()).toStrictEqual([
      { object: acme, person: { anonymousId: 'anon-1' }, attributes: { role: 'trial' } },
      { object: acme, person: { anonymousId: 'anon-2' }, attributes: {} },
    ]);

    workspace.apply(identify({ id: 'u1' }, { anonymous_id: 'anon-1' }), t0 + 10);
    expect(workspace.relationships()).toStrictEqual([
      { object: acme, person: { anonymousId: 'anon-2' }, attributes: {} },
      { object: acme, person: { cioId: '0300000001' }, attributes: { role: 'trial' } },
    ]);
  });
});

describe('relationships made from the person side', () => {
  it('relate an existing person, creating the objects named', () => {
    const workspace = workspaceWithPeople();
    workspace.apply(
      relatePerson('add_relationships', { id: 'u1' }, [
        { object: ['1', 'acme'], attributes: { role: 'admin' } },
      ]),
      t0,
    );
    workspace.apply(relatePerson('add_relationships', { id: 'nobody' }, [{ object: ['1', 'globex'] }]), t0);

    expect(workspace.objects()).toStrictEqual([{ ...acme, attributes: {} }]);
    expect(workspace.relationships()).toStrictEqual([
      { object: acme, person: { cioId: '0300000001' }, attributes: { role: 'admin' } },
    ]);
    expect(workspace.person({ id: 'nobody' })).toBeUndefined();

    workspace.apply(relatePerson('delete_relationships', { id: 'u1' }, [{ object: ['1', 'acme'] }]), t0 + 1);
    expect(workspace.relationships()).toStrictEqual([]);
    expect(workspace.objects()).toStrictEqual([{ ...acme, attributes: {} }]);
  });

  it('come with identify, for the person it creates or updates', () => {
    const workspace = createWorkspace();
    workspace.apply(
      identify(
        { id: 'u1' },
        { name: 'Ada' },
        { cio_relationships: [{ identifiers: { object_type_id: '1', object_id: 'acme' } }] },
      ),
      t0,
    );
    workspace.apply(
      identify(
        { id: 'ghost' },
        { _update: true },
        { cio_relationships: [{ identifiers: { object_type_id: '1', object_id: 'globex' } }] },
      ),
      t0,
    );

    expect(workspace.relationships()).toStrictEqual([
      { object: acme, person: { cioId: '0300000001' }, attributes: {} },
    ]);
    expect(workspace.objects()).toStrictEqual([{ ...acme, attributes: {} }]);
  });
});
