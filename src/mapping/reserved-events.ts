/**
 * Track events whose names ask for something other than an event. Names match exactly, case included,
 * as Segment's subscriptions (`event = "User Deleted"`) match them: "user deleted" is an ordinary event.
 *
 * | event | operation |
 * |---|---|
 * | Application Installed, Application Opened, Device Created or Updated | person `add_device` (and the event with `deviceEventsAlsoTracked`) |
 * | Application Uninstalled, Device Deleted | person `delete_device` (and the event with `deviceEventsAlsoTracked`) |
 * | User Deleted, User Suppressed, User Unsuppressed | person `delete`, `suppress`, `unsuppress` |
 * | Object Deleted, Relationship Deleted | object `delete`, `delete_relationships` |
 * | Report Delivery Event | `POST /api/v1/metrics` |
 * | Report Content Event | person `viewed_content` or `clicked_content` |
 */
import type { components } from '../../generated/track-api.js';
import { given } from './identifiers.js';
import type { MappedOperation } from './limits.js';
import { eventDataBudget } from './limits-context.js';
import { attributesFrom, entity, firstText, knownPerson, type MapContext } from './map-context.js';
import { showValue } from './message-problems.js';
import type { TrackMessage } from './messages.js';
import { objectIdentifiers, objectIdFrom, objectTypeIdFrom } from './objects.js';
import { eventDataTypes } from './reserved-attributes.js';

export type ReservedEvent =
  | { kind: 'device'; action: 'add_device' | 'delete_device' }
  | { kind: 'person'; action: 'delete' | 'suppress' | 'unsuppress' }
  | { kind: 'object'; action: 'delete' | 'delete_relationships' }
  | { kind: 'metric' }
  | { kind: 'content' };

const reservedEvents: ReadonlyMap<string, ReservedEvent> = new Map<string, ReservedEvent>([
  ['Application Installed', { kind: 'device', action: 'add_device' }],
  ['Application Opened', { kind: 'device', action: 'add_device' }],
  ['Device Created or Updated', { kind: 'device', action: 'add_device' }],
  ['Application Uninstalled', { kind: 'device', action: 'delete_device' }],
  ['Device Deleted', { kind: 'device', action: 'delete_device' }],
  ['User Deleted', { kind: 'person', action: 'delete' }],
  ['User Suppressed', { kind: 'person', action: 'suppress' }],
  ['User Unsuppressed', { kind: 'person', action: 'unsuppress' }],
  ['Object Deleted', { kind: 'object', action: 'delete' }],
  ['Relationship Deleted', { kind: 'object', action: 'delete_relationships' }],
  ['Report Delivery Event', { kind: 'metric' }],
  ['Report Content Event', { kind: 'content' }],
]);

/** The reserved meaning of an event name, if it has one. */
export function reservedEvent(name: string): ReservedEvent | undefined {
  return reservedEvents.get(name);
}

/** "User Deleted", "User Suppressed", "User Unsuppressed": only a known person can be named. */
export function mapPersonAction(
  action: 'delete' | 'suppress' | 'unsuppress',
  message: TrackMessage,
  context: MapContext,
): MappedOperation[] {
  const identifiers = knownPerson(message, context, `"${message.event}"`);
  return identifiers === undefined ? [] : [entity({ type: 'person', identifiers, action })];
}

/**
 * "Object Deleted" and "Relationship Deleted". The object is `properties.objectId` (or `object_id`),
 * else `context.groupId` as Segment's "Delete Relationship" action reads it; its type is
 * `properties.object_type_id` (or `objectTypeId`), else "1". A relationship is deleted from a known
 * person only: Customer.io's schema for `delete_relationships` names people by id, email or cio_id,
 * not by anonymous id. As Segment's action does, the message's `anonymousId` goes with it as the
 * `anonymous_id` attribute.
 */
export function mapObjectAction(
  action: 'delete' | 'delete_relationships',
  message: TrackMessage,
  context: MapContext,
): MappedOperation[] {
  const properties = message.properties ?? {};
  const objectId = objectIdFrom(
    [
      ['properties.objectId', properties.objectId],
      ['properties.object_id', properties.object_id],
      ['context.groupId', message.context?.groupId],
    ],
    context.problems,
    `"${message.event}" names its object with properties.objectId`,
  );
  const objectTypeId = objectTypeIdFrom(
    [
      ['properties.object_type_id', properties.object_type_id],
      ['properties.objectTypeId', properties.objectTypeId],
    ],
    context.problems,
  );
  const person =
    action === 'delete_relationships' ? knownPerson(message, context, `"${message.event}"`) : undefined;
  const identifiers = objectIdentifiers(objectId, objectTypeId);
  if (identifiers === undefined) return [];
  if (action === 'delete') return [entity({ type: 'object', identifiers, action })];
  if (person === undefined) return [];
  return [
    entity({
      type: 'object',
      identifiers,
      action,
      ...(given(message.anonymousId) ? { attributes: { anonymous_id: message.anonymousId } } : {}),
      cio_relationships: [{ identifiers: person }],
    }),
  ];
}

