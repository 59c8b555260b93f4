import { describe, expect, it } from 'vitest';
import { createWorkspace } from '../src/testing/workspace.js';
import { formSubmission, identify, personAction, t0, track } from './support/workspace-commands.js';

describe('form submissions', () => {
  it('create the person the email names, with the other fields as attributes', () => {
    const workspace = createWorkspace();
    workspace.apply(formSubmission('newsletter', { email: 'ada@example.com', first_name: 'Ada' }), t0);

    const ada = workspace.person({ email: 'ada@example.com' });
    expect(ada?.attributes).toStrictEqual({ email: 'ada@example.com', first_name: 'Ada' });
    expect(workspace.formSubmissions()).toStrictEqual([
      {
        formId: 'newsletter',
        fields: { email: 'ada@example.com', first_name: 'Ada' },
        timestamp: t0,
        cioId: ada?.cioId,
      },
    ]);
  });

  it('update the person the email or id names, as an identify would, an email in any letter case', () => {
    const workspace = createWorkspace();
    workspace.apply(identify({ id: 'u1' }, { email: 'ada@example.com', plan: 'pro' }), t0);
    workspace.apply(formSubmission('survey', { email: 'ADA@example.com', plan: 'team' }), t0 + 1);
    workspace.apply(formSubmission('survey', { id: 'u1', seats: '3' }), t0 + 2);

    expect(workspace.people()).toHaveLength(1);
    // The same address: only its spelling changes, as with an identify.
    expect(workspace.person({ id: 'u1' })?.attributes).toStrictEqual({
      email: 'ADA@example.com',
      plan: 'team',
      seats: '3',
    });
  });

  it("ignore the names Customer.io reserves for the form's own description", () => {
    const workspace = createWorkspace();
    workspace.apply(
      formSubmission('f', {
        id: 'u1',
        form_id: 'x',
        form_name: 'Sign up',
        form_type: 'html',
        form_url: 'https://example.com/signup',
        form_url_param: 'a=b',
        city: 'Paris',
      }),
      t0,
    );

    expect(workspace.person({ id: 'u1' })?.attributes).toStrictEqual({ city: 'Paris' });
    expect(workspace.formSubmissions()[0]?.fields).toStrictEqual({ id: 'u1', city: 'Paris' });
  });

  it('are recorded without a person when the identifier is suppressed', () => {
    const workspace = createWorkspace();
    workspace.apply(personAction('suppress', { email: 'ada@example.com' }), t0);
    workspace.apply(formSubmission('f', { email: 'ada@example.com' }), t0);

    expect(workspace.people()).toStrictEqual([]);
    expect(workspace.formSubmissions()).toStrictEqual([
      { formId: 'f', fields: { email: 'ada@example.com' }, timestamp: t0 },
    ]);
  });

  it('bring the activity of an anonymous_id field along, as an identify setting it does', () => {
    const workspace = createWorkspace();
    workspace.apply(track({ anonymous_id: 'anon-1' }, 'Viewed Pricing', { timestamp: t0 }), t0);
    workspace.apply(formSubmission('f', { email: 'ada@example.com', anonymous_id: 'anon-1' }), t0);

    expect(workspace.person({ email: 'ada@example.com' })?.events.map((event) => event.name)).toStrictEqual([
      'Viewed Pricing',
    ]);
  });

  it('are listed per form, oldest first, as copies, and forgotten by reset()', () => {
    const workspace = createWorkspace();
    workspace.apply(formSubmission('a', { id: 'u1' }), t0);
    workspace.apply(formSubmission('b', { id: 'u2' }), t0 + 1);
    workspace.apply(formSubmission('a', { id: 'u3' }), t0 + 2);

    expect(workspace.formSubmissions('a').map((submission) => submission.fields.id)).toStrictEqual([
      'u1',
      'u3',
    ]);
    const copy = workspace.formSubmissions();
    copy.pop();
    (copy[0] as { fields: Record<string, string> }).fields.id = 'changed';
    expect(workspace.formSubmissions().map((submission) => submission.fields.id)).toStrictEqual([
      'u1',
      'u2',
      'u3',
    ]);

    workspace.reset();
    expect(workspace.formSubmissions()).toStrictEqual([]);
  });
});
