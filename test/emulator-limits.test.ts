import { describe, expect, it } from 'vitest';
import { limits } from '../src/testing/index.js';
import { identifyOp, type RawAnswer, transports, useEmulator } from './support/emulator-harness.js';

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/** A string of exactly `bytes` UTF-8 bytes: as many `unit`s as fit, then ASCII. */
function fill(bytes: number, unit = 'a'): string {
  const count = Math.floor(bytes / utf8(unit));
  return unit.repeat(count) + 'a'.repeat(bytes - count * utf8(unit));
}

/** Each limit is checked with ASCII text and with 2-, 3- and 4-byte characters. */
const units = ['a', 'é', '€', '😀'] as const;

const eventOp = (pad: string) =>
  ({ type: 'person', identifiers: { id: 'u1' }, action: 'event', name: 'big', attributes: { pad } }) as const;

/** An event operation whose JSON is exactly `bytes` long. */
function eventOfSize(bytes: number, unit: string) {
  const overhead = utf8(JSON.stringify(eventOp('')));
  return eventOp(fill(bytes - overhead, unit));
}

function expectV1(answer: RawAnswer, message: string) {
  expect(answer.status).toBe(400);
  expect(answer.json).toEqual({ meta: { error: message } });
}

function expectV2(answer: RawAnswer, message: string) {
  expect(answer.status).toBe(400);
  expect(answer.json).toEqual({ errors: [expect.objectContaining({ message })] });
}

