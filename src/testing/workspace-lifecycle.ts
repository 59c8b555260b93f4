/** How people leave the workspace: deletion, suppression, and being merged into someone else. */
import type { components } from '../../generated/track-api.js';
import type { PersonRef } from './workspace-model.js';
import { type Identifier, identifierOf } from './workspace-people.js';
import { releaseDevices, removePerson, type WorkspaceState } from './workspace-state.js';

type Schemas = components['schemas'];

/** Deletes the person named, if they exist; their identifiers are free to be identified again. */
export function deletePerson(state: WorkspaceState, ref: PersonRef): void {
  const person = state.people.find(ref);
  if (!person) return;
  removePerson(state, person);
  state.deletedPeople.push({ ...ref });
}

/**
 * Deletes the person and suppresses their id and email together. An id or email that names no one is
 * suppressed all the same, so it cannot be created later; a cio_id that names no one covers nothing.
 */
export function suppressPerson(state: WorkspaceState, ref: PersonRef): void {
  const named = identifierOf(ref);
  const person = state.people.findBy(named);
  if (!person) {
    if (named.kind !== 'cio_id') state.suppressions.add([named]);
    return;
  }
  const identifiers: Identifier[] = [];
  if (person.id !== undefined) identifiers.push({ kind: 'id', value: person.id });
  if (person.email !== undefined) identifiers.push({ kind: 'email', value: person.email });
  identifiers.push({ kind: 'cio_id', value: person.cioId });
  removePerson(state, person);
  state.deletedPeople.push({ ...ref });
  state.suppressions.add(identifiers);
}

/** Lifts the suppression; like Customer.io, it does not bring the deleted person back. */
export function unsuppressPerson(state: WorkspaceState, ref: PersonRef): void {
  state.suppressions.lift(identifierOf(ref));
}

/**
 * Merges the secondary into the primary, then deletes the secondary, as Customer.io documents: the
 * primary keeps its own attributes and takes those it lacks (its email and id included, which then
 * name the primary), every event (Customer.io merges the last 29 days at once and older ones within
 * the hour), devices, anonymous ids, and relationships it did not have. Nothing happens unless both
 * people exist. The secondary's other identifiers name no one afterwards.
 */
export function mergePeople(state: WorkspaceState, operation: Schemas['PersonMerge']): void {
  const { people } = state;
  const primary = people.find(operation.primary);
  const secondary = people.find(operation.secondary);
  if (!primary || !secondary || primary === secondary) return;

  people.remove(secondary);
  if (primary.id === undefined && secondary.id !== undefined) people.setId(primary, secondary.id);
  primary.attributes.adoptMissing(secondary.attributes);
  if (primary.email === undefined && secondary.email !== undefined)
    people.indexEmail(primary, secondary.email);

  // One push per event: spreading a long history as arguments could overflow the stack.
  for (const event of secondary.events) primary.events.push(event);
  releaseDevices(state, secondary);
  for (const [token, device] of secondary.devices) {
    if (primary.devices.has(token)) continue;
    primary.devices.set(token, device);
    state.deviceOwners.set(token, primary);
  }
  state.anonymous.transferClaims(secondary, primary);
  state.graph.moveParty({ cioId: secondary.cioId }, { cioId: primary.cioId });
}
