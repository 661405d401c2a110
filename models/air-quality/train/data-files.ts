/**
 * The bootstrap data as paths from the repo root: what a Lambda bundle that retrains ships
 * (functions/retrainer/retrained-models.ts). A module of its own, importing nothing, because
 * infra/pipeline.ts reads this list and every function bundles pipeline.ts: data.ts would pull
 * the forecast library and onnxruntime into all of them.
 */
export const DATA_FILES = [
  'models/air-quality/data/de-pm10-daily-1998-2008.csv.gz',
  'models/air-quality/data/de-pm10-stations.csv',
] as const;
