import onnxProto from 'onnx-proto';
import {
  AIR_FORECAST_GRAPH,
  AIR_FORECAST_METADATA,
  FEATURE_COUNT,
  FEATURE_NAMES,
  FEATURE_VERSION,
  type LinearPart,
  type TreeEnsemble,
} from '../../../functions/lib/air-forecast/index.js';

const { onnx } = onnxProto;

/** ai.onnx.ml opset of TreeEnsembleRegressor (3 adds *_as_tensor attributes, unused here). */
export const ML_OPSET = 3;
/** ai.onnx opset declared beside it (for the Add of the linear part and the trees). */
export const OPSET = 17;
const IR_VERSION = 8;

export interface ExportMetadata {
  name: string;
  version: string;
  trainedAt: string;
}

/**
 * Writes the model as the graph of functions/lib/air-forecast/model-format.ts: the trees as
 * one ai.onnx.ml TreeEnsembleRegressor (BRANCH_LEQ nodes, true = left child, missing routed
 * by nodes_missing_value_tracks_true, leaf values in target_weights, the base score in
 * base_values, covers in nodes_hitrates so TreeSHAP can be computed from the file alone) and,
 * when given, the linear part they were boosted from as Imputer → LinearRegressor, added to
 * them. Without a linear part the trees write pm10 directly.
 */
