/**
 * `POST /api/v2/batch`: a bad envelope rejects the whole request, but each item is judged on its own;
 * the good ones are applied and the bad ones listed in a 207 answer by their index.
 */
import { type BatchItemProblem, batchPartialFailureBody, errorBody } from './error-bodies.js';
import type { Answer } from './handle-request.js';
import { jsonLength, limits, sizeProblem } from './limits.js';
import { entityLimitProblems } from './operation-limits.js';
import { batchEnvelopeProblems, batchItemPointer, schemaProblems } from './request-validation.js';
import type { WorkspaceCommand } from './workspace-model.js';

export interface BatchOutcome {
  answer: Answer;
  /** How many items were applied. */
  applied: number;
}

/** Validates a parsed batch body and applies each good item through `apply`, in order. */
export function processBatch(body: unknown, apply: (command: WorkspaceCommand) => void): BatchOutcome {
  const envelopeProblems = batchEnvelopeProblems(body);
  if (envelopeProblems.length > 0)
    return { answer: { status: 400, body: errorBody('v2', envelopeProblems) }, applied: 0 };

  const items = (body as { batch: unknown[] }).batch;
  const failures: BatchItemProblem[] = [];
  let applied = 0;
  for (const [index, item] of items.entries()) {
    // The item's own text is gone once the body is parsed; its compact JSON is what a client sends.
    const tooLarge = sizeProblem(jsonLength(item), limits.entityBytes, 'batch item');
    const limitProblems = tooLarge ? [tooLarge] : entityLimitProblems(item);
    const problems =
      limitProblems.length > 0 ? limitProblems : schemaProblems(batchItemPointer(), item, '', 'item');
    if (problems.length > 0) {
      failures.push(...problems.map((problem) => ({ batch_index: index, ...problem })));
      continue;
    }
    apply({ kind: 'entity', operation: item as Extract<WorkspaceCommand, { kind: 'entity' }>['operation'] });
    applied++;
  }
  const answer: Answer =
    failures.length > 0
      ? { status: 207, body: batchPartialFailureBody(failures) }
      : { status: 200, body: {} };
  return { answer, applied };
}
