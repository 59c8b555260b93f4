import { describe, expectTypeOf, it } from 'vitest';
import { type ApiError, type components, createTrackClient } from '../src/index.js';

type Schemas = components['schemas'];
const client = createTrackClient({ siteId: 'site', apiKey: '01234567890123456789' });

describe('the typed client refuses wrong requests at compile time', () => {
  it('requires the path parameters of an operation', () => {
    // @ts-expect-error the identifier is missing
    void client.PUT('/api/v1/customers/{identifier}', { body: { plan: 'pro' } });
    // @ts-expect-error no such operation
    void client.POST('/api/v1/customers/{identifier}', { params: { path: { identifier: 'a' } } });
  });

  it('rejects v1 attribute values that are not flat', () => {
    void client.PUT('/api/v1/customers/{identifier}', {
      params: { path: { identifier: 'u1' } },
      body: { plan: 'pro', seats: 3, vip: true },
    });
    void client.PUT('/api/v1/customers/{identifier}', {
      params: { path: { identifier: 'u1' } },
      // @ts-expect-error nested values go through v2
      body: { address: { city: 'Paris' } },
    });
  });

  it('types v2 operations as a union discriminated by type and action', () => {
    void client.POST('/api/v2/entity', {
      body: { type: 'person', action: 'event', identifiers: { id: 'u1' }, name: 'Signed Up' },
    });
    void client.POST('/api/v2/entity', {
      // @ts-expect-error an event needs a name
      body: { type: 'person', action: 'event', identifiers: { id: 'u1' } },
    });
    void client.POST('/api/v2/entity', {
      // @ts-expect-error no such action
      body: { type: 'person', action: 'upsert', identifiers: { id: 'u1' } },
    });
    void client.POST('/api/v2/entity', {
      // @ts-expect-error merge names primary and secondary, not identifiers
      body: { type: 'person', action: 'merge', identifiers: { id: 'u1' } },
    });
    const device: Schemas['PersonAddDevice'] = {
      type: 'person',
      action: 'add_device',
      identifiers: { id: 'u1' },
      // @ts-expect-error platform is ios or android
      device: { token: 't', platform: 'web' },
    };
    void device;
  });

  it('allows exactly one person identifier', () => {
    const one: Schemas['PersonIdentifiers'] = { email: 'ada@example.com' };
    // @ts-expect-error two identifiers at once
    const two: Schemas['PersonIdentifiers'] = { id: 'u1', email: 'ada@example.com' };
    // @ts-expect-error anonymous ids only identify activity
    const anonymous: Schemas['PersonIdentifiers'] = { anonymous_id: 'a1' };
    const activity: Schemas['ActivityIdentifiers'] = { anonymous_id: 'a1' };
    void [one, two, anonymous, activity];
  });

  it("types every operation of Customer.io's Track API, the four not in the mapping included", () => {
    void client.POST('/api/v1/segments/{segment_id}/add_customers', {
      params: { path: { segment_id: 7 }, query: { id_type: 'email' } },
      body: { ids: ['ada@example.com'] },
    });
    void client.POST('/api/v1/segments/{segment_id}/remove_customers', {
      // @ts-expect-error a segment id is an integer
      params: { path: { segment_id: 'seven' } },
      body: { ids: ['u1'] },
    });
    void client.POST('/api/v1/segments/{segment_id}/remove_customers', {
      // @ts-expect-error id_type is id, email or cio_id
      params: { path: { segment_id: 7 }, query: { id_type: 'phone' } },
      body: { ids: ['u1'] },
    });
    void client.POST('/api/v1/forms/{form_id}/submit', {
      params: { path: { form_id: 'newsletter' } },
      body: { data: { email: 'ada@example.com', first_name: 'Ada' } },
    });
    void client.POST('/api/v1/forms/{form_id}/submit', {
      params: { path: { form_id: 'newsletter' } },
      // @ts-expect-error form fields are strings
      body: { data: { id: 'u1', age: 42 } },
    });
    void client.POST('/api/v1/push/events', {
      body: { delivery_id: 'd1', event: 'opened', device_id: 't1' },
    });
    // @ts-expect-error push metrics are opened, converted or delivered
    void client.POST('/api/v1/push/events', { body: { delivery_id: 'd1', event: 'clicked' } });
  });

  it("takes a v1 identify's relationships beside its flat attributes", () => {
    void client.PUT('/api/v1/customers/{identifier}', {
      params: { path: { identifier: 'u1' } },
      body: {
        plan: 'pro',
        cio_relationships: {
          action: 'delete_relationships',
          relationships: [{ identifiers: { object_type_id: '1', object_id: 'acme' } }],
        },
      },
    });
    void client.PUT('/api/v1/customers/{identifier}', {
      params: { path: { identifier: 'u1' } },
      // @ts-expect-error the action adds or deletes relationships
      body: { cio_relationships: { action: 'replace_relationships', relationships: [] } },
    });
  });

  it('narrows data and error on the result', async () => {
    const result = await client.POST('/api/v2/batch', {
      body: { batch: [{ type: 'person', action: 'delete', identifiers: { cio_id: 'abc' } }] },
    });
    if (result.error) {
      expectTypeOf(result.error).toEqualTypeOf<Schemas['V2ErrorBody']>();
    } else {
      expectTypeOf(result.data).not.toBeAny();
      expectTypeOf(result.data).toExtend<
        Schemas['EmptyObject'] | Schemas['BatchPartialFailure'] | undefined
      >();
    }
  });

  it('exposes the status and the server message on ApiError', () => {
    expectTypeOf<ApiError['status']>().toEqualTypeOf<number>();
    expectTypeOf<ApiError['retryAfterMs']>().toEqualTypeOf<number | undefined>();
  });
});
