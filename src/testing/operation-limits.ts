/** Which of Customer.io's limits apply to which part of each operation's body. */
import type { Problem } from './error-bodies.js';
import {
  attributeProblems,
  eventDataProblems,
  eventNameProblems,
  identifierProblems,
  isRecord,
  objectIdProblems,
  personIdProblems,
  relationshipProblems,
} from './limits.js';
import type { OperationId } from './routes.js';

/** Limits of a v1 request; `pathId` is the person id its path named, when it named one by id. */
export function v1LimitProblems(
  operationId: OperationId,
  body: unknown,
  pathId: string | undefined,
): Problem[] {
  const problems = pathId === undefined ? [] : personIdProblems(pathId, 'identifier');
  if (!isRecord(body)) return problems;
  switch (operationId) {
    case 'identifyPerson': {
      // Every key of a v1 identify is an attribute, reserved ones included, but for its relationships.
      const { cio_relationships: relationships, ...attributes } = body;
      problems.push(
        ...personIdProblems(body.id, 'id'),
        ...attributeProblems(attributes, '', true),
        ...(isRecord(relationships)
          ? relationshipProblems(relationships.relationships, 'cio_relationships.relationships', 'object')
          : []),
      );
      break;
    }
    case 'submitForm':
      // The fields become the person's attributes, so an attribute's limits apply to each.
      if (isRecord(body.data)) {
        problems.push(
          ...personIdProblems(body.data.id, 'data.id'),
          ...attributeProblems(body.data, 'data', true),
        );
      }
      break;
    case 'trackEvent':
    case 'trackAnonymousEvent':
      problems.push(
        ...eventNameProblems(body.name, 'name', body.type === 'page'),
        ...eventDataProblems(body.data, 'data'),
      );
      break;
    case 'mergePeople':
      problems.push(
        ...identifierProblems(body.primary, 'primary'),
        ...identifierProblems(body.secondary, 'secondary'),
      );
      break;
    default:
      break;
  }
  return problems;
}

/** Limits of one v2 operation, sent alone or as a batch item. */
export function entityLimitProblems(operation: unknown): Problem[] {
  if (!isRecord(operation)) return [];
  const { type, action } = operation;
  if (type === 'object') {
    return [
      ...objectIdProblems(operation.identifiers, 'identifiers'),
      ...attributeProblems(operation.attributes, 'attributes', false),
      ...relationshipProblems(operation.cio_relationships, 'cio_relationships', 'person'),
    ];
  }
  if (type !== 'person') return [];
  if (action === 'merge') {
    return [
      ...identifierProblems(operation.primary, 'primary'),
      ...identifierProblems(operation.secondary, 'secondary'),
    ];
  }
  const activity = action === 'event' || action === 'page' || action === 'screen';
  const content = action === 'viewed_content' || action === 'clicked_content';
  const problems = identifierProblems(operation.identifiers, 'identifiers', activity || content);
  if (activity) {
    problems.push(
      ...eventNameProblems(operation.name, 'name', action === 'page'),
      ...eventDataProblems(operation.attributes, 'attributes'),
    );
  } else if (content) {
    // Customer.io states no limit of its own for content activity; an event's data limit is assumed.
    problems.push(...eventDataProblems(operation.attributes, 'attributes'));
  } else if (action === 'identify') {
    problems.push(...attributeProblems(operation.attributes, 'attributes', true));
  }
  if (action === 'identify' || action === 'add_relationships' || action === 'delete_relationships') {
    problems.push(...relationshipProblems(operation.cio_relationships, 'cio_relationships', 'object'));
  }
  return problems;
}
