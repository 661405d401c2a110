/**
 * `GET /v1/models`: each model the pipeline binds to the query API, the version its scorers use
 * now (the registry's `current.json`, functions/lib/model-registry) and every version the
 * registry holds: the shipped one, then each candidate the retrainer wrote, with the summary of
 * its card and its evaluation (published or rejected, and why).
 *
 * 200 `{ models: [{ name, description, uri, current: CurrentPointer, versions: [{ version,
 * current, card: { version, trainedAt, featureVersion }, evaluation }] }] }`.
 */

import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { jsonResponse } from '../lib/http/index.js';
import type { ModelRegistry } from '../lib/model-registry/index.js';
import type { QueryApiContext } from './options.js';

const CARD_FIELDS = ['version', 'trainedAt', 'featureVersion'] as const;

async function describeModel(registry: ModelRegistry, description: string) {
  const [{ pointer }, versions] = await Promise.all([registry.current(), registry.versions()]);
  return {
    name: registry.model,
    description,
    uri: registry.uri,
    current: pointer,
    versions: versions.map((v) => ({
      version: v.version,
      current: v.current,
      card: Object.fromEntries(CARD_FIELDS.filter((f) => v.card?.[f] !== undefined).map((f) => [f, v.card?.[f]])),
      evaluation: v.evaluation ?? null,
    })),
  };
}

export async function modelsRoute(
  _event: unknown,
  context: QueryApiContext,
): Promise<APIGatewayProxyStructuredResultV2> {
  const models = await Promise.all(
    Object.entries(context.models).map(([name, description]) => describeModel(context.registryOf(name), description)),
  );
  return jsonResponse(200, { models }, { 'cache-control': 'no-store' });
}