type EmailMetric = components['schemas']['EmailMetric'];
const emailMetrics: ReadonlyArray<EmailMetric['metric']> = [
  'bounced',
  'clicked',
  'converted',
  'deferred',
  'delivered',
  'dropped',
  'opened',
  'spammed',
];

function isEmailMetric(value: unknown): value is EmailMetric['metric'] {
  return emailMetrics.includes(value as EmailMetric['metric']);
}

/**
 * "Report Delivery Event" -> `POST /api/v1/metrics`, as Segment's "Report Delivery Event" action sends
 * it: `delivery_id` from `properties.deliveryId` (or `delivery_id`), `metric` from `properties.metric`,
 * which must be one of the email metrics the endpoint takes; `recipient`, `reason` and `href` when they
 * are strings. The timestamp is the message's: Segment falls back to the time of mapping, which would
 * make mapping depend on the clock, so without one Customer.io's time of receipt applies.
 */
export function mapDeliveryMetric(message: TrackMessage, context: MapContext): MappedOperation[] {
  const properties = message.properties ?? {};
  const deliveryId = firstText([
    ['properties.deliveryId', properties.deliveryId],
    ['properties.delivery_id', properties.delivery_id],
  ]);
  if (deliveryId === undefined) {
    context.problems.push({
      path: 'properties.deliveryId',
      rule: 'required',
      message: 'is required: "Report Delivery Event" names the delivery it reports on',
    });
  }
  const metric = properties.metric;
  if (!isEmailMetric(metric)) {
    context.problems.push(
      metric == null
        ? {
            path: 'properties.metric',
            rule: 'required',
            message: 'is required: "Report Delivery Event" names a metric',
          }
        : {
            path: 'properties.metric',
            rule: 'one_of',
            message: `must be one of ${emailMetrics.map((name) => `"${name}"`).join(', ')}, not ${showValue(metric)}`,
          },
    );
  }
  if (deliveryId === undefined || !isEmailMetric(metric)) return [];

  const body: EmailMetric = { delivery_id: deliveryId.value, metric };
  if (context.time !== undefined) body.timestamp = context.time.seconds;
  for (const field of ['recipient', 'reason', 'href'] as const) {
    const value = properties[field];
    if (typeof value === 'string' && value !== '') body[field] = value;
  }
  return [{ operation: { endpoint: 'metrics', body }, source: {} }];
}

type ContentOperation = components['schemas']['PersonViewedContent' | 'PersonClickedContent'];
type ContentAction = ContentOperation['action'];
const contentActions: readonly ContentAction[] = ['viewed_content', 'clicked_content'];

function isContentAction(value: unknown): value is ContentAction {
  return contentActions.includes(value as ContentAction);
}

/**
 * "Report Content Event" -> a person operation whose `action` and `name` are `properties.actionType`
 * (`viewed_content` or `clicked_content`), about `{ anonymous_id }`, with the other properties as
 * attributes and the message's time, as Segment's "Report Content Event" action builds it. No dedupe
 * `id` is sent: Customer.io's document does not describe these operations, so nothing is added to what
 * Segment sends. A missing or other `actionType`, or a missing `anonymousId`, is an InvalidMessageError:
 * Segment's action refuses the first (its field has two choices) and sends the second without
 * identifiers, which Customer.io refuses.
 */
export function mapContentEvent(message: TrackMessage, context: MapContext): MappedOperation[] {
  const properties = message.properties ?? {};
  const actionType = properties.actionType;
  if (!isContentAction(actionType)) {
    const choices = contentActions.map((name) => `"${name}"`).join(' or ');
    context.problems.push(
      actionType == null
        ? {
            path: 'properties.actionType',
            rule: 'required',
            message: `is required: "Report Content Event" says whether the content was viewed or clicked (${choices})`,
          }
        : {
            path: 'properties.actionType',
            rule: 'one_of',
            message: `must be ${choices}, not ${showValue(actionType)}`,
          },
    );
  }
  const anonymousId = message.anonymousId;
  if (!given(anonymousId)) {
    context.problems.push({
      path: 'anonymousId',
      rule: 'required',
      message:
        'is required: "Report Content Event" is recorded under the anonymous id of whoever saw the content',
    });
  }
  // Copied within the event's budget first, so a message of a million properties is not read whole;
  // `actionType` is then left out of the copy (never out of the user's own object, which may be borrowed).
  const { actionType: _actionType, ...attributes } = attributesFrom(
    context,
    properties,
    'properties',
    eventDataBudget,
    eventDataTypes,
  );
  if (!isContentAction(actionType) || !given(anonymousId)) return [];
  // The action and the name are the same word, which the two schemas require: one of them each.
  const body = {
    type: 'person',
    identifiers: { anonymous_id: anonymousId },
    action: actionType,
    name: actionType,
    ...(context.time === undefined ? {} : { timestamp: context.time.seconds }),
    attributes,
  } as ContentOperation;
  return [entity(body, { attributes: 'properties' })];
}
