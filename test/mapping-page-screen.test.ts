import { describe, expect, it } from 'vitest';
import { mapMessage } from '../src/mapping/index.js';
import {
  entity,
  eventId,
  page,
  problemsOf,
  screen,
  seconds,
  sent,
  warning,
} from './support/segment-messages.js';

const view = (
  action: 'page' | 'screen',
  name: string,
  identifiers: Record<string, string>,
  attributes: Record<string, unknown>,
) =>
  entity({
    type: 'person',
    identifiers,
    action,
    name,
    id: eventId(`msg-${action}`),
    timestamp: seconds,
    attributes,
  });

describe('page -> person page, named by its URL', () => {
  const url = 'https://example.com/pricing?plan=pro';

  it('takes properties.url first, and sends the properties as attributes', () => {
    const properties = { url, title: 'Pricing', path: '/pricing', referrer: '', keywords: ['a'] };
    const message = page({
      name: 'Pricing',
      context: { page: { url: 'https://example.com/other' } },
      properties,
    });
    expect(mapMessage(message)).toStrictEqual(sent(view('page', url, { id: 'user-1' }, properties)));
  });

  it('falls back to context.page.url, then to the page name', () => {
    const fromContext = page({
      name: 'Pricing',
      context: { page: { url } },
      properties: { title: 'Pricing' },
    });
    expect(mapMessage(fromContext)).toStrictEqual(
      sent(view('page', url, { id: 'user-1' }, { title: 'Pricing' })),
    );
    const fromName = page({ name: 'Pricing', properties: { url: '' } });
    expect(mapMessage(fromName)).toStrictEqual(sent(view('page', 'Pricing', { id: 'user-1' }, { url: '' })));
  });

  it('passes over blank URLs and names, which Customer.io refuses', () => {
    const message = page({ name: 'Pricing', context: { page: { url: ' ' } }, properties: { url: '\t' } });
    expect(mapMessage(message)).toStrictEqual(sent(view('page', 'Pricing', { id: 'user-1' }, { url: '\t' })));
  });

  it('leaves out page properties Customer.io types as strings when they are not, and never converts them', () => {
    const properties = {
      url,
      title: 42,
      path: '/p',
      referrer: null,
      search: '2024-03-01',
      keywords: ['a', 1],
      at: '2024-03-01',
    };
    expect(mapMessage(page({ properties }))).toStrictEqual({
      operations: [
        view('page', url, { id: 'user-1' }, { url, path: '/p', search: '2024-03-01', at: 1_709_251_200 }),
      ],
      warnings: [
        warning('value_dropped', 'properties.title'),
        warning('value_dropped', 'properties.referrer'),
        warning('value_dropped', 'properties.keywords'),
      ],
    });
  });

  it('sends an anonymous page view under identifiers.anonymous_id', () => {
    const message = page({ userId: null, anonymousId: 'anon-1', properties: { url } });
    expect(mapMessage(message)).toStrictEqual(sent(view('page', url, { anonymous_id: 'anon-1' }, { url })));
  });

  it('links the anonymous activity of a known person', () => {
    const message = page({ anonymousId: 'anon-1', properties: { url } });
    expect(mapMessage(message)).toStrictEqual(
      sent(view('page', url, { id: 'user-1' }, { url, anonymous_id: 'anon-1' })),
    );
  });

  it('is refused when nothing names the page view, or the person', () => {
    expect(
      problemsOf(() => mapMessage(page({ userId: undefined, properties: { title: 'x' } }))),
    ).toStrictEqual([
      {
        path: 'userId',
        rule: 'required',
        message: 'is required: a page needs a userId, context.traits.email or an anonymousId',
      },
      {
        path: 'properties.url',
        rule: 'required',
        message:
          'is required: a page view is named by its URL (properties.url, else context.page.url, else name)',
      },
    ]);
  });
});

describe('screen -> person screen, named by the screen', () => {
  it('takes the name, and sends the properties as attributes', () => {
    const message = screen({ name: 'Réglages ⚙️', category: 'Settings', properties: { tab: 'privacy' } });
    expect(mapMessage(message)).toStrictEqual(
      sent(view('screen', 'Réglages ⚙️', { id: 'user-1' }, { tab: 'privacy' })),
    );
  });

  it('falls back to properties.name', () => {
    const message = screen({ userId: 'cio_9', properties: { name: 'Home' } });
    expect(mapMessage(message)).toStrictEqual(
      sent(view('screen', 'Home', { cio_id: '9' }, { name: 'Home' })),
    );
  });

  it('sends an anonymous screen view under identifiers.anonymous_id', () => {
    const message = screen({ userId: undefined, anonymousId: 'anon-1', name: 'Home' });
    expect(mapMessage(message)).toStrictEqual(sent(view('screen', 'Home', { anonymous_id: 'anon-1' }, {})));
  });

  it.each([[''], [' '], ['\t\n']])('is refused with the name %j and no other', (name) => {
    expect(problemsOf(() => mapMessage(screen({ name })))).toStrictEqual([
      {
        path: 'name',
        rule: 'required',
        message: 'is required: a screen view is named by the screen (name, else properties.name)',
      },
    ]);
  });
});
