/**
 * Object operations, and relationships made from either side. Customer.io creates an object that an
 * operation names and that does not exist yet, so relating a person to a new object creates it; a
 * relationship to a person who does not exist is ignored.
 */
import type { components } from '../../generated/track-api.js';
import type { ObjectRef } from './workspace-model.js';
import { objectRefOf } from './workspace-objects.js';
import type { PersonRecord } from './workspace-people.js';
import type { WorkspaceState } from './workspace-state.js';

type Schemas = components['schemas'];

export function applyObjectOperation(
  state: WorkspaceState,
  operation: Schemas['ObjectOperation'],
  receivedAt: number,
): void {
  const object = objectRefOf(operation.identifiers);
  if (!object) return;
  const { graph } = state;
  switch (operation.action) {
    case 'identify':
      graph.upsertObject(object, operation.attributes);
      relatePeople(state, object, operation.cio_relationships);
      return;
    case 'identify_anonymous': {
      graph.upsertObject(object, operation.attributes);
      const relateVisitor = (anonymousId: string, attributes?: Readonly<Record<string, unknown>>) => {
        const claimant = state.anonymous.recentClaimant(anonymousId, receivedAt, state.people);
        graph.relate(object, claimant ? { cioId: claimant.cioId } : { anonymousId }, attributes);
      };
      // A visitor named at the root is related as a relationship naming them would be.
      if (operation.anonymous_id !== undefined) relateVisitor(operation.anonymous_id);
      for (const { identifiers, relationship_attributes } of operation.cio_relationships ?? [])
        relateVisitor(identifiers.anonymous_id, relationship_attributes);
      return;
    }
    case 'delete':
      graph.deleteObject(object);
      return;
    case 'add_relationships':
      graph.upsertObject(object);
      relatePeople(state, object, operation.cio_relationships);
      return;
    case 'delete_relationships':
      // Its `attributes` (the person's anonymous_id) change nothing here: Customer.io's document does
      // not say what they do on this action, so the emulator does not guess.
      for (const { identifiers } of operation.cio_relationships) {
        const person = state.people.find(identifiers);
        if (person) graph.unrelate(object, { cioId: person.cioId });
      }
      return;
  }
}

/** Person `add_relationships` and `delete_relationships`: for someone who exists, else nothing. */
export function changePersonRelationships(
  state: WorkspaceState,
  operation: Schemas['PersonAddRelationships'] | Schemas['PersonDeleteRelationships'],
): void {
  const person = state.people.find(operation.identifiers);
  if (!person) return;
  if (operation.action === 'add_relationships') {
    relateToObjects(state, person, operation.cio_relationships);
    return;
  }
  for (const relationship of operation.cio_relationships) {
    const object = objectRefOf(relationship.identifiers);
    if (object) state.graph.unrelate(object, { cioId: person.cioId });
  }
}

/** Relates the person to each object named (person add_relationships, and identify's cio_relationships). */
export function relateToObjects(
  state: WorkspaceState,
  person: PersonRecord,
  relationships: readonly Schemas['PersonRelationship'][],
): void {
  for (const { identifiers, relationship_attributes } of relationships) {
    const object = objectRefOf(identifiers);
    if (!object) continue;
    state.graph.upsertObject(object);
    state.graph.relate(object, { cioId: person.cioId }, relationship_attributes);
  }
}

function relatePeople(
  state: WorkspaceState,
  object: ObjectRef,
  relationships: readonly Schemas['ObjectRelationship'][] | undefined,
): void {
  for (const { identifiers, relationship_attributes } of relationships ?? []) {
    const person = state.people.find(identifiers);
    if (person) state.graph.relate(object, { cioId: person.cioId }, relationship_attributes);
  }
}
