/**
 * Form submissions: each is recorded, and identifies the person its `email` or `id` names, as an
 * identify with the form's fields as attributes would (creating the person when needed).
 */
import type { components } from '../../generated/track-api.js';
import { withoutPrototypes } from './null-prototype.js';
import { identifyPerson } from './workspace-identify.js';
import type { StoredFormSubmission } from './workspace-model.js';
import type { WorkspaceState } from './workspace-state.js';

type PersonIdentifiers = components['schemas']['PersonIdentifiers'];

/** Field names Customer.io keeps for its own description of a form, and ignores in a submission. */
const reservedFields = new Set(['form_id', 'form_name', 'form_type', 'form_url', 'form_url_param']);

export function submitForm(
  state: WorkspaceState,
  formId: string,
  submitted: components['schemas']['FormFields'],
  receivedAt: number,
): void {
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(submitted)) {
    if (!reservedFields.has(name) && typeof value === 'string') fields[name] = value;
  }
  // The schema lets exactly one of the two through.
  const identifiers: PersonIdentifiers = Object.hasOwn(fields, 'email')
    ? { email: fields.email as string }
    : { id: fields.id as string };
  // Without prototypes, like the commands: identify reads fields it may not find (`timestamp`...).
  const identify = withoutPrototypes({
    type: 'person',
    identifiers,
    action: 'identify',
    attributes: fields,
  } as const);
  identifyPerson(state, identify, receivedAt);
  const person = state.people.find(identifiers);
  const submission: StoredFormSubmission = { formId, fields, timestamp: receivedAt };
  if (person) submission.cioId = person.cioId;
  state.formSubmissions.push(submission);
}
