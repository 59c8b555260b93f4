/**
 * track -> person `event`: `name` = event, `attributes` = properties, root `id` = a deterministic ULID
 * (dedupe-id.ts), root `timestamp` = when it happened. An anonymous event is sent as
 * `identifiers: { anonymous_id }`, as Segment's and RudderStack's v2 mappers send it; an event about a
 * known person also carries `attributes.anonymous_id` so Customer.io merges earlier anonymous activity.
 *
 * Reserved event names (reserved-events.ts) become other operations, and only those, as Segment's
 * presets route them since its "Track Event" preset left them out (April 2026). The device events
 * ("Application Installed", "Application Opened", "Application Uninstalled"...) are also sent as
 * events, after the device operation, with `deviceEventsAlsoTracked`; and whenever their device cannot
 * be named (no token, no known person: map-device.ts warns), so the event is not lost with it.
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
  mapContentEvent,
  mapDeliveryMetric,
  mapObjectAction,
  mapPersonAction,
  type ReservedEvent,
  reservedEvent,
} from './reserved-events.js';

export function mapTrack(message: TrackMessage, context: MapContext): MappedOperation[] {
  const reserved = reservedEvent(message.event);
  if (reserved === undefined) return mapEvent(message, context);
  if (reserved.kind !== 'device') return mapReserved(reserved, message, context);
  const device = mapDevice(reserved.action, message, context);
  if (device.length > 0 && !context.options.deviceEventsAlsoTracked) return device;
  return [...device, ...mapEvent(message, context)];
}

function mapReserved(
  reserved: Exclude<ReservedEvent, { kind: 'device' }>,
  message: TrackMessage,
  context: MapContext,
): MappedOperation[] {
  switch (reserved.kind) {
    case 'person':
      return mapPersonAction(reserved.action, message, context);
    case 'object':
      return mapObjectAction(reserved.action, message, context);
    case 'metric':
      return mapDeliveryMetric(message, context);
    case 'content':
      return mapContentEvent(message, context);
  }
}

/** The event itself: every track that is not reserved, and device events as map-track says. */
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
