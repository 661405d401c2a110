import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startLocalRuntime } from '../infra/local/runtime.js';
import type { PipelineSpec } from '../infra/pipeline/types.js';
import { pipeline } from '../infra/pipeline.js';

/**
 * One latency measurement for bench/latency.ts, in its own process: `<seconds> <defaultWindows>`.
 * Runs the local pipeline under the demo producers, drains it, and prints one JSON line: per
 * trigger p50, p99 (ms) and records processed. With `true`, every non-archive trigger gets
 * Lambda's default Kafka batching window (500 ms) instead of its declared one.
 */
const [seconds = '30', defaultWindows = 'false'] = process.argv.slice(2);
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const spec: PipelineSpec =
  defaultWindows === 'true'
    ? {
        ...pipeline,
        triggers: pipeline.triggers.map((t) => (t.function === 'archiver' ? t : { ...t, batchingWindowMs: 500 })),
      }
    : pipeline;
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tandem-latency-'));
const runtime = await startLocalRuntime({ pipeline: spec, dataDir, log: () => {} });
try {
  await new Promise((resolve) => setTimeout(resolve, Number(seconds) * 1000));
  await runtime.drain(90_000);
  const summary = await runtime.summary();
  const out: Record<string, { p50: number; p99: number; processed: number }> = {};
  for (const topic of Object.values(summary.byTopic))
    for (const [name, r] of Object.entries(topic.triggers))
      out[name] = { p50: r.p50LatencyMs, p99: r.p99LatencyMs, processed: r.processed };
  process.stdout.write(`${JSON.stringify(out)}\n`);
} finally {
  await runtime.stop();
  await rm(dataDir, { recursive: true, force: true });
}
