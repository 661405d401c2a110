/**
 * What each Lambda function of a synthesized app ships: its code asset directory in the
 * cloud assembly and the unzipped size Lambda counts against its 250 MB limit. Used by
 * the infra tests (the limit) and `bench/package-size.ts` (the sizes).
 */

import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AssetManifestArtifact, type CloudAssembly } from 'aws-cdk-lib/cx-api';

/** Lambda's limit on a function's unzipped code (layers included; tandem uses none). */
export const LAMBDA_UNZIPPED_LIMIT_BYTES = 250 * 1024 * 1024;

export interface FunctionAsset {
  /** CloudFormation logical id of the function. */
  logicalId: string;
  /** Pipeline name (`POWERTOOLS_SERVICE_NAME`), or undefined for functions aws-cdk-lib adds itself. */
  name?: string;
  runtime: string;
  /** Asset directory in the cloud assembly. */
  dir: string;
  /** Unzipped bytes: the sum of every file's size. */
  bytes: number;
  files: number;
}

/** Total size and count of the files under `dir` (symlinks counted as links, as zip stores them). */
export async function directorySize(dir: string): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isDirectory()) continue;
    bytes += (await lstat(path.join(entry.parentPath, entry.name))).size;
    files++;
  }
  return { bytes, files };
}

/**
 * Directory assets of `stack` in `assembly` (function code, BucketDeployment sources): object
 * key in the asset bucket → staged directory, from the stack's asset manifest.
 */
export function directoryAssets(assembly: CloudAssembly, stack: Stack): Map<string, string> {
  const artifact = assembly.getStackArtifact(stack.artifactId);
  const byKey = new Map<string, string>();
  for (const manifest of artifact.dependencies.filter((d) => d instanceof AssetManifestArtifact)) {
    for (const file of Object.values(manifest.contents.files ?? {})) {
      if (file.source.packaging !== 'zip' || !file.source.path) continue;
      for (const destination of Object.values(file.destinations)) {
        byKey.set(destination.objectKey, path.resolve(assembly.directory, file.source.path));
      }
    }
  }
  return byKey;
}

/** Every function of `stack` whose code is a directory asset in `assembly`, with its size. */
export async function functionAssets(assembly: CloudAssembly, stack: Stack): Promise<FunctionAsset[]> {
  const artifact = assembly.getStackArtifact(stack.artifactId);
  const byKey = directoryAssets(assembly, stack);
  const functions = Template.fromJSON(artifact.template).findResources('AWS::Lambda::Function');
  const out: FunctionAsset[] = [];
  for (const [logicalId, resource] of Object.entries(functions)) {
    const props = resource.Properties as {
      Code: { S3Key?: string };
      Runtime?: string;
      Environment?: { Variables?: Record<string, unknown> };
    };
    const dir = props.Code.S3Key ? byKey.get(props.Code.S3Key) : undefined;
    if (!dir) continue;
    const name = props.Environment?.Variables?.POWERTOOLS_SERVICE_NAME;
    const { bytes, files } = await directorySize(dir);
    out.push({
      logicalId,
      ...(typeof name === 'string' ? { name } : {}),
      runtime: props.Runtime ?? '',
      dir,
      bytes,
      files,
    });
  }
  return out.sort((a, b) => (a.name ?? a.logicalId).localeCompare(b.name ?? b.logicalId));
}
