import { Producer } from '@platformatic/kafka';
import { type AirFault, DEMO_AIR_FAULTS } from './air-faults.js';
import { type DemoRecord, type Generator, generators, replays } from './generators.js';

/**
 * Demo producers: one loop per topic sending generated records at a steady
 * rate (records per second, spread over 10 ticks a second) through the real
 * Kafka protocol, counting what the broker acknowledged. A replayed topic (`replays`: weather,
 * air-quality) first sends its backfill at once, in batches, so history exists within seconds,
 * except its newest hours, which follow one hour at a time (air-faults.ts: PACED_HOURS, where
 * the injected sensor faults are), and then live hours.
 */
export interface DemoProducers {
  /** Records acknowledged per topic. */
  produced: Map<string, number>;
  /** Stops producing and waits for in-flight sends (idempotent). */
  stop(): Promise<void>;
}

const TICK_MS = 100;
/** Records per produce request of a backfill: small enough to keep one request well under the broker's limits. */
const BACKFILL_BATCH = 250;

const message = (topic: string, r: DemoRecord) => ({
  topic,
  value: r.value,
  ...(r.key ? { key: r.key } : {}),
  ...(r.headers ? { headers: r.headers } : {}),
});

export async function startDemoProducers(options: {
  bootstrap: string;
  topics: { topic: string; generator: string; ratePerSecond: number }[];
  /** Overrides every topic's rate when set (`npm start -- --rate N`). */
  rate?: number;
  /** Sequence numbers start here, so a rerun does not repeat ids. */
  seqStart?: number;
  /** The run's start (ms since the epoch) replays end their backfill at; defaults to now. */
  now?: number;
  /** Wall clock deciding when a replay's next hour has begun (default `Date.now`; tests move it). */
  clock?: () => number;
  /** Sensor faults the air-quality replay injects (default DEMO_AIR_FAULTS; [] for none). */
  faults?: readonly AirFault[];
  /**
   * Called with the replayed topics once their backfill is sent; the paced hours start when it
   * resolves (default: at once). The runtime passes "the backfill is consumed": on a busy
   * machine the paced hours would otherwise land in the backfill's batches, where an hour is
   * judged without the other locations' readings of it, or after a later hour of its location,
   * and the demo's fault goes unflagged.
   */
  pacedAfter?: (topics: string[]) => Promise<unknown>;
  onError?: (err: Error) => void;
}): Promise<DemoProducers> {
  const producer = new Producer({
    clientId: 'tandem-demo',
    bootstrapBrokers: [options.bootstrap],
    autocreateTopics: false,
  });
  const produced = new Map<string, number>();
  const seqStart = options.seqStart ?? 0;
  const backfills: { topic: string; records: DemoRecord[]; paced: { at: number; record: DemoRecord }[] }[] = [];
  // Live hours wait for the paced ones, so a location's hours go out in hour order.
  let pacedDone = false;
  const clock = options.clock ?? Date.now;
  const loops = options.topics.map((t) => {
    const replay = replays[t.generator];
    let generate: Generator | undefined = generators[t.generator];
    let due: ((seq: number) => boolean) | undefined;
    if (replay) {
      const stream = replay({ now: options.now ?? Date.now(), faults: options.faults ?? DEMO_AIR_FAULTS });
      backfills.push({
        topic: t.topic,
        records: Array.from({ length: stream.pacedFrom }, (_, k) => stream.record(k)),
        paced: Array.from({ length: stream.backfill - stream.pacedFrom }, (_, i) => ({
          at: stream.pacedAt(stream.pacedFrom + i),
          record: stream.record(stream.pacedFrom + i),
        })),
      });
      generate = (seq) => stream.record(stream.backfill + seq - seqStart);
      // A live hour is sent once it has begun, never ahead of the wall clock.
      due = (seq) => pacedDone && stream.hourOf(stream.backfill + seq - seqStart) <= clock();
    }
    if (!generate) throw new Error(`unknown demo generator "${t.generator}" for topic ${t.topic}`);
    return { ...t, generate, due, rate: options.rate ?? t.ratePerSecond, owed: 0, seq: seqStart };
  });
  for (const l of loops) produced.set(l.topic, 0);
  let sending = Promise.resolve();
  const send = (messages: { topic: string; key?: string; value: Buffer; headers?: Map<string, string> }[]) => {
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
  };
  for (const { topic, records } of backfills) {
    for (let i = 0; i < records.length; i += BACKFILL_BATCH)
      send(records.slice(i, i + BACKFILL_BATCH).map((r) => message(topic, r)));
  }
  // The paced hours: every topic's records of an hour in one send, at that hour's moment.
  const pacedAt = new Map<number, { topic: string; key?: string; value: Buffer; headers?: Map<string, string> }[]>();
  for (const { topic, paced } of backfills)
    for (const { at, record } of paced) pacedAt.set(at, [...(pacedAt.get(at) ?? []), message(topic, record)]);
  const lastPaced = Math.max(0, ...pacedAt.keys());
  const pacing: ReturnType<typeof setTimeout>[] = [];
  let halted = false;
  const startPacing = () => {
    if (halted) return;
    for (const [at, messages] of pacedAt) pacing.push(setTimeout(() => send(messages), at));
    pacing.push(
      setTimeout(() => {
        pacedDone = true;
      }, lastPaced),
    );
  };
  const pacedAfter = options.pacedAfter;
  if (pacedAfter === undefined || backfills.length === 0) startPacing();
  else {
    const topics = backfills.map((b) => b.topic);
    void sending.then(() => pacedAfter(topics)).then(startPacing, startPacing);
  }
  const timer = setInterval(() => {
    const messages: { topic: string; key?: string; value: Buffer; headers?: Map<string, string> }[] = [];
    for (const l of loops) {
      l.owed += (l.rate * TICK_MS) / 1000;
      for (; l.owed >= 1; l.owed--) {
        if (l.due && !l.due(l.seq)) {
          l.owed = 0;
          break;
        }
        messages.push(message(l.topic, l.generate(l.seq++)));
      }
    }
    if (messages.length > 0) send(messages);
  }, TICK_MS);
  let stopped: Promise<void> | undefined;
  return {
    produced,
    stop() {
      stopped ??= (async () => {
        halted = true;
        clearInterval(timer);
        for (const t of pacing) clearTimeout(t);
        await sending;
        await producer.close();
      })();
      return stopped;
    },
  };
}
