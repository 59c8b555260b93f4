/** Terse builders for the workspace commands the emulator's request handlers produce. */
import type { components } from '../../src/index.js';
import type { PersonRef, WorkspaceCommand } from '../../src/testing/workspace-model.js';

type Schemas = components['schemas'];

/** A fixed "now" for fixtures, unix seconds (2023-11-14). */
export const t0 = 1_700_000_000;
export const day = 24 * 60 * 60;

export function entity(operation: Schemas['EntityOperation']): WorkspaceCommand {
  return { kind: 'entity', operation };
}

export function identify(
  identifiers: PersonRef,
  attributes?: Record<string, unknown>,
  more: { timestamp?: number; cio_relationships?: Schemas['PersonRelationship'][] } = {},
): WorkspaceCommand {
  return entity({
    type: 'person',
    action: 'identify',
    identifiers,
    // Typed loosely on purpose: tests send nulls and values a request could carry after validation.
    ...(attributes === undefined ? {} : { attributes: attributes as Schemas['PersonAttributes'] }),
    ...more,
  });
}

export function track(
  identifiers: Schemas['ActivityIdentifiers'],
  name: string,
  more: {
    action?: 'event' | 'page' | 'screen';
    id?: string;
    timestamp?: number;
    attributes?: Record<string, unknown>;
  } = {},
): WorkspaceCommand {
  const { action = 'event', ...fields } = more;
  return entity({ type: 'person', identifiers, action, name, ...fields } as Schemas['PersonOperation']);
}

export function personAction(
  action: 'delete' | 'suppress' | 'unsuppress',
  identifiers: PersonRef,
): WorkspaceCommand {
  return entity({ type: 'person', action, identifiers });
}

export function merge(primary: PersonRef, secondary: PersonRef): WorkspaceCommand {
  return entity({ type: 'person', action: 'merge', primary, secondary });
}

export function addDevice(
  identifiers: PersonRef,
  device: Schemas['PersonAddDevice']['device'],
): WorkspaceCommand {
  return entity({ type: 'person', action: 'add_device', identifiers, device });
}

export function deleteDevice(identifiers: PersonRef, token: string): WorkspaceCommand {
  return entity({ type: 'person', action: 'delete_device', identifiers, device: { token } });
}

export function relatePerson(
  action: 'add_relationships' | 'delete_relationships',
  identifiers: PersonRef,
  relationships: { object: [typeId: string, objectId: string]; attributes?: Record<string, unknown> }[],
): WorkspaceCommand {
  return entity({
    type: 'person',
    action,
    identifiers,
    cio_relationships: relationships.map(({ object: [object_type_id, object_id], attributes }) => ({
      identifiers: { object_type_id, object_id },
      ...(attributes === undefined ? {} : { relationship_attributes: relationshipAttributes(attributes) }),
    })),
  });
}

type WithoutTarget<Operation> = Operation extends unknown ? Omit<Operation, 'type' | 'identifiers'> : never;

/** An object operation on object `objectId` of type `typeId`. */
export function objectOperation(
  [object_type_id, object_id]: [typeId: string, objectId: string],
  operation: WithoutTarget<Schemas['ObjectOperation']>,
): WorkspaceCommand {
  return entity({
    type: 'object',
    identifiers: { object_type_id, object_id },
    ...operation,
  } as Schemas['ObjectOperation']);
}

/**
 * Relationship attributes are typed `Record<string, never>` by the generator (an object schema with
 * no listed properties), though the spec accepts any; tests pass real ones.
 */
function relationshipAttributes(attributes: Record<string, unknown>): Record<string, never> {
  return attributes as Record<string, never>;
}

export function anonymousRelationship(
  anonymousId: string,
  attributes?: Record<string, unknown>,
): Schemas['AnonymousObjectRelationship'] {
  return {
    identifiers: { anonymous_id: anonymousId },
    ...(attributes === undefined ? {} : { relationship_attributes: relationshipAttributes(attributes) }),
  };
}

export function personRelationship(
  identifiers: PersonRef,
  attributes?: Record<string, unknown>,
): Schemas['ObjectRelationship'] {
  return {
    identifiers,
    ...(attributes === undefined ? {} : { relationship_attributes: relationshipAttributes(attributes) }),
  };
}

/** People added to or removed from manual segment `segmentId`, named by `idType`. */
export function segmentChange(
  segmentId: number,
  change: 'add' | 'remove',
  ids: string[],
  idType: 'id' | 'email' | 'cio_id' = 'id',
): WorkspaceCommand {
  return { kind: 'segment_membership', segmentId, change, idType, ids };
}

export function formSubmission(formId: string, fields: Record<string, string>): WorkspaceCommand {
  return { kind: 'form_submission', formId, fields: fields as Schemas['FormFields'] };
}
