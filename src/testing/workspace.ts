/**
 * The emulated Customer.io workspace: every accepted request, reduced to a command, changes it as
 * Customer.io would, and tests query what it holds.
 */
import type { components } from '../../generated/track-api.js';
import { addDevice, deleteDevice, recordEvent } from './workspace-activity.js';
import { submitForm } from './workspace-forms.js';
import { identifyPerson } from './workspace-identify.js';
import { deletePerson, mergePeople, suppressPerson, unsuppressPerson } from './workspace-lifecycle.js';
import type { Workspace, WorkspaceCommand } from './workspace-model.js';
import { storedPerson } from './workspace-people.js';
import { applyObjectOperation, changePersonRelationships } from './workspace-relationships.js';
import { clearState, createState, type WorkspaceState } from './workspace-state.js';

type Schemas = components['schemas'];

export interface WorkspaceOptions {
  /**
   * The workspace's clock, in unix seconds. When given, anonymous events expire as in Customer.io:
   * one whose timestamp is more than 30 days before `now()` is no longer listed and never merges into
   * a person. Without it, anonymous events never expire, so fixtures with fixed timestamps behave the
   * same whatever the day.
   * @default undefined (anonymous events never expire)
   */
  now?: () => number;
}

export function createWorkspace(options: WorkspaceOptions = {}): Workspace {
  const state = createState(options.now);
  return {
    apply(command: WorkspaceCommand, receivedAt: number): void {
      applyCommand(state, command, receivedAt);
    },
    reset(): void {
      clearState(state);
    },
    people: () => [...state.people.all()].map(storedPerson),
    person(ref) {
      const person = state.people.find(ref);
      return person && storedPerson(person);
    },
    deletedPeople: () => structuredClone(state.deletedPeople),
    suppressedPeople: () => state.suppressions.list(),
    anonymousEvents: (anonymousId) => structuredClone(state.anonymous.list(anonymousId)),
    objects: () => state.graph.listObjects(),
    object: (ref) => state.graph.findObject(ref),
    relationships: () => state.graph.listRelationships(),
    metrics: () => structuredClone(state.metrics),
    unsubscribedDeliveries: () => [...state.unsubscribedDeliveries],
    segments: () => state.segments.list(state.people),
    segment: (segmentId) => state.segments.find(state.people, segmentId),
    formSubmissions: (formId) =>
      structuredClone(
        formId === undefined
          ? state.formSubmissions
          : state.formSubmissions.filter((submission) => submission.formId === formId),
      ),
  };
}

function applyCommand(state: WorkspaceState, command: WorkspaceCommand, receivedAt: number): void {
  switch (command.kind) {
    case 'entity':
      applyOperation(state, command.operation, receivedAt);
      return;
    case 'email_metric': {
      const { delivery_id: deliveryId, metric, timestamp, ...data } = command.metric;
      state.metrics.push({
        deliveryId,
        metric,
        timestamp: timestamp ?? receivedAt,
        channel: 'email',
        data: structuredClone(data),
      });
      return;
    }
    case 'push_metric': {
      const { delivery_id: deliveryId, event, timestamp, device_id: deviceToken } = command.metric;
      state.metrics.push({
        deliveryId,
        metric: event,
        timestamp: timestamp ?? receivedAt,
        channel: 'push',
        // Named as a v2 delivery operation names it, so push metrics read alike whichever way they came.
        data: deviceToken === undefined ? {} : { device_token: deviceToken },
      });
      return;
    }
    case 'unsubscribe':
      state.unsubscribedDeliveries.add(command.deliveryId);
      return;
    case 'form_submission':
      submitForm(state, command.formId, command.fields, receivedAt);
      return;
    case 'segment_membership':
      state.segments.change(state.people, command.segmentId, command.change, command.idType, command.ids);
      return;
  }
}

function applyOperation(
  state: WorkspaceState,
  operation: Schemas['EntityOperation'],
  receivedAt: number,
): void {
  switch (operation.type) {
    case 'person':
      applyPersonOperation(state, operation, receivedAt);
      return;
    case 'object':
      applyObjectOperation(state, operation, receivedAt);
      return;
    case 'delivery':
      state.metrics.push({
        deliveryId: operation.identifiers.id,
        metric: operation.name,
        timestamp: operation.timestamp ?? receivedAt,
        channel: 'push',
        data: structuredClone(operation.attributes),
      });
      return;
  }
}

function applyPersonOperation(
  state: WorkspaceState,
  operation: Schemas['PersonOperation'],
  receivedAt: number,
): void {
  switch (operation.action) {
    case 'identify':
      identifyPerson(state, operation, receivedAt);
      return;
    case 'event':
    case 'page':
    case 'screen':
    case 'viewed_content':
    case 'clicked_content':
      recordEvent(state, operation, receivedAt);
      return;
    case 'add_device':
      addDevice(state, operation, receivedAt);
      return;
    case 'delete_device':
      deleteDevice(state, operation);
      return;
    case 'add_relationships':
    case 'delete_relationships':
      changePersonRelationships(state, operation);
      return;
    case 'merge':
      mergePeople(state, operation);
      return;
    case 'delete':
      deletePerson(state, operation.identifiers);
      return;
    case 'suppress':
      suppressPerson(state, operation.identifiers);
      return;
    case 'unsuppress':
      unsuppressPerson(state, operation.identifiers);
      return;
  }
}
