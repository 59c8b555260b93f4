/**
 * page -> person `page`, screen -> person `screen`; like events, with a dedupe `id`, the root
 * `timestamp`, properties as attributes, and anonymous views sent as `identifiers: { anonymous_id }`.
 *
 * A page view is named by its URL, as Customer.io expects: `properties.url` (Segment's only source),
 * else `context.page.url` (where analytics.js also records it), else the page's `name` (RudderStack's
 * first choice), so a page call from a server that knows only a name is not lost. A screen view is
 * named by the screen's `name` (Segment), else `properties.name`. Nothing to name it by is a problem.
 */
import { dedupeId } from './dedupe-id.js';
import { type ResolvedPerson, withAnonymousId } from './identifiers.js';
import type { MappedOperation } from './limits.js';
import { eventDataBudget } from './limits-context.js';
import {
  activityBody,
  activityPerson,
  attributesFrom,
  entity,
  firstText,
  type MapContext,
} from './map-context.js';
import type { PageMessage, ScreenMessage } from './messages.js';
import { pageDataTypes, untyped } from './reserved-attributes.js';

export function mapPage(message: PageMessage, context: MapContext): MappedOperation[] {
  const person = activityPerson(message, context);
  const name = firstText(
    [
      ['properties.url', message.properties?.url],
      ['context.page.url', message.context?.page?.url],
      ['name', message.name],
    ],
    { nonBlank: true },
  );
  if (name === undefined) {
    context.problems.push({
      path: 'properties.url',
      rule: 'required',
      message:
        'is required: a page view is named by its URL (properties.url, else context.page.url, else name)',
    });
  }
  return mapView('page', message, person, name, context);
}

export function mapScreen(message: ScreenMessage, context: MapContext): MappedOperation[] {
  const person = activityPerson(message, context);
  const name = firstText(
    [
      ['name', message.name],
      ['properties.name', message.properties?.name],
    ],
    { nonBlank: true },
  );
  if (name === undefined) {
    context.problems.push({
      path: 'name',
      rule: 'required',
      message: 'is required: a screen view is named by the screen (name, else properties.name)',
    });
  }
  return mapView('screen', message, person, name, context);
}

function mapView(
  action: 'page' | 'screen',
  message: PageMessage | ScreenMessage,
  person: ResolvedPerson | undefined,
  name: { path: string; value: string } | undefined,
  context: MapContext,
): MappedOperation[] {
  const types = action === 'page' ? pageDataTypes : untyped;
  const attributes = attributesFrom(context, message.properties, 'properties', eventDataBudget, types);
  // A message that cannot be sent needs no id: its content need not be hashed.
  if (person === undefined || name === undefined || context.problems.length > 0 || context.oversize)
    return [];
  const body = activityBody(
    action,
    person.identifiers,
    name.value,
    dedupeId(message, context.time?.ms, context.input),
    withAnonymousId(attributes, person, message.anonymousId, context.borrowInput),
    context,
  );
  return [entity(body, { attributes: 'properties', name: name.path })];
}
