/**
 * Person identify: the upsert, with Customer.io's rules for identifiers in the body and for updates
 * that arrive out of order.
 *
 * Identifiers follow Customer.io's Track API reference: the path identifier finds the person; if it
 * finds no one but an identifier in the body does, that person is updated and given the path
 * identifier; otherwise a person is created (unless `_update` is true, or the path names a cio_id).
 * An identifier that is already set changes only when the person is named by cio_id. A change
 * Customer.io would refuse (an identifier held by someone else, or one that is set and not named by
 * cio_id) is an "Attribute Update Failure" there: we drop that identifier and apply the rest.
 */
import type { components } from '../../generated/track-api.js';
import { isRemoval } from './workspace-attributes.js';
import { type Identifier, identifierOf, type PersonRecord } from './workspace-people.js';
import { relateToObjects } from './workspace-relationships.js';
import { joinAnonymousActivity, type WorkspaceState } from './workspace-state.js';

type PersonIdentify = components['schemas']['PersonIdentify'];

/** Names Customer.io reads and never stores as attributes. */
const controlNames = new Set(['_update', '_timestamp', 'cio_id', 'cio_relationships']);

export function identifyPerson(state: WorkspaceState, operation: PersonIdentify, receivedAt: number): void {
  const attributes = operation.attributes ?? {};
  const legacyTimestamp = attributes._timestamp;
  const time = operation.timestamp ?? (typeof legacyTimestamp === 'number' ? legacyTimestamp : receivedAt);
  const named = identifierOf(operation.identifiers);
  const claimed = claimedIdentifiers(attributes);
  // A suppressed identifier may not come back, whether it names the person or is set on them.
  if ([named, ...claimed].some((identifier) => state.suppressions.has(identifier))) return;

  const person = resolvePerson(state, named, claimed, attributes._update === true, time);
  if (!person) return;
  const byCioId = named.kind === 'cio_id';
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || controlNames.has(name)) continue;
    if (name === 'id') changeId(state, person, value, byCioId);
    else if (name === 'email') changeEmail(state, person, value, byCioId, time);
    else {
      const written = person.attributes.write(name, value, time);
      // Taking an anonymous id brings the activity recorded under it along.
      if (written && name === 'anonymous_id' && typeof value === 'string')
        joinAnonymousActivity(state, person, value, receivedAt);
    }
  }

  relateToObjects(state, person, operation.cio_relationships ?? []);
}

function resolvePerson(
  state: WorkspaceState,
  named: Identifier,
  claimed: readonly Identifier[],
  updateOnly: boolean,
  time: number,
): PersonRecord | undefined {
  const { people } = state;
  const found = people.findBy(named);
  if (found || named.kind === 'cio_id') return found;

  const holder = claimed
    .map((identifier) => people.findBy(identifier))
    .find((person) => person !== undefined);
  if (holder) {
    // Giving them the path identifier would replace one they already have.
    if ((named.kind === 'id' ? holder.id : holder.email) !== undefined) return undefined;
    if (named.kind === 'id') people.setId(holder, named.value);
    else if (holder.attributes.accepts('email', time)) people.setEmail(holder, named.value, time);
    else return undefined;
    return holder;
  }
  return updateOnly ? undefined : people.create(named, time);
}

/** The id and email the body sets, which count as identifiers for suppression and lookup. */
function claimedIdentifiers(attributes: Readonly<Record<string, unknown>>): Identifier[] {
  const claimed: Identifier[] = [];
  const id = idValue(attributes.id);
  if (id !== undefined) claimed.push({ kind: 'id', value: id });
  if (typeof attributes.email === 'string' && attributes.email !== '')
    claimed.push({ kind: 'email', value: attributes.email });
  return claimed;
}

/** Customer.io accepts a numeric id and keeps it as text. */
function idValue(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Ids carry no per-update time here: only an explicit id attribute changes one, and that needs the
 * person named by cio_id (or without an id yet), so out-of-order id changes are not worth modelling.
 */
function changeId(state: WorkspaceState, person: PersonRecord, value: unknown, byCioId: boolean): void {
  if (isRemoval(value)) {
    if (byCioId) state.people.setId(person, undefined);
    return;
  }
  const id = idValue(value);
  if (id === undefined || id === person.id) return;
  if (state.people.findBy({ kind: 'id', value: id })) return;
  if (person.id !== undefined && !byCioId) return;
  state.people.setId(person, id);
}

function changeEmail(
  state: WorkspaceState,
  person: PersonRecord,
  value: unknown,
  byCioId: boolean,
  time: number,
): void {
  if (!person.attributes.accepts('email', time)) return;
  if (isRemoval(value)) {
    if (person.email === undefined || byCioId) state.people.setEmail(person, undefined, time);
    return;
  }
  if (typeof value !== 'string') return;
  // The same address in other letter case is the same identifier: only its spelling changes.
  const sameAddress = person.email?.toLowerCase() === value.toLowerCase();
  if (!sameAddress) {
    if (state.people.findBy({ kind: 'email', value })) return;
    if (person.email !== undefined && !byCioId) return;
  }
  state.people.setEmail(person, value, time);
}
