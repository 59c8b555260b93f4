/** Mapped operations to feed `applyLimits`, built the way mapping builds them. */
import { expect } from 'vitest';
import type { components } from '../../generated/track-api.js';
import type { MappedOperation, OperationSource } from '../../src/mapping/limits.js';
import type { MessageRef } from '../../src/mapping/mapping-errors.js';
import type { EntityTrackOperation, TrackOperation } from '../../src/mapping/operations.js';
import {
  defaultMappingOptions,
  type MappingOptions,
  type ResolvedMappingOptions,
} from '../../src/mapping/options.js';

type Schemas = components['schemas'];
export type EntityBody = Schemas['EntityOperation'];

export const ref: MessageRef = { messageId: 'msg-1', index: 4 };

export function optionsWith(overrides: MappingOptions = {}): ResolvedMappingOptions {
  return { ...defaultMappingOptions, ...overrides };
}

export function entity(body: EntityBody, source: OperationSource = {}): MappedOperation {
  return { operation: { endpoint: 'entity', body }, source };
}

/** A person identify for `user-1`, as mapped from an identify's traits. */
export function personIdentify(
  attributes: Record<string, unknown>,
  extra: Partial<Schemas['PersonIdentify']> = {},
): MappedOperation {
  return entity(
    {
      type: 'person',
      identifiers: { id: 'user-1' },
      action: 'identify',
      ...extra,
      attributes: attributes as Schemas['PersonAttributes'],
    },
    { attributes: 'traits' },
  );
}

/** An object identify for company `acme`, as mapped from a group's traits. */
export function objectIdentify(
  attributes: Record<string, unknown>,
  extra: Partial<Schemas['ObjectIdentify']> = {},
): MappedOperation {
  return entity(
    {
      type: 'object',
      identifiers: { object_type_id: '1', object_id: 'acme' },
      action: 'identify',
      attributes,
      cio_relationships: [{ identifiers: { id: 'user-1' } }],
      ...extra,
    },
    { attributes: 'traits.objectAttributes' },
  );
}

/** A track event for `user-1`. */
export function personEvent(
  name: string,
  attributes: Record<string, unknown> = {},
  action: 'event' | 'screen' | 'page' = 'event',
): MappedOperation {
  return entity({ type: 'person', identifiers: { id: 'user-1' }, action, name, attributes } as EntityBody, {
    attributes: 'properties',
    name: action === 'event' ? 'event' : 'name',
  });
}

export function bodyOf(operation: TrackOperation | undefined): EntityBody {
  if (operation?.endpoint !== 'entity')
    throw new Error(`expected an entity operation, got ${String(operation?.endpoint)}`);
  return (operation as EntityTrackOperation).body;
}

/** The attributes of an entity operation, loosely typed for assertions. */
export function attributesOf(operation: TrackOperation | undefined): Record<string, unknown> {
  const body = bodyOf(operation) as { attributes?: Record<string, unknown> };
  return body.attributes ?? {};
}

/** `count` attributes named `trait_1`... with short values. */
export function traits(count: number, prefix = 'trait_'): Record<string, string> {
  return Object.fromEntries(
    Array.from({ length: count }, (_, index) => [`${prefix}${index + 1}`, `v${index + 1}`]),
  );
}

/** Freezes a value and everything in it, so a test fails if anything writes to it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** A warning with this code and field, whatever its sentence. */
export function warning(code: string, field: string) {
  return { code, field, message: expect.any(String) };
}

/** What `run` throws; fails the test when it returns. */
export function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

/** UTF-8 byte count, the reference way. */
export function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
