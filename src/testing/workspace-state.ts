/** Everything the workspace holds, and the steps that touch several parts of it at once. */
import { AnonymousActivity } from './workspace-anonymous.js';
import type { PersonRef, StoredFormSubmission, StoredMetric } from './workspace-model.js';
import { ObjectGraph } from './workspace-objects.js';
import { type Identifier, PersonDirectory, type PersonRecord } from './workspace-people.js';
import { ManualSegments } from './workspace-segments.js';
import { SuppressionList } from './workspace-suppression.js';

export interface WorkspaceState {
  readonly people: PersonDirectory;
  readonly suppressions: SuppressionList;
  readonly anonymous: AnonymousActivity;
  readonly graph: ObjectGraph;
  /** A device token belongs to one person at a time. */
  readonly deviceOwners: Map<string, PersonRecord>;
  /** Every dedupe id of an event the workspace stored, whoever holds the event now. */
  readonly seenEventIds: Set<string>;
  readonly deletedPeople: PersonRef[];
  readonly metrics: StoredMetric[];
  readonly unsubscribedDeliveries: Set<string>;
  readonly segments: ManualSegments;
  readonly formSubmissions: StoredFormSubmission[];
}

export function createState(now: (() => number) | undefined): WorkspaceState {
  return {
    people: new PersonDirectory(),
    suppressions: new SuppressionList(),
    anonymous: new AnonymousActivity(now),
    graph: new ObjectGraph(),
    deviceOwners: new Map(),
    seenEventIds: new Set(),
    deletedPeople: [],
    metrics: [],
    unsubscribedDeliveries: new Set(),
    segments: new ManualSegments(),
    formSubmissions: [],
  };
}

export function clearState(state: WorkspaceState): void {
  state.people.clear();
  state.suppressions.clear();
  state.anonymous.clear();
  state.graph.clear();
  state.deviceOwners.clear();
  state.seenEventIds.clear();
  state.deletedPeople.length = 0;
  state.metrics.length = 0;
  state.unsubscribedDeliveries.clear();
  state.segments.clear();
  state.formSubmissions.length = 0;
}

/**
 * The person activity (an event, a device) is for, created when the identifier is new, as Customer.io
 * does. An unknown cio_id names no one who could be created, and a suppressed identifier is refused.
 */
export function personForActivity(
  state: WorkspaceState,
  identifier: Identifier,
  receivedAt: number,
): PersonRecord | undefined {
  if (state.suppressions.has(identifier)) return undefined;
  const person = state.people.findBy(identifier);
  if (person || identifier.kind === 'cio_id') return person;
  return state.people.create(identifier, receivedAt);
}

/** Takes the person out of the workspace with their devices and relationships. */
export function removePerson(state: WorkspaceState, person: PersonRecord): void {
  state.people.remove(person);
  releaseDevices(state, person);
  state.graph.removeParty({ cioId: person.cioId });
}

export function releaseDevices(state: WorkspaceState, person: PersonRecord): void {
  for (const token of person.devices.keys()) {
    if (state.deviceOwners.get(token) === person) state.deviceOwners.delete(token);
  }
}

/** Moves the anonymous id's events and relationships to the person who just took it. */
export function joinAnonymousActivity(
  state: WorkspaceState,
  person: PersonRecord,
  anonymousId: string,
  receivedAt: number,
): void {
  for (const event of state.anonymous.take(anonymousId)) person.events.push(event);
  state.graph.moveParty({ anonymousId }, { cioId: person.cioId });
  state.anonymous.claim(anonymousId, person, receivedAt);
}
