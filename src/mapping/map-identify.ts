/**
 * identify -> person `identify`. As Segment's "Create or Update Person" action:
 * - the person is the userId, else `traits.email`; an anonymousId alone is not enough, since Customer.io
 *   cannot create a person from it;
 * - `attributes` are the traits, nested objects kept nested, with `created_at` taken from `created_at`
 *   or `createdAt` and always sent as unix seconds (Customer.io's schema types it as an integer, so it is
 *   converted even when `convertTimestamps` is off);
 * - `object_type_id`, `objectTypeId` and `relationshipAttributes` are not attributes: with
 *   `traits.objectId` they relate the person to that object, as Segment's action does;
 * - the root `timestamp` orders the update among others for the same person.
 *
 * Traits are counted before they are copied: under `split`, an identify whose traits would need more
 * than `maxOperationsPerIdentify` operations is refused at once (limits-identify.ts).
 *
 * `unsubscribed` must be a boolean: `true`, `1`, `"1"` and "true" in any case become true; `false`,
 * `0`, `"0"` and "false" in any case become false; any other value is left out with a warning, since
 * guessing a person's consent either way would be wrong. (Segment sends the value as it is.) The other
 * traits Customer.io types (`email`, `anonymous_id`, `_update`, `cio_subscription_preferences`) are
 * checked the same way: see reserved-attributes.ts.
 */
import type { components } from '../../generated/track-api.js';
import { withAnonymousId } from './identifiers.js';
import type { MappedOperation } from './limits.js';
import { objectAttributesBudget, personAttributesBudget } from './limits-context.js';
import { operationsProblem } from './limits-identify.js';
import { attributesFrom, entity, firstText, type MapContext, requirePerson } from './map-context.js';
import type { IdentifyMessage } from './messages.js';
import { isPlainObject } from './messages.js';
import { objectIdentifiers, objectIdFrom, objectTypeIdFromTraits } from './objects.js';
import { personAttributeTypes } from './reserved-attributes.js';
import { omitKeys } from './sanitize.js';
import { readCreatedAt } from './timestamps.js';

type PersonIdentify = components['schemas']['PersonIdentify'];

/** Traits that mapping reads for itself and does not send as attributes. */
const handledTraits = ['created_at', 'createdAt', 'object_type_id', 'objectTypeId', 'relationshipAttributes'];

export function mapIdentify(message: IdentifyMessage, context: MapContext): MappedOperation[] {
  const traits = message.traits ?? {};
  const person = requirePerson(
    { userId: message.userId, email: traits.email, emailPath: 'traits.email' },
    context,
    'an identify needs a userId or traits.email to name the person',
  );

  const createdAt = readCreatedAt(traits, 'traits', context.warnings);
  const names = Object.keys(traits);
  // Fewer traits than one operation holds need no counting.
  const problem =
    names.length < context.options.maxTraitsPerIdentify
      ? undefined
      : operationsProblem(
          attributeCount(traits, names, createdAt),
          Object.hasOwn(traits, '_update'),
          context.options,
        );
  if (problem !== undefined) context.problems.push(problem);
  const attributes =
    problem === undefined
      ? attributesFrom(
          context,
          omitKeys(traits, handledTraits, names),
          'traits',
          personAttributesBudget,
          personAttributeTypes,
        )
      : {};
  if (createdAt !== undefined) attributes.created_at = createdAt;
  const relationship = relationshipFrom(traits, context);
  if (person === undefined || !person.known) return [];

  const body: PersonIdentify = {
    type: 'person',
    identifiers: person.identifiers,
    action: 'identify',
    // Made from omitKeys's view of the traits, never the user's own object.
    attributes: withAnonymousId(attributes, person, message.anonymousId, false),
  };
  // Assigned rather than spread into the literal, which costs several times what the rest of it does.
  if (context.time !== undefined) body.timestamp = context.time.seconds;
  if (relationship !== undefined) body.cio_relationships = [relationship];
  return [entity(body, identifySource)];
}

const relationshipPath = 'traits.relationshipAttributes';
const identifySource = { attributes: 'traits', relationshipAttributes: relationshipPath };

/** How many attributes the identify would carry if every trait were sent, `created_at` included. */
function attributeCount(
  traits: Record<string, unknown>,
  names: readonly string[],
  createdAt: number | undefined,
): number {
  let count = names.length + (createdAt === undefined ? 0 : 1);
  for (const name of handledTraits) if (Object.hasOwn(traits, name)) count--;
  return count;
}

/** Segment's person-to-object relationship, made when the traits name an object (`traits.objectId`). */
function relationshipFrom(traits: Record<string, unknown>, context: MapContext) {
  if (firstText([['traits.objectId', traits.objectId]]) === undefined) return undefined;
  const objectId = objectIdFrom([['traits.objectId', traits.objectId]], context.problems, 'an object id');
  const objectTypeId = objectTypeIdFromTraits(traits, context.problems);
  const identifiers = objectIdentifiers(objectId, objectTypeId);
  if (identifiers === undefined) return undefined;
  const attributes = traits.relationshipAttributes;
  if (!isPlainObject(attributes)) return { identifiers };
  return {
    identifiers,
    relationship_attributes: attributesFrom(context, attributes, relationshipPath, objectAttributesBudget),
  };
}
