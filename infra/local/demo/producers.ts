import { Producer } from '@platformatic/kafka';
import { type Generator, generators } from './generators.js';

/**
 * Demo producers: one loop per topic sending generated records at a steady
 * rate (records per second, spread over 10 ticks a second) through the real
 * Kafka protocol, counting what the broker acknowledged.
 */
export interface DemoProducers {
  /** Records acknowledged per topic. */
  produced: Map<string, number>;
  /** Stops producing and waits for in-flight sends (idempotent). */
  stop(): Promise<void>;
}

const TICK_MS = 100;

export async function startDemoProducers(options: {
  bootstrap: string;
  topics: { topic: string; generator: string; ratePerSecond: number }[];
  /** Overrides every topic's rate when set (`npm start -- --rate N`). */
  rate?: number;
  /** Sequence numbers start here, so a rerun does not repeat ids. */
  seqStart?: number;
  onError?: (err: Error) => void;
}): Promise<DemoProducers> {
  const producer = new Producer({
    clientId: 'tandem-demo',
    bootstrapBrokers: [options.bootstrap],
    autocreateTopics: false,
  });
  const produced = new Map<string, number>();
  const loops = options.topics.map((t) => {
    const generate: Generator | undefined = generators[t.generator];
    if (!generate) throw new Error(`unknown demo generator "${t.generator}" for topic ${t.topic}`);
    return { ...t, generate, rate: options.rate ?? t.ratePerSecond, owed: 0, seq: options.seqStart ?? 0 };
  });
  for (const l of loops) produced.set(l.topic, 0);
  let sending = Promise.resolve();
  const timer = setInterval(() => {
    const messages: { topic: string; key?: string; value: Buffer; headers?: Map<string, string> }[] = [];
    for (const l of loops) {
      l.owed += (l.rate * TICK_MS) / 1000;
      for (; l.owed >= 1; l.owed--) {
        const r = l.generate(l.seq++);
        messages.push({
          topic: l.topic,
          value: r.value,
          ...(r.key ? { key: r.key } : {}),
          ...(r.headers ? { headers: r.headers } : {}),
        });
      }
    }
    if (messages.length === 0) return;
    sending = sending.then(async () => {
      try {
        await producer.send({
          messages: messages.map((m) => ({
            topic: m.topic,
            value: m.value,
            ...(m.key ? { key: Buffer.from(m.key) } : {}),
            ...(m.headers
              ? { headers: new Map([...m.headers].map(([k, v]) => [Buffer.from(k), Buffer.from(v)])) }
              : {}),
          })),
        });
        for (const m of messages) produced.set(m.topic, (produced.get(m.topic) ?? 0) + 1);
      } catch (err) {
        options.onError?.(err as Error);
      }
    });
  }, TICK_MS);
  let stopped: Promise<void> | undefined;
  return {
    produced,
    stop() {
      stopped ??= (async () => {
        clearInterval(timer);
        await sending;
        await producer.close();
      })();
      return stopped;
    },
  };
}
