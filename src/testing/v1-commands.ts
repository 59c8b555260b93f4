/**
 * Accepted requests as workspace commands. v1 requests are rewritten as the v2 operations they are
 * equivalent to, so the workspace has one model of every change: `_timestamp` becomes `timestamp`,
 * event `data` becomes `attributes`, a device's `id` becomes its `token`, an identify's
 * `cio_relationships` become the relationships of the v2 identify (or a `delete_relationships` after
 * it). Metrics, unsubscribes, form submissions and manual segments have commands of their own.
 */
import type { components, operations } from '../../generated/track-api.js';
import { withoutPrototypes } from './null-prototype.js';
import type { OperationId } from './routes.js';
import type { PersonRef, WorkspaceCommand } from './workspace-model.js';

type Schemas = components['schemas'];
type EntityOperation = Schemas['EntityOperation'];

/** The JSON body type of an operation, from the generated types. */
export type BodyOf<O extends OperationId> = operations[O] extends {
  requestBody: { content: { 'application/json': infer Body } };
}
  ? Body
  : undefined;

const emailShaped = /^[^@\s]+@[^@\s]+$/;

/**
 * The person a v1 path names: `cio_<x>` is a cio_id, an email-shaped value an email, anything else an id.
 * @param segment the path segment, already percent-decoded
 */
export function personFromPath(segment: string): PersonRef {
  if (segment.startsWith('cio_') && segment.length > 'cio_'.length) return { cio_id: segment.slice(4) };
  if (emailShaped.test(segment)) return { email: segment };
  return { id: segment };
}

/**
 * The commands a valid v1 request (or a v2 entity request) stands for, as null-prototype records
 * (see null-prototype.ts), like the body they come from.
 * @param params decoded path parameters
 * @param query decoded query parameters
 */
export function commandsFor(
  operationId: OperationId,
  body: unknown,
  params: Record<string, string>,
  query: Record<string, string> = {},
): WorkspaceCommand[] {
  return withoutPrototypes(commandsOf(operationId, body, params, query));
}

function commandsOf(
  operationId: OperationId,
  body: unknown,
  params: Record<string, string>,
  query: Record<string, string>,
): WorkspaceCommand[] {
  const param = (name: string) => (Object.hasOwn(params, name) ? params[name] : undefined);
  const identifier = param('identifier');
  const person = identifier === undefined ? undefined : personFromPath(identifier);
  const entity = (operation: EntityOperation): WorkspaceCommand[] => [{ kind: 'entity', operation }];
  switch (operationId) {
    case 'getRegion':
    case 'sendBatch':
      // Nothing to apply, or applied item by item by the caller.
      return [];
    case 'sendEntity':
      return entity(body as BodyOf<'sendEntity'>);
    case 'reportMetric':
      return [{ kind: 'email_metric', metric: body as BodyOf<'reportMetric'> }];
    case 'reportPushMetric': {
      // A body that names no delivery or no event is accepted and records nothing.
      const metric = body as BodyOf<'reportPushMetric'>;
      const { delivery_id: deliveryId, event } = metric;
      return deliveryId === undefined || event === undefined
        ? []
        : [{ kind: 'push_metric', metric: { ...metric, delivery_id: deliveryId, event } }];
    }
    case 'unsubscribe':
      // `{"unsubscribe": false}` is valid and changes nothing; without the flag, the request unsubscribes.
      return (body as BodyOf<'unsubscribe'>).unsubscribe === false
        ? []
        : [{ kind: 'unsubscribe', deliveryId: param('delivery_id') ?? '' }];
    case 'submitForm':
      return [
        {
          kind: 'form_submission',
          formId: param('form_id') ?? '',
          fields: (body as BodyOf<'submitForm'>).data,
        },
      ];
    case 'addPeopleToSegment':
    case 'removePeopleFromSegment':
      return [
        {
          kind: 'segment_membership',
          segmentId: Number(param('segment_id')),
          change: operationId === 'addPeopleToSegment' ? 'add' : 'remove',
          idType: segmentIdType(Object.hasOwn(query, 'id_type') ? query.id_type : undefined),
          ids: (body as BodyOf<'addPeopleToSegment'>).ids,
        },
      ];
    case 'mergePeople': {
      const { primary, secondary } = body as BodyOf<'mergePeople'>;
      return entity({ type: 'person', action: 'merge', primary, secondary });
    }
    case 'trackAnonymousEvent':
      return entity(anonymousEvent(body as BodyOf<'trackAnonymousEvent'>));
    default:
      break;
  }
  if (!person) return [];
  switch (operationId) {
    case 'identifyPerson':
      return identify(person, body as BodyOf<'identifyPerson'>).flatMap(entity);
    case 'deletePerson':
      return entity({ type: 'person', identifiers: person, action: 'delete' });
    case 'suppressPerson':
      return entity({ type: 'person', identifiers: person, action: 'suppress' });
    case 'unsuppressPerson':
      return entity({ type: 'person', identifiers: person, action: 'unsuppress' });
    case 'addDevice': {
      const { id, ...device } = (body as BodyOf<'addDevice'>).device;
      return entity({
        type: 'person',
        identifiers: person,
        action: 'add_device',
        device: { token: id, ...device },
      });
    }
    case 'deleteDevice':
      return entity({
        type: 'person',
        identifiers: person,
        action: 'delete_device',
        device: { token: param('device_id') ?? '' },
      });
    case 'trackEvent':
      return entity(personEvent(person, body as BodyOf<'trackEvent'>));
    default:
      return [];
  }
}

