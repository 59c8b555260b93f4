/** What people do: events, page and screen views, content they saw or clicked, and the devices they use. */
import type { components } from '../../generated/track-api.js';
import type { StoredEvent } from './workspace-model.js';
import { identifierOf } from './workspace-people.js';
import { personForActivity, type WorkspaceState } from './workspace-state.js';

type Schemas = components['schemas'];
type ActivityOperation =
  | Schemas['PersonEvent']
  | Schemas['PersonPage']
  | Schemas['PersonScreen']
  | Schemas['PersonViewedContent']
  | Schemas['PersonClickedContent'];

/**
 * Stores the event on its person, or under its anonymous id. A dedupe id seen before, on any event
 * the workspace stored (merged or deleted since), makes the event a duplicate, which is ignored.
 * Content viewed or clicked is recorded the same way, as activity of that type (it carries no dedupe id).
 */
export function recordEvent(state: WorkspaceState, operation: ActivityOperation, receivedAt: number): void {
  const dedupeId = 'id' in operation ? operation.id : undefined;
  if (dedupeId !== undefined && state.seenEventIds.has(dedupeId)) return;
  const event: StoredEvent = {
    type: operation.action,
    name: operation.name,
    data: structuredClone(operation.attributes ?? {}),
    timestamp: operation.timestamp ?? receivedAt,
    ...(dedupeId === undefined ? {} : { dedupeId }),
  };
  const { identifiers } = operation;
  // Commands are null-prototype records (see null-prototype.ts), so `in` sees own fields only.
  if ('anonymous_id' in identifiers) {
    const anonymousId = identifiers.anonymous_id;
    event.anonymousId = anonymousId;
    const claimant = state.anonymous.recentClaimant(anonymousId, receivedAt, state.people);
    if (claimant) claimant.events.push(event);
    else state.anonymous.store(anonymousId, event);
  } else {
    const person = personForActivity(state, identifierOf(identifiers), receivedAt);
    if (!person) return;
    person.events.push(event);
  }
  if (dedupeId !== undefined) state.seenEventIds.add(dedupeId);
}

/**
 * Adds the device to its person, or updates it (attributes merge). A token belongs to one person at a
 * time, as with Customer.io's SDKs when someone else signs in on the device: it leaves its previous owner.
 */
export function addDevice(
  state: WorkspaceState,
  operation: Schemas['PersonAddDevice'],
  receivedAt: number,
): void {
  const person = personForActivity(state, identifierOf(operation.identifiers), receivedAt);
  if (!person) return;
  const { token, platform, last_used: lastUsed, attributes } = operation.device;
  const previousOwner = state.deviceOwners.get(token);
  if (previousOwner && previousOwner !== person) previousOwner.devices.delete(token);
  person.devices.set(token, {
    token,
    platform,
    // Customer.io uses the time of the request when no last_used is given.
    lastUsed: lastUsed ?? receivedAt,
    attributes: { ...person.devices.get(token)?.attributes, ...attributes },
  });
  state.deviceOwners.set(token, person);
}

export function deleteDevice(state: WorkspaceState, operation: Schemas['PersonDeleteDevice']): void {
  const person = state.people.find(operation.identifiers);
  const { token } = operation.device;
  if (!person?.devices.delete(token)) return;
  if (state.deviceOwners.get(token) === person) state.deviceOwners.delete(token);
}