describe.each(transports)("Customer.io's limits in UTF-8 bytes, through %s", (transport) => {
  const api = useEmulator(transport);
  const entity = (body: unknown) => api.raw('POST', '/api/v2/entity', { body });

  it.each(units)('person id: 150 bytes accepted, 151 rejected (%s)', async (unit) => {
    expect((await entity(identifyOp(fill(150, unit)))).status).toBe(200);
    expectV2(await entity(identifyOp(fill(151, unit))), 'id attribute cannot be longer than 150 bytes');

    const path = (id: string) => `/api/v1/customers/${encodeURIComponent(id)}`;
    expect((await api.raw('PUT', path(`x${fill(149, unit)}`), { body: {} })).status).toBe(200);
    expectV1(
      await api.raw('PUT', path(`x${fill(150, unit)}`), { body: {} }),
      'id attribute cannot be longer than 150 bytes',
    );
    expect(api.emulator.workspace.people()).toHaveLength(2);
  });

  it('empty id: rejected wherever a person id goes', async () => {
    const message = 'id attribute cannot be an empty string';
    expectV2(await entity(identifyOp('')), message);
    expectV2(
      await entity({ type: 'person', action: 'merge', primary: { id: '' }, secondary: { id: 'b' } }),
      message,
    );
    expectV1(await api.raw('PUT', '/api/v1/customers/u1', { body: { id: '' } }), message);
    expectV1(
      await api.raw('POST', '/api/v1/merge_customers', {
        body: { primary: { id: 'a' }, secondary: { id: '' } },
      }),
      message,
    );
    expect(api.emulator.workspace.people()).toEqual([]);
  });

  it('identifiers with none of id, email or cio_id: "id attribute must be present"', async () => {
    expectV2(
      await entity({ type: 'person', identifiers: {}, action: 'delete' }),
      'id attribute must be present',
    );
  });

  it.each(units)('attribute name: 150 bytes accepted, 151 rejected (%s)', async (unit) => {
    const message = 'attribute name cannot be longer than 150 bytes';
    expect((await entity(identifyOp('u1', { [fill(150, unit)]: 1 }))).status).toBe(200);
    expectV2(await entity(identifyOp('u1', { [fill(151, unit)]: 1 })), message);
    expect((await api.raw('PUT', '/api/v1/customers/u1', { body: { [fill(150, unit)]: 1 } })).status).toBe(
      200,
    );
    expectV1(await api.raw('PUT', '/api/v1/customers/u1', { body: { [fill(151, unit)]: 1 } }), message);
  });

  it.each(units)('attribute value: 1000 bytes accepted, 1001 rejected (%s)', async (unit) => {
    const message = "value for attribute 'bio' cannot be longer than 1000 bytes";
    expect((await entity(identifyOp('u1', { bio: fill(1000, unit) }))).status).toBe(200);
    expectV2(await entity(identifyOp('u1', { bio: fill(1001, unit) })), message);
    expect((await api.raw('PUT', '/api/v1/customers/u1', { body: { bio: fill(1000, unit) } })).status).toBe(
      200,
    );
    expectV1(await api.raw('PUT', '/api/v1/customers/u1', { body: { bio: fill(1001, unit) } }), message);
    expect(api.emulator.workspace.person({ id: 'u1' })?.attributes.bio).toBe(fill(1000, unit));
  });

  it('attribute value: an object or array counts as its JSON', async () => {
    // {"k":"…"} is 8 bytes around the string; ["…"] is 4.
    expect((await entity(identifyOp('u1', { bio: { k: fill(992, '€') } }))).status).toBe(200);
    expectV2(
      await entity(identifyOp('u1', { bio: { k: fill(993, '€') } })),
      "value for attribute 'bio' cannot be longer than 1000 bytes",
    );
    expect((await entity(identifyOp('u1', { tags: [fill(996)] }))).status).toBe(200);
    expectV2(
      await entity(identifyOp('u1', { tags: [fill(997)] })),
      "value for attribute 'tags' cannot be longer than 1000 bytes",
    );
  });

  it('attributes per identify: 300 accepted, 301 rejected', async () => {
    const message = 'cannot identify more than 300 attributes in one request';
    const attributes = (count: number) =>
      Object.fromEntries(Array.from({ length: count }, (_, index) => [`a${index}`, index]));
    expect((await entity(identifyOp('u1', attributes(300)))).status).toBe(200);
    expectV2(await entity(identifyOp('u1', attributes(301))), message);
    expect((await api.raw('PUT', '/api/v1/customers/u1', { body: attributes(300) })).status).toBe(200);
    expectV1(await api.raw('PUT', '/api/v1/customers/u1', { body: attributes(301) }), message);
  });

  it.each(units)('event name: 100 bytes accepted, 101 rejected (%s)', async (unit) => {
    const message = 'event name cannot be longer than 100 bytes';
    const event = (name: string) => ({ type: 'person', identifiers: { id: 'u1' }, action: 'event', name });
    expect((await entity(event(fill(100, unit)))).status).toBe(200);
    expectV2(await entity(event(fill(101, unit))), message);
    const v1 = (name: string) => api.raw('POST', '/api/v1/events', { body: { anonymous_id: 'a1', name } });
    expect((await v1(fill(100, unit))).status).toBe(200);
    expectV1(await v1(fill(101, unit)), message);
  });

  it('event name: blank is rejected; a page view, named by its URL, may pass 100 bytes', async () => {
    const message = 'event name must not be blank';
    expectV1(await api.raw('POST', '/api/v1/customers/u1/events', { body: { name: '  ' } }), message);
    expectV2(
      await entity({ type: 'person', identifiers: { id: 'u1' }, action: 'screen', name: '' }),
      message,
    );
    const url = `https://example.com/${fill(200)}`;
    expect(
      (await api.raw('POST', '/api/v1/customers/u1/events', { body: { name: url, type: 'page' } })).status,
    ).toBe(200);
  });

  it.each(units)('v1 event data: 100000 bytes accepted, 100001 rejected (%s)', async (unit) => {
    const message = 'event data cannot be longer than 100000 bytes';
    // {"pad":"…"} is 10 bytes around the string.
    const data = (bytes: number) => ({ pad: fill(bytes - 10, unit) });
    const send = (bytes: number) =>
      api.raw('POST', '/api/v1/customers/u1/events', { body: { name: 'big', data: data(bytes) } });
    expect((await send(100_000)).status).toBe(200);
    expectV1(await send(100_001), message);
    const anonymous = (bytes: number) =>
      api.raw('POST', '/api/v1/events', { body: { anonymous_id: 'a', name: 'big', data: data(bytes) } });
    expect((await anonymous(100_000)).status).toBe(200);
    expectV1(await anonymous(100_001), message);
  });

  it.each(units)('/api/v2/entity body: 32768 bytes accepted, 32769 rejected (%s)', async (unit) => {
    const exact = JSON.stringify(eventOfSize(limits.entityBytes, unit));
    expect(utf8(exact)).toBe(32_768);
    expect((await entity(exact)).status).toBe(200);
    const over = await entity(JSON.stringify(eventOfSize(32_769, unit)));
    expect(over.status).toBe(400);
    expect(over.json).toEqual({
      errors: [{ reason: 'too_large', field: '', message: 'request body cannot be longer than 32768 bytes' }],
    });
  });

  it.each(units)('batch item: 32768 bytes accepted, 32769 answered 207 (%s)', async (unit) => {
    const ok = await api.raw('POST', '/api/v2/batch', { body: { batch: [eventOfSize(32_768, unit)] } });
    expect(ok.status).toBe(200);
    const over = await api.raw('POST', '/api/v2/batch', {
      body: { batch: [identifyOp('u2'), eventOfSize(32_769, unit)] },
    });
    expect(over.status).toBe(207);
    expect(over.json).toEqual({
      errors: [
        {
          batch_index: 1,
          reason: 'too_large',
          field: '',
          message: 'batch item cannot be longer than 32768 bytes',
        },
      ],
    });
    expect(api.emulator.workspace.person({ id: 'u2' })).toBeDefined();
  });

  it.each(units)('/api/v2/batch body: 512000 bytes accepted, 512001 rejected whole (%s)', async (unit) => {
    const batchOfSize = (bytes: number) => {
      const items = Array.from({ length: 17 }, () => eventOfSize(30_000, unit));
      const short = bytes - utf8(JSON.stringify({ batch: items }));
      items[16] = eventOfSize(30_000 + short, unit);
      const text = JSON.stringify({ batch: items });
      expect(utf8(text)).toBe(bytes);
      return text;
    };
    expect((await api.raw('POST', '/api/v2/batch', { body: batchOfSize(limits.batchBytes) })).status).toBe(
      200,
    );
    expect(api.emulator.workspace.person({ id: 'u1' })?.events).toHaveLength(17);
    api.emulator.reset();
    const over = await api.raw('POST', '/api/v2/batch', { body: batchOfSize(512_001) });
    expect(over.status).toBe(400);
    expect(over.json).toEqual({
      errors: [
        { reason: 'too_large', field: '', message: 'request body cannot be longer than 512000 bytes' },
      ],
    });
    expect(api.emulator.workspace.people()).toEqual([]);
  });

  it("form fields: each becomes an attribute, so an attribute's limits apply", async () => {
    const submit = (data: Record<string, string>) =>
      api.raw('POST', '/api/v1/forms/f1/submit', { body: { data } });
    expect((await submit({ email: 'ada@example.com', bio: fill(1000, '€') })).status).toBe(200);
    expectV1(
      await submit({ email: 'ada@example.com', bio: fill(1001, '€') }),
      "value for attribute 'bio' cannot be longer than 1000 bytes",
    );
    expectV1(await submit({ id: fill(151, 'é') }), 'id attribute cannot be longer than 150 bytes');
    expect(api.emulator.workspace.formSubmissions()).toHaveLength(1);
  });

  it("v1 identify: relationships are no attribute, but their objects' limits apply", async () => {
    const identify = (objectIds: string[]) =>
      api.raw('PUT', '/api/v1/customers/u1', {
        body: {
          cio_relationships: {
            action: 'add_relationships',
            relationships: objectIds.map((object_id) => ({
              identifiers: { object_type_id: '1', object_id },
            })),
          },
        },
      });
    // Far more than 1000 bytes of relationships, each object id within 150 bytes.
    expect((await identify(Array.from({ length: 20 }, (_, i) => `${fill(148, '😀')}${i + 10}`))).status).toBe(
      200,
    );
    expectV1(await identify([fill(151, '😀')]), 'object_id cannot be longer than 150 bytes');
    expect(api.emulator.workspace.relationships()).toHaveLength(20);
  });

  it('the typed client sees the limit message', async () => {
    const { error } = await api.client.PUT('/api/v1/customers/{identifier}', {
      params: { path: { identifier: 'u1' } },
      body: { [fill(151, 'é')]: 1 },
    });
    expect(error).toEqual({ meta: { error: 'attribute name cannot be longer than 150 bytes' } });
  });
});
