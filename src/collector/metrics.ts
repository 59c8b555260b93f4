/**
 * The collector's metrics in Prometheus' text format (prom-client), in a registry of its own, so that
 * several collectors in one process (or the user's own metrics) never collide. Labels are bounded: a
 * route from a fixed list, a source's name, a status code; never a write key or a message's value.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { DeliveryStats } from '../delivery/stats.js';

export type ReceivedOutcome = 'accepted' | 'duplicate' | 'rejected';

export class CollectorMetrics {
  readonly registry = new Registry();
  readonly #requests: Counter<'route' | 'status'>;
  readonly #received: Counter<'source' | 'outcome'>;
  readonly #customerioAnswers: Counter<'source' | 'status'>;
  readonly #customerioSeconds: Histogram<'source'>;
  readonly #deliverySeconds: Histogram<'source' | 'status'>;

  /** @param stats each source's delivery counters, read when metrics are scraped */
  constructor(stats: () => ReadonlyMap<string, DeliveryStats>, processMetrics: boolean) {
    const registers = [this.registry];
    this.#requests = new Counter({
      name: 'collector_http_requests_total',
      help: 'HTTP requests answered, by route and status code.',
      labelNames: ['route', 'status'],
      registers,
    });
    this.#received = new Counter({
      name: 'collector_messages_received_total',
      help: 'Messages received: accepted into the queue, ignored as a duplicate messageId, or rejected.',
      labelNames: ['source', 'outcome'],
      registers,
    });
    new Counter({
      name: 'collector_messages_settled_total',
      help: 'Messages accepted that have settled: delivered, failed or skipped.',
      labelNames: ['source', 'status'],
      registers,
      collect() {
        this.reset();
        for (const [source, counts] of stats()) {
          this.inc({ source, status: 'delivered' }, counts.delivered);
          this.inc({ source, status: 'failed' }, counts.failed);
          this.inc({ source, status: 'skipped' }, counts.skipped);
        }
      },
    });
    new Gauge({
      name: 'collector_queue_depth',
      help: 'Messages accepted and not yet settled, by source.',
      labelNames: ['source'],
      registers,
      collect() {
        for (const [source, counts] of stats()) this.set({ source }, counts.queued + counts.waiting);
      },
    });
    this.#customerioAnswers = new Counter({
      name: 'collector_customerio_responses_total',
      help: "Customer.io's answers to the requests sent, by status code (`error`: no answer).",
      labelNames: ['source', 'status'],
      registers,
    });
    this.#customerioSeconds = new Histogram({
      name: 'collector_customerio_request_duration_seconds',
      help: 'Time Customer.io took to answer a request, to the response headers.',
      labelNames: ['source'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.#deliverySeconds = new Histogram({
      name: 'collector_delivery_duration_seconds',
      help: 'Time from a request arriving to its first message settling, by how it settled (one message a request).',
      labelNames: ['source', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    });
    if (processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  request(route: string, status: number): void {
    this.#requests.inc({ route, status: String(status) });
  }

  received(source: string, outcome: ReceivedOutcome, count: number): void {
    if (count > 0) this.#received.inc({ source, outcome }, count);
  }

  customerioAnswer(source: string, status: number | 'error', seconds: number): void {
    this.#customerioAnswers.inc({ source, status: String(status) });
    this.#customerioSeconds.observe({ source }, seconds);
  }

  delivery(source: string, status: string, seconds: number): void {
    this.#deliverySeconds.observe({ source, status }, seconds);
  }

  /** The text `/metrics` answers, and its content type. */
  async scrape(): Promise<{ text: string; contentType: string }> {
    return { text: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}

/** A fetch that tells the metrics how Customer.io answered each request, and how fast. */
export function observedFetch(
  inner: ((request: Request) => Promise<Response>) | undefined,
  report: (status: number | 'error', seconds: number) => void,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const start = performance.now();
    try {
      const response = await (inner ?? globalThis.fetch)(request);
      report(response.status, (performance.now() - start) / 1000);
      return response;
    } catch (error) {
      report('error', (performance.now() - start) / 1000);
      throw error;
    }
  };
}
