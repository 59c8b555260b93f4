/**
 * group -> object `identify`, relating the object to the person; `identify_anonymous` when only an
 * anonymousId names the person, related as `{ anonymous_id }`. As Segment's "Create or Update Object":
 * - `object_id` = groupId; `object_type_id` = `traits.object_type_id`, else `traits.objectTypeId`,
 *   else "1";
 * - the object's attributes are `traits.objectAttributes`, and only those. (RudderStack sends all the
 *   traits; Segment's current action does not, and a group's other traits are left unsent here too);
 * - `relationship_attributes` = `traits.relationshipAttributes`, when it is an object.
 *
 * - the message's `anonymousId`, when it has one, is the object's `anonymous_id` attribute (for
 *   `identify` and `identify_anonymous` alike), replacing one of that name in `objectAttributes`.
 *
 * Where we differ:
 * - Segment sends `created_at` (from `traits.created_at` or `createdAt`) at the operation's root,
 *   which Customer.io's schema for an object operation does not have: it is sent as the object's
 *   `created_at` attribute instead, unless `objectAttributes` has its own.
 * - The person is named as for a track (userId, else `context.traits.email`, else anonymousId), where
 *   Segment reads only the userId.
 */
import { given } from './identifiers.js';
import type { MappedOperation } from './limits.js';
import { objectAttributesBudget } from './limits-context.js';
import { activityPerson, attributesFrom, entity, type MapContext } from './map-context.js';
import type { GroupMessage } from './messages.js';
import { isPlainObject } from './messages.js';
import { objectIdentifiers, objectIdFrom, objectTypeIdFromTraits } from './objects.js';
import { type JsonObject, omitKeys, setOwn } from './sanitize.js';
import { readCreatedAt } from './timestamps.js';

const relationshipPath = 'traits.relationshipAttributes';

/** Keys Segment removes from the object's attributes: they say how to relate, not what the object is. */
const relationshipKeys = ['object_type_id', 'objectTypeId', 'relationshipAttributes'];

export function mapGroup(message: GroupMessage, context: MapContext): MappedOperation[] {
  const traits = message.traits ?? {};
  const objectId = objectIdFrom([['groupId', message.groupId]], context.problems, 'a group names its object');
  const objectTypeId = objectTypeIdFromTraits(traits, context.problems);
  const person = activityPerson(message, context);
  const attributes = objectAttributes(traits, message.anonymousId, context);
  const relationshipAttributes = isPlainObject(traits.relationshipAttributes)
    ? {
        relationship_attributes: attributesFrom(
          context,
          traits.relationshipAttributes,
          relationshipPath,
          objectAttributesBudget,
        ),
      }
    : {};
  const identifiers = objectIdentifiers(objectId, objectTypeId);
  if (identifiers === undefined || person === undefined) return [];

  const source = { attributes: 'traits.objectAttributes', relationshipAttributes: relationshipPath };
  if (person.known) {
    const relationship = { identifiers: person.identifiers, ...relationshipAttributes };
    return [
      entity(
        { type: 'object', identifiers, action: 'identify', attributes, cio_relationships: [relationship] },
        source,
      ),
    ];
  }
  const relationship = { identifiers: person.identifiers, ...relationshipAttributes };
  return [
    entity(
      {
        type: 'object',
        identifiers,
        action: 'identify_anonymous',
        attributes,
        cio_relationships: [relationship],
      },
      source,
    ),
  ];
}

function objectAttributes(
  traits: Record<string, unknown>,
  anonymousId: string | null | undefined,
  context: MapContext,
): JsonObject {
  const fromTraits = traits.objectAttributes;
  let attributes: JsonObject = {};
  if (isPlainObject(fromTraits)) {
    attributes = attributesFrom(
      context,
      omitKeys(fromTraits, relationshipKeys),
      'traits.objectAttributes',
      objectAttributesBudget,
    );
  } else if (fromTraits != null) {
    context.warnings.push({
      code: 'value_dropped',
      field: 'traits.objectAttributes',
      message: "traits.objectAttributes was left out: the object's attributes must be an object.",
    });
  }
  const createdAt = readCreatedAt(traits, 'traits', context.warnings);
  // Always mapping's own object: borrowed attributes are borrowed from omitKeys's view of the traits.
  if (createdAt !== undefined && !Object.hasOwn(attributes, 'created_at'))
    setOwn(attributes, 'created_at', createdAt);
  if (given(anonymousId)) setOwn(attributes, 'anonymous_id', anonymousId);
  return attributes;
}
