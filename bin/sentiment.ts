import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { directoryObjects, modelRegistry, SHIPPED_VERSION } from '../functions/lib/model-registry/index.js';
import { loadSentimentScorer, SentimentError, sentimentBand } from '../functions/lib/sentiment/index.js';
import { localModelRoot, seedLocalModels } from '../infra/local/models.js';
import { pipeline } from '../infra/pipeline.js';
import { modelLocation, writeOutput } from './command-io.js';

/**
 * `tandem sentiment`: one text per input line → one JSON line `{"score","label"}`, in order,
 * scored by the same scorer the feedback Lambda uses (loadSentimentScorer + sentimentBand).
 *
 * Streaming: lines are scored in batches of whatever has arrived, at most `batchLines`, so a
 * file of millions of lines runs in bounded memory and a line typed at a terminal is answered
 * at once. Reading pauses while output is backed up.
 */
export interface SentimentCommandOptions {
  /** Model directory or model.onnx path (default: models/sentiment in this repo). */
  model?: string | undefined;
  /** Score with the version published in this local state directory's registry instead. */
  dataDir?: string | undefined;
  /** Most lines per ONNX run (default 1000). */
  batchLines?: number | undefined;
  input?: Readable;
  output?: Writable;
  errors?: Writable;
}

const DEFAULT_MODEL_DIR = fileURLToPath(new URL('../models/sentiment/', import.meta.url));

/** The directory of the sentiment version current in `dataDir`'s registry (what the scorers use). */
export async function publishedModelDir(dataDir: string): Promise<string> {
  await seedLocalModels(pipeline, dataDir);
  const root = localModelRoot(dataDir, 'sentiment');
  const { pointer } = await modelRegistry('sentiment', directoryObjects(root)).current();
  return pointer.version === SHIPPED_VERSION ? root : path.join(root, 'versions', pointer.version);
}

/** Runs the command; resolves to the process exit code. */
export async function runSentimentCommand(options: SentimentCommandOptions = {}): Promise<number> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const errors = options.errors ?? process.stderr;
  const batchLines = options.batchLines ?? 1000;
  if (!Number.isInteger(batchLines) || batchLines < 1) {
    errors.write('tandem sentiment: --batch must be a positive integer\n');
    return 2;
  }

  let scorer: Awaited<ReturnType<typeof loadSentimentScorer>>;
  try {
    const model =
      options.dataDir === undefined ? (options.model ?? DEFAULT_MODEL_DIR) : await publishedModelDir(options.dataDir);
    scorer = await loadSentimentScorer(await modelLocation(model));
  } catch (error) {
    if (!(error instanceof SentimentError)) throw error;
    errors.write(
      `tandem sentiment: ${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}\n`,
    );
    return 1;
  }

  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  const pending: string[] = [];
  let ended = false;
  let paused = false;
  let wake: (() => void) | undefined;
  lines.on('line', (line) => {
    pending.push(line);
    if (!paused && pending.length >= 4 * batchLines) {
      paused = true;
      lines.pause();
    }
    wake?.();
  });
  lines.on('close', () => {
    ended = true;
    wake?.();
  });

  try {
    for (;;) {
      if (pending.length === 0) {
        if (ended) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
        continue;
      }
      const batch = pending.splice(0, batchLines);
      if (paused && pending.length < batchLines) {
        paused = false;
        lines.resume();
      }
      const scores = await scorer.score(batch);
      let out = '';
      for (const score of scores) out += `${JSON.stringify({ score, label: sentimentBand(score) })}\n`;
      await writeOutput(output, out);
    }
  } catch (error) {
    // The reader went away (`tandem sentiment < big.txt | head`): stop quietly.
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') return 0;
    throw error;
  } finally {
    lines.close();
    await scorer.release();
  }
  return 0;
}
