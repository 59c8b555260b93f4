/**
 * Who an operation is about. A person is named by exactly one identifier:
 * 1. a person id beginning with `cio_` -> `{ cio_id: <the rest> }` (v2 takes the bare value);
 * 2. else a person id shaped like an email -> `{ email }`;
 * 3. else a person id -> `{ id }`;
 * 4. else an email -> `{ email }`; else the anonymous id -> `{ anonymous_id }`.
 *
 * A person id of more than 150 UTF-8 bytes cannot be sent, and no change to it is safe (a shortened id
 * names someone else), so it is a problem rather than a warning. The limit is Customer.io's for `id`;
 * emails and cio_ids have none of their own, so they are not measured here. Object ids are the same.
 */

import type { components } from '../../generated/track-api.js';
import { utf8Length } from './limits-utf8.js';
import type { MessageProblem } from './mapping-errors.js';
import { setOwn } from './sanitize.js';

export type PersonIdentifiers = components['schemas']['PersonIdentifiers'];
export type ActivityIdentifiers = components['schemas']['ActivityIdentifiers'];

/** Customer.io's limit on a person id and on an object id, in UTF-8 bytes. */
export const maxIdBytes = 150;

/**
 * The email shape Segment's mapper tests person ids against (ajv-formats' full `email` format): dot
 * separated atoms of letters, digits and `!#$%&'*+/=?^_\`{|}~-`, an `@`, and a domain of two or more
 * labels of letters, digits and inner hyphens, without regard to case.
 */
const atom = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+";
const label = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
const emailShape = new RegExp(`^${atom}(?:\\.${atom})*@(?:${label}\\.)+${label}$`, 'i');

export function isEmailShaped(value: string): boolean {
  // Most person ids have no `@`: finding that out is a fraction of what running the pattern costs.
  return value.includes('@') && emailShape.test(value);
}

/** A value counts as given when it is a non-empty string: analytics.js sends `userId: null` when anonymous. */
export function given(value: string | null | undefined): value is string {
  return typeof value === 'string' && value !== '';
}

/** Reports an id over `maxIdBytes`; true when it fits. */
export function checkIdBytes(value: string, path: string, what: string, problems: MessageProblem[]): boolean {
  const bytes = utf8Length(value);
  if (bytes <= maxIdBytes) return true;
  problems.push({
    path,
    rule: 'max_bytes',
    limit: maxIdBytes,
    message: `${what} is ${bytes} bytes; Customer.io accepts at most ${maxIdBytes}, and shortening it would name someone else`,
  });
  return false;
}

/**
 * The identifier for a person id found at `path` (rules 1 to 3). Undefined, with a problem, when it
 * cannot be sent: `cio_` alone names no one, and an `id` over 150 bytes does not fit.
 */
export function personIdentifiersFor(
  personId: string,
  path: string,
  problems: MessageProblem[],
): PersonIdentifiers | undefined {
  if (personId.startsWith('cio_')) {
    const cioId = personId.slice('cio_'.length);
    if (cioId !== '') return { cio_id: cioId };
    problems.push({ path, rule: 'not_empty', message: 'is "cio_" with no cio_id after the prefix' });
    return undefined;
  }
  if (isEmailShaped(personId)) return { email: personId };
  return checkIdBytes(personId, path, 'The person id', problems) ? { id: personId } : undefined;
}

/** What a message offers to name its person, with the paths they came from. */
export interface PersonSources {
  userId?: string | null | undefined;
  /** The path of `userId` in the message (`userId`, or `previousId` for the other side of a merge). */
  userIdPath?: string;
  email?: unknown;
  /** Where `email` came from: `traits.email` on identify, `context.traits.email` elsewhere. */
  emailPath?: string;
  anonymousId?: string | null | undefined;
}

/** How the person was resolved. `known` is false when only an anonymous id names them. */
export type ResolvedPerson =
  | { known: true; identifiers: PersonIdentifiers }
  | { known: false; identifiers: { anonymous_id: string } };

/**
 * Rules 1 to 4. Undefined when nothing names the person, or when what does cannot be sent (then a
 * problem says why). An email is used only when it is a non-empty string.
 */
export function resolvePerson(
  sources: PersonSources,
  problems: MessageProblem[],
): ResolvedPerson | undefined {
  if (given(sources.userId)) {
    const identifiers = personIdentifiersFor(sources.userId, sources.userIdPath ?? 'userId', problems);
    return identifiers && { known: true, identifiers };
  }
  if (typeof sources.email === 'string' && sources.email !== '') {
    return { known: true, identifiers: { email: sources.email } };
  }
  if (given(sources.anonymousId)) return { known: false, identifiers: { anonymous_id: sources.anonymousId } };
  return undefined;
}

/**
 * The attributes of an operation about a known person with `anonymous_id` added, so Customer.io merges
 * the activity recorded under that anonymous id into them. A trait of the same name is replaced: the
 * message's own `anonymousId` is the one its earlier activity was recorded under.
 * @param shared whether `attributes` may be the user's own object (borrowed-attributes.ts): it is added
 *   to a copy then, and otherwise in place, which costs far less than copying an object of any shape
 */
export function withAnonymousId<T extends Record<string, unknown>>(
  attributes: T,
  person: ResolvedPerson,
  anonymousId: string | null | undefined,
  shared: boolean,
): T {
  if (!person.known || !given(anonymousId)) return attributes;
  if (shared) return { ...attributes, anonymous_id: anonymousId };
  setOwn(attributes, 'anonymous_id', anonymousId);
  return attributes;
}
