/**
 * How each operation travels, decided once when it is accepted: as a v2 operation that may share a
 * batch, alone on a v1 endpoint, or not at all. Each body is serialised once, by the limits that measured
 * it or else here (operation-json.ts); batches are then assembled from these strings without serialising
 * anything again.
 */
import type { components } from '../../generated/track-api.js';
import type { CustomerIoError } from '../errors.js';
import { utf8Length } from '../mapping/limits-utf8.js';
import { operationJson } from '../mapping/operation-json.js';
import type { TrackOperation } from '../mapping/operations.js';
import { entityLimitBytes } from './options.js';
import { type FallbackContext, type V1Request, v1Fallback } from './v1-fallback.js';

/** A request that carries one operation on its own. */
export type SoloRequest =
  | V1Request
  | { endpoint: 'reportMetric'; body: components['schemas']['EmailMetric'] };

export type OperationRoute =
  /** A v2 operation within 32 KB: sent to `/api/v2/entity` alone, or as an item of `/api/v2/batch`. */
  | { kind: 'v2'; json: string; bytes: number }
  /** A v1 request of its own. */
  | { kind: 'solo'; request: SoloRequest; json: string; bytes: number }
  /** The operation cannot be sent; the message fails with this error when its turn comes. */
  | { kind: 'unsendable'; error: CustomerIoError };

export function routeOperation(operation: TrackOperation, context: FallbackContext): OperationRoute {
  if (operation.endpoint === 'metrics') return solo({ endpoint: 'reportMetric', body: operation.body });
  // Usually serialised already, when the limits measured it (operation-json.ts).
  const { json, bytes } = operationJson(operation.body);
  if (bytes <= entityLimitBytes) return { kind: 'v2', json, bytes };
  const fallback = v1Fallback(operation, bytes, context);
  return 'endpoint' in fallback ? solo(fallback) : { kind: 'unsendable', error: fallback };
}

function solo(request: SoloRequest): OperationRoute {
  const json = JSON.stringify(request.body);
  return { kind: 'solo', request, json, bytes: utf8Length(json) };
}
