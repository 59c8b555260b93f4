import { describe, expect, it } from 'vitest';
import { createWorkspace } from '../src/testing/workspace.js';
import { identify, merge, personAction, segmentChange, t0 } from './support/workspace-commands.js';

function workspaceWithPeople() {
  const workspace = createWorkspace();
  workspace.apply(identify({ id: 'u1' }, { email: 'ada@example.com' }), t0);
  workspace.apply(identify({ id: 'u2' }), t0);
  workspace.apply(identify({ email: 'cy@example.com' }), t0);
  return workspace;
}

const cioIdOf = (workspace: ReturnType<typeof createWorkspace>, ref: { id: string } | { email: string }) =>
  workspace.person(ref)?.cioId as string;

describe('manual segments', () => {
  it('take the people the values name, by the id_type of the request, in the order added', () => {
    const workspace = workspaceWithPeople();
    workspace.apply(segmentChange(7, 'add', ['u2', 'u1']), t0);
    workspace.apply(segmentChange(7, 'add', ['CY@example.com'], 'email'), t0);
    workspace.apply(segmentChange(8, 'add', [cioIdOf(workspace, { id: 'u1' })], 'cio_id'), t0);

    expect(workspace.segments()).toStrictEqual([
      {
        segmentId: 7,
        members: [
          { cioId: cioIdOf(workspace, { id: 'u2' }), id: 'u2' },
          { cioId: cioIdOf(workspace, { id: 'u1' }), id: 'u1', email: 'ada@example.com' },
          { cioId: cioIdOf(workspace, { email: 'cy@example.com' }), email: 'cy@example.com' },
        ],
      },
      {
        segmentId: 8,
        members: [{ cioId: cioIdOf(workspace, { id: 'u1' }), id: 'u1', email: 'ada@example.com' }],
      },
    ]);
  });

  it('ignore values that name nobody, or someone by another kind of identifier, and create no one', () => {
    const workspace = workspaceWithPeople();
    // `u1` is an id, not an email; `ada@example.com` is an email, not an id.
    workspace.apply(segmentChange(7, 'add', ['nobody', 'ada@example.com']), t0);
    workspace.apply(segmentChange(7, 'add', ['u1', 'nobody@example.com'], 'email'), t0);

    expect(workspace.segment(7)).toStrictEqual({ segmentId: 7, members: [] });
    expect(workspace.people()).toHaveLength(3);
  });

  it('keep a member once however often added, and lose them when removed', () => {
    const workspace = workspaceWithPeople();
    workspace.apply(segmentChange(7, 'add', ['u1', 'u2', 'u1']), t0);
    workspace.apply(segmentChange(7, 'add', ['u1']), t0);
    workspace.apply(segmentChange(7, 'remove', ['u2', 'nobody']), t0);

    expect(workspace.segment(7)?.members.map((member) => member.id)).toStrictEqual(['u1']);
  });

  it('are known once a request names them, even a removal from a segment nobody was added to', () => {
    const workspace = workspaceWithPeople();
    expect(workspace.segment(9)).toBeUndefined();
    workspace.apply(segmentChange(9, 'remove', ['u1']), t0);

    expect(workspace.segment(9)).toStrictEqual({ segmentId: 9, members: [] });
    expect(workspace.segments()).toStrictEqual([{ segmentId: 9, members: [] }]);
  });

  it('lose people who are deleted, suppressed or merged away; someone identified again is not back in', () => {
    const workspace = workspaceWithPeople();
    workspace.apply(segmentChange(7, 'add', ['u1', 'u2']), t0);
    workspace.apply(segmentChange(7, 'add', ['cy@example.com'], 'email'), t0);
    workspace.apply(personAction('delete', { id: 'u1' }), t0);
    workspace.apply(personAction('suppress', { email: 'cy@example.com' }), t0);
    workspace.apply(identify({ id: 'u1' }), t0);
    expect(workspace.segment(7)?.members.map((member) => member.id)).toStrictEqual(['u2']);

    workspace.apply(identify({ id: 'u3' }), t0);
    workspace.apply(merge({ id: 'u3' }, { id: 'u2' }), t0);
    // The primary takes the secondary's id, but membership belonged to the person merged away.
    expect(workspace.segment(7)?.members).toStrictEqual([]);
  });

  it('show members by their identifiers as they are now', () => {
    const workspace = workspaceWithPeople();
    workspace.apply(segmentChange(7, 'add', ['u2']), t0);
    const cioId = cioIdOf(workspace, { id: 'u2' });
    workspace.apply(identify({ cio_id: cioId }, { email: 'bo@example.com' }), t0);

    expect(workspace.segment(7)?.members).toStrictEqual([{ cioId, id: 'u2', email: 'bo@example.com' }]);
  });

  it('are returned as copies, and forgotten by reset()', () => {
    const workspace = workspaceWithPeople();
    workspace.apply(segmentChange(7, 'add', ['u1']), t0);
    workspace.segment(7)?.members.pop();
    workspace.segments().pop();
    expect(workspace.segment(7)?.members).toHaveLength(1);

    workspace.reset();
    expect(workspace.segments()).toStrictEqual([]);
  });
});
