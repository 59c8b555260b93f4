/**
 * The error shapes Customer.io answers with. v1 endpoints answer `{"meta":{"error"}}` (or
 * `{"meta":{"errors":[...]}}` for several problems), v2 endpoints `{"errors":[{reason, field, message}]}`,
 * and a batch with some rejected items `207 {"errors":[{batch_index, reason, field, message}]}`.
 */

/** One thing wrong with a request. */
export interface Problem {
  /** A short machine-readable cause, such as `required`, `invalid` or `limit_exceeded`. */
  reason: string;
  /**
   * Where the problem is, as a dotted path into the body (`attributes.plan`, `cio_relationships[0].identifiers`),
   * or `''` for the body (or batch item) as a whole.
   */
  field: string;
  /** A complete sentence; v1 answers carry only this. Customer.io's known limit messages are kept verbatim. */
  message: string;
}

/** A problem of one batch item, as a 207 answer lists it. */
export interface BatchItemProblem extends Problem {
  batch_index: number;
}

/** Appends a property name or array index to a dotted field path: `cio_relationships` + `0` -> `cio_relationships[0]`. */
export function joinField(base: string, segment: string): string {
  if (segment === '') return base;
  if (/^\d+$/.test(segment)) return `${base}[${segment}]`;
  return base ? `${base}.${segment}` : segment;
}

/** Which family of endpoints a path belongs to, which decides the error shape. */
export type ApiFamily = 'v1' | 'v2';

export function apiFamilyOf(path: string): ApiFamily {
  return path.startsWith('/api/v2/') ? 'v2' : 'v1';
}

export function errorBody(family: ApiFamily, problems: readonly Problem[]): unknown {
  if (family === 'v2')
    return { errors: problems.map(({ reason, field, message }) => ({ reason, field, message })) };
  if (problems.length === 1) return { meta: { error: problems[0]?.message } };
  return { meta: { errors: problems.map((problem) => problem.message) } };
}

export function batchPartialFailureBody(problems: readonly BatchItemProblem[]): unknown {
  return {
    errors: problems.map(({ batch_index, reason, field, message }) => ({
      batch_index,
      reason,
      field,
      message,
    })),
  };
}

/** A single-problem body for answers that concern the request as a whole (404, 405, 429, 5xx). */
export function requestProblem(family: ApiFamily, reason: string, message: string): unknown {
  return errorBody(family, [{ reason, field: '', message }]);
}
