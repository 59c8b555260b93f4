/**
 * Method and path to operation. The table is checked against the generated `paths` and `operations`:
 * a path or method the spec no longer has, an operation id that does not fit its route, or an
 * operation left without a route fails typecheck.
 */

import type { operations, paths } from '../../generated/track-api.js';
import { trackApiOperations } from '../../generated/track-api.operations.js';

/** An operation of our spec, by its `operationId`, such as `sendBatch`. */
export type OperationId = keyof operations;

type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';
type PathTemplate = keyof paths;

/** The methods a path template defines (absent methods are typed `never` there). */
type MethodsOf<P extends PathTemplate> = {
  [M in HttpMethod]-?: [NonNullable<paths[P][M]>] extends [never] ? never : M;
}[HttpMethod];

/**
 * The operation ids whose type is exactly the one at `paths[P][M]`. Operations with identical shapes
 * (delete, suppress and unsuppress take the same parameters) cannot be told apart by type, so a test
 * also compares the table with the spec document.
 */
type OperationIdAt<P extends PathTemplate, M extends HttpMethod> = {
  [O in OperationId]: [operations[O]] extends [paths[P][M]]
    ? [paths[P][M]] extends [operations[O]]
      ? O
      : never
    : never;
}[OperationId];

export interface Route<O extends OperationId = OperationId> {
  operationId: O;
  /** Upper case, as requests carry it. */
  method: string;
  template: PathTemplate;
  /** Whether the operation needs Basic credentials (the spec's `security: []` says it does not). */
  authenticated: boolean;
  segments: readonly string[];
}

function route<P extends PathTemplate, M extends MethodsOf<P>, O extends OperationIdAt<P, M>>(
  template: P,
  method: M,
  operationId: O,
): Route<O> {
  return {
    operationId,
    method: method.toUpperCase(),
    template,
    authenticated: needsCredentials(template, method),
    segments: template.split('/'),
  };
}

export const routes = [
  route('/api/v1/accounts/region', 'get', 'getRegion'),
  route('/api/v1/customers/{identifier}', 'put', 'identifyPerson'),
  route('/api/v1/customers/{identifier}', 'delete', 'deletePerson'),
  route('/api/v1/customers/{identifier}/devices', 'put', 'addDevice'),
  route('/api/v1/customers/{identifier}/devices/{device_id}', 'delete', 'deleteDevice'),
  route('/api/v1/customers/{identifier}/suppress', 'post', 'suppressPerson'),
  route('/api/v1/customers/{identifier}/unsuppress', 'post', 'unsuppressPerson'),
  route('/api/v1/customers/{identifier}/events', 'post', 'trackEvent'),
  route('/api/v1/events', 'post', 'trackAnonymousEvent'),
  route('/api/v1/merge_customers', 'post', 'mergePeople'),
  route('/api/v1/metrics', 'post', 'reportMetric'),
  route('/unsubscribe/{delivery_id}', 'post', 'unsubscribe'),
  route('/api/v1/push/events', 'post', 'reportPushMetric'),
  route('/api/v1/forms/{form_id}/submit', 'post', 'submitForm'),
  route('/api/v1/segments/{segment_id}/add_customers', 'post', 'addPeopleToSegment'),
  route('/api/v1/segments/{segment_id}/remove_customers', 'post', 'removePeopleFromSegment'),
  route('/api/v2/entity', 'post', 'sendEntity'),
  route('/api/v2/batch', 'post', 'sendBatch'),
] as const;

// Fails typecheck when an operation of the spec has no route above.
const everyOperationRouted: Record<Exclude<OperationId, (typeof routes)[number]['operationId']>, never> = {};
void everyOperationRouted;

export type RouteMatch =
  | {
      kind: 'found';
      route: Route;
      /** Path parameters as sent, still percent-encoded. */
      rawParams: Record<string, string>;
    }
  | { kind: 'method_not_allowed'; allowed: string[] }
  | { kind: 'not_found' };

/** Finds the operation for a method and a path relative to the API's root (no query string). */
export function matchRoute(method: string, path: string): RouteMatch {
  const segments = path.split('/');
  const allowed: string[] = [];
  for (const candidate of routes) {
    const rawParams = matchSegments(candidate.segments, segments);
    if (!rawParams) continue;
    if (candidate.method === method.toUpperCase()) return { kind: 'found', route: candidate, rawParams };
    allowed.push(candidate.method);
  }
  return allowed.length ? { kind: 'method_not_allowed', allowed } : { kind: 'not_found' };
}

function matchSegments(
  template: readonly string[],
  actual: readonly string[],
): Record<string, string> | undefined {
  if (template.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of template.entries()) {
    const value = actual[index] ?? '';
    const name = /^\{(.+)\}$/.exec(part)?.[1];
    if (name === undefined) {
      if (part !== value) return undefined;
    } else {
      // An empty segment is no value: `/api/v1/customers/` names nobody.
      if (value === '') return undefined;
      params[name] = value;
    }
  }
  return params;
}

/** Whether the spec's `security` asks for credentials (the document's default unless the operation waives it). */
function needsCredentials(template: string, method: string): boolean {
  const label = `${method.toUpperCase()} ${template}`;
  return (
    !Object.hasOwn(trackApiOperations, label) ||
    trackApiOperations[label as keyof typeof trackApiOperations].authenticated
  );
}