export function exportOnnx(ensemble: TreeEnsemble, metadata: ExportMetadata, linear?: LinearPart): Uint8Array {
  if (ensemble.featureCount !== FEATURE_COUNT) {
    throw new Error(`ensemble has ${ensemble.featureCount} features, FEATURE_NAMES ${FEATURE_COUNT}`);
  }
  const { FLOAT } = onnx.TensorProto.DataType;
  const { INT, INTS, FLOATS, STRING, STRINGS } = onnx.AttributeProto.AttributeType;
  const treeIds: number[] = [];
  const nodeIds: number[] = [];
  const featureIds: number[] = [];
  const values: number[] = [];
  const modes: Uint8Array[] = [];
  const trueIds: number[] = [];
  const falseIds: number[] = [];
  const missingTrue: number[] = [];
  const hitrates: number[] = [];
  const targetTrees: number[] = [];
  const targetNodes: number[] = [];
  const targetWeights: number[] = [];
  const encoder = new TextEncoder();
  const LEAF = encoder.encode('LEAF');
  const LEQ = encoder.encode('BRANCH_LEQ');
  ensemble.trees.forEach((tree, t) => {
    for (let n = 0; n < tree.feature.length; n++) {
      const leaf = (tree.feature[n] as number) < 0;
      treeIds.push(t);
      nodeIds.push(n);
      featureIds.push(leaf ? 0 : (tree.feature[n] as number));
      values.push(leaf ? 0 : (tree.threshold[n] as number));
      modes.push(leaf ? LEAF : LEQ);
      trueIds.push(leaf ? 0 : (tree.left[n] as number));
      falseIds.push(leaf ? 0 : (tree.right[n] as number));
      missingTrue.push(leaf ? 0 : (tree.missingLeft[n] as number));
      hitrates.push(tree.cover[n] as number);
      if (leaf) {
        targetTrees.push(t);
        targetNodes.push(n);
        targetWeights.push(tree.value[n] as number);
      }
    }
  });
  const ints = (name: string, list: number[]) => ({ name, type: INTS, ints: list });
  const floats = (name: string, list: number[]) => ({ name, type: FLOATS, floats: list });
  const node: onnxProto.onnx.INodeProto = {
    opType: AIR_FORECAST_GRAPH.opType,
    domain: AIR_FORECAST_GRAPH.domain,
    input: [AIR_FORECAST_GRAPH.featuresInput],
    output: [linear ? AIR_FORECAST_GRAPH.treesOutput : AIR_FORECAST_GRAPH.pm10Output],
    attribute: [
      { name: 'n_targets', type: INT, i: 1 },
      { name: 'aggregate_function', type: STRING, s: encoder.encode('SUM') },
      { name: 'post_transform', type: STRING, s: encoder.encode('NONE') },
      floats('base_values', [ensemble.baseScore]),
      ints('nodes_treeids', treeIds),
      ints('nodes_nodeids', nodeIds),
      ints('nodes_featureids', featureIds),
      floats('nodes_values', values),
      { name: 'nodes_modes', type: STRINGS, strings: modes },
      ints('nodes_truenodeids', trueIds),
      ints('nodes_falsenodeids', falseIds),
      ints('nodes_missing_value_tracks_true', missingTrue),
      floats('nodes_hitrates', hitrates),
      ints('target_treeids', targetTrees),
      ints('target_nodeids', targetNodes),
      ints(
        'target_ids',
        targetTrees.map(() => 0),
      ),
      floats('target_weights', targetWeights),
    ],
  };
  const nodes: onnxProto.onnx.INodeProto[] = [node];
  if (linear) {
    if (linear.coefficients.length !== FEATURE_COUNT || linear.imputed.length !== FEATURE_COUNT) {
      throw new Error(`linear part has ${linear.coefficients.length} coefficients, FEATURE_NAMES ${FEATURE_COUNT}`);
    }
    nodes.unshift(
      {
        opType: 'Imputer',
        domain: AIR_FORECAST_GRAPH.domain,
        input: [AIR_FORECAST_GRAPH.featuresInput],
        output: [AIR_FORECAST_GRAPH.imputedFeatures],
        attribute: [
          floats('imputed_value_floats', [...linear.imputed]),
          { name: 'replaced_value_float', type: onnx.AttributeProto.AttributeType.FLOAT, f: Number.NaN },
        ],
      },
      {
        opType: 'LinearRegressor',
        domain: AIR_FORECAST_GRAPH.domain,
        input: [AIR_FORECAST_GRAPH.imputedFeatures],
        output: [AIR_FORECAST_GRAPH.linearOutput],
        attribute: [
          floats('coefficients', [...linear.coefficients]),
          floats('intercepts', [linear.intercept]),
          { name: 'targets', type: INT, i: 1 },
          { name: 'post_transform', type: STRING, s: encoder.encode('NONE') },
        ],
      },
    );
    nodes.push({
      opType: 'Add',
      input: [AIR_FORECAST_GRAPH.linearOutput, AIR_FORECAST_GRAPH.treesOutput],
      output: [AIR_FORECAST_GRAPH.pm10Output],
    });
  }
  const tensor = (name: string, dims: string[]) => ({
    name,
    type: {
      tensorType: {
        elemType: FLOAT,
        shape: { dim: dims.map((d) => (/^\d+$/.test(d) ? { dimValue: Number(d) } : { dimParam: d })) },
      },
    },
  });
  const proto: onnxProto.onnx.IModelProto = {
    irVersion: IR_VERSION,
    opsetImport: [
      { domain: '', version: OPSET },
      { domain: AIR_FORECAST_GRAPH.domain, version: ML_OPSET },
    ],
    producerName: 'tandem',
    producerVersion: metadata.version,
    docString: linear
      ? 'Next-day daily mean PM10 (µg/m³) per station: a linear model on mean-imputed features plus gradient-boosted regression trees fitted to its residual.'
      : 'Next-day daily mean PM10 (µg/m³) per station: gradient-boosted regression trees.',
    graph: {
      name: metadata.name,
      node: nodes,
      input: [tensor(AIR_FORECAST_GRAPH.featuresInput, ['N', String(FEATURE_COUNT)])],
      output: [tensor(AIR_FORECAST_GRAPH.pm10Output, ['N', '1'])],
    },
    metadataProps: [
      { key: AIR_FORECAST_METADATA.name, value: metadata.name },
      { key: AIR_FORECAST_METADATA.version, value: metadata.version },
      { key: AIR_FORECAST_METADATA.featureVersion, value: FEATURE_VERSION },
      { key: AIR_FORECAST_METADATA.featureNames, value: JSON.stringify(FEATURE_NAMES) },
      { key: AIR_FORECAST_METADATA.trainedAt, value: metadata.trainedAt },
    ],
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(proto)).finish();
}
