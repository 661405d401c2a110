import { stat } from 'node:fs/promises';
import type { Writable } from 'node:stream';

/**
 * What the streaming commands (`tandem sentiment`, `tandem aqi`, `tandem air forecast`) share:
 * writing with backpressure, and a `--model` path that may be a directory or a model.onnx.
 */

/** Writes text, resolving once the stream takes more (after 'drain' when its buffer is full); rejects on its 'error'. */
export function writeOutput(output: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (output.write(text)) resolve();
    else {
      const onDrain = () => {
        output.off('error', onError);
        resolve();
      };
      const onError = (error: Error) => {
        output.off('drain', onDrain);
        reject(error);
      };
      output.once('drain', onDrain).once('error', onError);
    }
  });
}

/** A `--model` argument as the model loaders take it: a directory, or a model.onnx path. */
export async function modelLocation(model: string): Promise<{ modelDir: string } | { modelPath: string }> {
  const isDirectory = await stat(model).then(
    (s) => s.isDirectory(),
    () => false,
  );
  return isDirectory ? { modelDir: model } : { modelPath: model };
}