/** The v2 identify, and the relationships to delete after it when the body asks for that. */
function identify(person: PersonRef, body: BodyOf<'identifyPerson'>): EntityOperation[] {
  const { _timestamp, cio_relationships: relationships, ...attributes } = body;
  const adds = relationships?.action === 'add_relationships' ? relationships.relationships : [];
  const deletes = relationships?.action === 'delete_relationships' ? relationships.relationships : [];
  const operations: EntityOperation[] = [
    {
      type: 'person',
      identifiers: person,
      action: 'identify',
      attributes,
      ...(_timestamp === undefined ? {} : { timestamp: _timestamp }),
      ...(adds.length === 0 ? {} : { cio_relationships: adds }),
    },
  ];
  if (deletes.length > 0) {
    operations.push({
      type: 'person',
      identifiers: person,
      action: 'delete_relationships',
      cio_relationships: deletes,
    });
  }
  return operations;
}

/** The `id_type` of a segment request; the spec has already checked it, and Customer.io's default is `id`. */
function segmentIdType(value: string | undefined): 'id' | 'email' | 'cio_id' {
  return value === 'email' || value === 'cio_id' ? value : 'id';
}

/** Optional fields copied only when present, so the command carries no `undefined` values. */
function eventFields(body: { id?: string; timestamp?: number }) {
  return {
    ...(body.id === undefined ? {} : { id: body.id }),
    ...(body.timestamp === undefined ? {} : { timestamp: body.timestamp }),
  };
}

function personEvent(person: PersonRef, body: BodyOf<'trackEvent'>): EntityOperation {
  const base = { type: 'person', identifiers: person, name: body.name, ...eventFields(body) } as const;
  // A v1 screen view's `anonymous_id` has no place in a v2 operation; the person is named by the path.
  switch (body.type) {
    case 'page':
      return { ...base, action: 'page', ...(body.data === undefined ? {} : { attributes: body.data }) };
    case 'screen':
      return { ...base, action: 'screen', ...(body.data === undefined ? {} : { attributes: body.data }) };
    default:
      return { ...base, action: 'event', ...(body.data === undefined ? {} : { attributes: body.data }) };
  }
}

function anonymousEvent(body: BodyOf<'trackAnonymousEvent'>): EntityOperation {
  const base = {
    type: 'person',
    identifiers: { anonymous_id: body.anonymous_id },
    name: body.name,
    ...eventFields(body),
  } as const;
  const attributes = body.data === undefined ? {} : { attributes: body.data };
  return { ...base, action: body.type ?? 'event', ...attributes };
}
