/**
 * Customer.io's size limits, measured in UTF-8 bytes as Customer.io measures them (the spec's
 * `maxLength` counts characters, which lets multibyte text through). Messages Customer.io is known
 * to answer with are reproduced verbatim. These checks run before schema validation, on bodies not
 * yet known to be well-formed, so each one looks only at values of the shape it expects.
 */
import { joinField, type Problem } from './error-bodies.js';

export const limits = {
  /** A person's `id`. */
  personIdBytes: 150,
  /** An attribute's name. */
  attributeNameBytes: 150,
  /** An attribute's value: a string's bytes, anything else's JSON. */
  attributeValueBytes: 1000,
  /** Attributes in one identify call. */
  attributesPerIdentify: 300,
  eventNameBytes: 100,
  /** v1 event `data`, as JSON. */
  eventDataBytes: 100_000,
  /** An object's `object_id`. */
  objectIdBytes: 150,
  /** The body of `POST /api/v2/entity`, and each item of a batch (as JSON). */
  entityBytes: 32_768,
  /** The body of `POST /api/v2/batch`. */
  batchBytes: 512_000,
} as const;

/** UTF-8 length without allocating; a lone surrogate counts as the 3-byte replacement character. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(index + 1))) {
      bytes += 4;
      index++;
    } else bytes += 3;
  }
  return bytes;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

export function jsonLength(value: unknown): number {
  return utf8Length(JSON.stringify(value) ?? '');
}

const tooLong = (field: string, message: string): Problem => ({ reason: 'too_long', field, message });

/** A whole body or batch item over its byte limit. */
export function sizeProblem(bytes: number, maxBytes: number, what: string): Problem | undefined {
  if (bytes <= maxBytes) return undefined;
  return { reason: 'too_large', field: '', message: `${what} cannot be longer than ${maxBytes} bytes` };
}

/** Checks one person identifier object, such as v2 `identifiers` or a merge's `primary`. */
export function identifierProblems(identifiers: unknown, field: string, allowAnonymous = false): Problem[] {
  if (!isRecord(identifiers)) return [];
  const names = allowAnonymous ? ['id', 'email', 'cio_id', 'anonymous_id'] : ['id', 'email', 'cio_id'];
  if (!names.some((name) => Object.hasOwn(identifiers, name))) {
    return [{ reason: 'required', field: joinField(field, 'id'), message: 'id attribute must be present' }];
  }
  return personIdProblems(identifiers.id, joinField(field, 'id'));
}

/** Checks a person id wherever it appears: v2 identifiers, a v1 path, a v1 identify body. */
export function personIdProblems(id: unknown, field: string): Problem[] {
  if (id === '') return [{ reason: 'blank', field, message: 'id attribute cannot be an empty string' }];
  if (typeof id === 'string' && utf8Length(id) > limits.personIdBytes) {
    return [tooLong(field, `id attribute cannot be longer than ${limits.personIdBytes} bytes`)];
  }
  return [];
}

/**
 * Checks a set of attributes: names, values and, for an identify, how many there are.
 * @param countLimited whether the 300-attributes-per-identify limit applies
 */
export function attributeProblems(attributes: unknown, field: string, countLimited: boolean): Problem[] {
  if (!isRecord(attributes)) return [];
  const problems: Problem[] = [];
  const entries = Object.entries(attributes);
  if (countLimited && entries.length > limits.attributesPerIdentify) {
    problems.push({
      reason: 'too_many',
      field,
      message: `cannot identify more than ${limits.attributesPerIdentify} attributes in one request`,
    });
  }
  for (const [name, value] of entries) {
    if (utf8Length(name) > limits.attributeNameBytes) {
      problems.push(
        tooLong(
          joinField(field, name),
          `attribute name cannot be longer than ${limits.attributeNameBytes} bytes`,
        ),
      );
    }
    const size = typeof value === 'string' ? utf8Length(value) : jsonLength(value);
    if (size > limits.attributeValueBytes) {
      problems.push(
        tooLong(
          joinField(field, name),
          `value for attribute '${name}' cannot be longer than ${limits.attributeValueBytes} bytes`,
        ),
      );
    }
  }
  return problems;
}

/**
 * Checks an event's name. Page views are named by their URL, which only has to be non-blank.
 */
export function eventNameProblems(name: unknown, field: string, isPage: boolean): Problem[] {
  if (typeof name !== 'string') return [];
  if (name.trim() === '') return [{ reason: 'blank', field, message: 'event name must not be blank' }];
  if (!isPage && utf8Length(name) > limits.eventNameBytes) {
    return [tooLong(field, `event name cannot be longer than ${limits.eventNameBytes} bytes`)];
  }
  return [];
}

export function eventDataProblems(data: unknown, field: string): Problem[] {
  if (data === undefined || jsonLength(data) <= limits.eventDataBytes) return [];
  return [tooLong(field, `event data cannot be longer than ${limits.eventDataBytes} bytes`)];
}

/** Checks an object's identifiers and the names of relationship attributes. */
export function objectIdProblems(identifiers: unknown, field: string): Problem[] {
  if (!isRecord(identifiers) || typeof identifiers.object_id !== 'string') return [];
  if (utf8Length(identifiers.object_id) <= limits.objectIdBytes) return [];
  return [
    tooLong(joinField(field, 'object_id'), `object_id cannot be longer than ${limits.objectIdBytes} bytes`),
  ];
}

/**
 * Checks each relationship of an operation: the other side's identifiers and the attribute names.
 * @param otherSide whether each relationship names a person (object operations) or an object
 */
export function relationshipProblems(
  relationships: unknown,
  field: string,
  otherSide: 'person' | 'object',
): Problem[] {
  if (!Array.isArray(relationships)) return [];
  return relationships.flatMap((relationship, index) => {
    if (!isRecord(relationship)) return [];
    const at = `${field}[${index}]`;
    const identifiers = joinField(at, 'identifiers');
    return [
      ...(otherSide === 'person'
        ? identifierProblems(relationship.identifiers, identifiers, true)
        : objectIdProblems(relationship.identifiers, identifiers)),
      ...attributeProblems(
        relationship.relationship_attributes,
        joinField(at, 'relationship_attributes'),
        false,
      ),
    ];
  });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
