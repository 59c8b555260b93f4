/**
 * track -> person `event`: `name` = event, `attributes` = properties, root `id` = a deterministic ULID
 * (dedupe-id.ts), root `timestamp` = when it happened. An anonymous event is sent as
 * `identifiers: { anonymous_id }`, as Segment's and RudderStack's v2 mappers send it; an event about a
 * known person also carries `attributes.anonymous_id` so Customer.io merges earlier anonymous activity.
 *
 * Reserved event names (reserved-events.ts) become other operations. As Segment's presets route them,
 * the device events ("Application Installed", "Application Opened", "Application Uninstalled"...) are
 * also sent as events, after the device operation, since campaigns may be triggered by them; the
 * others ("User Deleted", "Object Deleted", "Report Delivery Event"...) are not.
 */
import { dedupeId } from './dedupe-id.js';
import { withAnonymousId } from './identifiers.js';
import type { MappedOperation } from './limits.js';
import { eventDataBudget } from './limits-context.js';
import { activityBody, activityPerson, attributesFrom, entity, type MapContext } from './map-context.js';
import { mapDevice } from './map-device.js';
import type { TrackMessage } from './messages.js';
import { eventDataTypes } from './reserved-attributes.js';
import {
  mapDeliveryMetric,
  mapObjectAction,
  mapPersonAction,
  reservedEvent,
  reservedEventAlsoTracked,
} from './reserved-events.js';

export function mapTrack(message: TrackMessage, context: MapContext): MappedOperation[] {
  const reserved = reservedEvent(message.event);
  if (reserved === undefined) return mapEvent(message, context);
  const mapped = mapReserved(reserved, message, context);
  return reservedEventAlsoTracked(reserved) ? [...mapped, ...mapEvent(message, context)] : mapped;
}

function mapReserved(
  reserved: NonNullable<ReturnType<typeof reservedEvent>>,
  message: TrackMessage,
  context: MapContext,
): MappedOperation[] {
  switch (reserved.kind) {
    case 'device':
      return mapDevice(reserved.action, message, context);
    case 'person':
      return mapPersonAction(reserved.action, message, context);
    case 'object':
      return mapObjectAction(reserved.action, message, context);
    case 'metric':
      return mapDeliveryMetric(message, context);
  }
}

/** The event itself: every track that is not reserved, and the device events too. */
export function mapEvent(message: TrackMessage, context: MapContext): MappedOperation[] {
  const person = activityPerson(message, context);
  const attributes = attributesFrom(
    context,
    message.properties,
    'properties',
    eventDataBudget,
    eventDataTypes,
  );
  // A message that cannot be sent needs no id: its content need not be hashed.
  if (person === undefined || context.problems.length > 0 || context.oversize !== undefined) return [];
  const body = activityBody(
    'event',
    person.identifiers,
    message.event,
    dedupeId(message, context.time?.ms, context.input),
    withAnonymousId(attributes, person, message.anonymousId, context.borrowInput),
    context,
  );
  return [entity(body, { attributes: 'properties', name: 'event' })];
}
