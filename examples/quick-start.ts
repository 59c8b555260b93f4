/**
 * Starts the built-in Track API emulator on loopback, sends it one request of each kind through the
 * typed client, and prints what the emulated workspace now holds. No credentials, no network.
 *
 *   npm run example
 */
import { apiErrorFrom, createTrackClient, detectRegion, unwrap } from 'customerio-destination';
import { createTrackApiEmulator } from 'customerio-destination/testing';

const emulator = createTrackApiEmulator();
const { url } = await emulator.listen();
const options = { ...emulator.credentials, baseUrl: url };
console.log(`Track API emulator listening on ${url}`);
console.log(`region: ${await detectRegion(options)}`);

const client = createTrackClient(options);
const now = Math.floor(Date.now() / 1000);

unwrap(
  await client.PUT('/api/v1/customers/{identifier}', {
    params: { path: { identifier: 'user-42' } },
    body: { email: 'ada@example.com', plan: 'pro', created_at: now - 86_400 },
  }),
);

const batch = unwrap(
  await client.POST('/api/v2/batch', {
    body: {
      batch: [
        {
          type: 'person',
          action: 'event',
          identifiers: { id: 'user-42' },
          name: 'Order Completed',
          id: '01JDK0ZQ4S5V7W8X9Y0Z1A2B3C',
          timestamp: now,
          attributes: { total: 42.5, currency: 'EUR' },
        },
        {
          type: 'person',
          action: 'add_device',
          identifiers: { email: 'ada@example.com' },
          device: { token: 'apns-token-1', platform: 'ios', last_used: now },
        },
        {
          type: 'object',
          action: 'identify',
          identifiers: { object_type_id: '1', object_id: 'acme' },
          attributes: { name: 'Acme Inc.' },
          cio_relationships: [{ identifiers: { id: 'user-42' }, relationship_attributes: { role: 'admin' } }],
        },
        // One bad item: a 207 names it, and every other item is still applied.
        { type: 'person', action: 'event', identifiers: { id: 'user-42' }, name: '' },
      ],
    },
  }),
);
console.log('batch answer:', JSON.stringify(batch));

const refused = await client.POST('/api/v2/entity', {
  body: { type: 'person', action: 'identify', identifiers: { id: 'x'.repeat(151) } },
});
console.log('refused:', apiErrorFrom(refused).message);

const person = emulator.workspace.person({ id: 'user-42' });
console.log('person user-42:', JSON.stringify(person, null, 2));
console.log('objects:', JSON.stringify(emulator.workspace.objects()));
console.log('relationships:', JSON.stringify(emulator.workspace.relationships()));
console.log(
  `requests received: ${emulator.requests.map((r) => `${r.method} ${r.path} -> ${r.status}`).join(', ')}`,
);
await emulator.close();
