/**
 * alias -> person `merge`, as Segment's "Merge People" action: the primary person is the userId, the
 * secondary (merged into the primary, then deleted) is the previousId, each resolved by the person
 * rules (`cio_` prefix, email shape, else id). A previousId that was an anonymousId is sent as an `id`,
 * as Segment sends it: Customer.io merges people, and an anonymous id names none.
 */
import { personIdentifiersFor } from './identifiers.js';
import type { MappedOperation } from './limits.js';
import { entity, type MapContext } from './map-context.js';
import type { AliasMessage } from './messages.js';

export function mapAlias(message: AliasMessage, context: MapContext): MappedOperation[] {
  const primary = personIdentifiersFor(message.userId, 'userId', context.problems);
  const secondary = personIdentifiersFor(message.previousId, 'previousId', context.problems);
  if (primary === undefined || secondary === undefined) return [];
  return [entity({ type: 'person', action: 'merge', primary, secondary })];
}
