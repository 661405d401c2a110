import { ProtoReader } from '../onnx/index.js';
import { AirForecastModelError } from './errors.js';
import type { ForecastModel } from './forecast-model.js';
import type { LinearPart } from './linear.js';
import { AIR_FORECAST_GRAPH } from './model-format.js';
import type { RegressionTree, TreeEnsemble } from './trees.js';

/*
 * Reads the model back out of the ONNX bytes (the trees, and the Imputer + LinearRegressor
 * they were boosted from), so the reasons (SHAP) and the TypeScript evaluation run on exactly
 * what onnxruntime runs. A minimal protobuf
 * reader over the fields it needs (onnx.proto, IR version 8):
 *
 *   ModelProto     => graph:7 (GraphProto) metadata_props:14 (StringStringEntryProto)
 *   GraphProto     => node:1 (NodeProto)
 *   NodeProto      => input:1 output:2 (string) op_type:4 (string) attribute:5 (AttributeProto) domain:7 (string)
 *   AttributeProto => name:1 (string) f:2 (float) i:3 (int64) s:4 (bytes)
 *                     floats:7 (float, packed or not) ints:8 (int64, packed or not) strings:9 (bytes)
 *   StringStringEntryProto => key:1 value:2
 *
 * Each field is a varint tag (field << 3 | wire type) then a varint (0), 8 bytes (1), a
 * length-delimited run (2) or 4 bytes (5). Anything else is skipped by its wire type.
 */

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A reader over ONNX bytes whose failures are this model kind's errors. */
const reader = (bytes: Uint8Array) => new ProtoReader(bytes, (message) => new AirForecastModelError(message));

function text(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch (cause) {
    throw new AirForecastModelError('ONNX model has a string that is not UTF-8', { cause });
  }
}

interface Attribute {
  floats: number[];
  ints: number[];
  strings: string[];
}

function readAttribute(bytes: Uint8Array): [string, Attribute] {
  const r = reader(bytes);
  let name = '';
  const attr: Attribute = { floats: [], ints: [], strings: [] };
  while (!r.done) {
    const tag = r.varint();
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (field === 1 && wire === 2) name = text(r.bytesField());
    else if ((field === 2 || field === 7) && wire === 5) attr.floats.push(r.float32());
    else if (field === 7 && wire === 2) {
      const packed = reader(r.bytesField());
      while (!packed.done) attr.floats.push(packed.float32());
    } else if ((field === 3 || field === 8) && wire === 0) attr.ints.push(r.varint());
    else if (field === 8 && wire === 2) {
      const packed = reader(r.bytesField());
      while (!packed.done) attr.ints.push(packed.varint());
    } else if ((field === 4 || field === 9) && wire === 2) attr.strings.push(text(r.bytesField()));
    else r.skip(wire);
  }
  return [name, attr];
}

interface GraphNode {
  opType: string;
  domain: string;
  input: string[];
  output: string[];
  attributes: Map<string, Attribute>;
}

function readNode(bytes: Uint8Array): GraphNode {
  const node = reader(bytes);
  const out: GraphNode = { opType: '', domain: '', input: [], output: [], attributes: new Map() };
  while (!node.done) {
    const nt = node.varint();
    const nf = Math.floor(nt / 8);
    if ((nt & 7) !== 2) node.skip(nt & 7);
    else if (nf === 1) out.input.push(text(node.bytesField()));
    else if (nf === 2) out.output.push(text(node.bytesField()));
    else if (nf === 4) out.opType = text(node.bytesField());
    else if (nf === 7) out.domain = text(node.bytesField());
    else if (nf === 5) {
      const [name, attr] = readAttribute(node.bytesField());
      out.attributes.set(name, attr);
    } else node.skip(nt & 7);
  }
  return out;
}

/** The graph's nodes, and the model's metadata_props. */
function readModel(bytes: Uint8Array): { metadata: Map<string, string>; nodes: GraphNode[] } {
  const metadata = new Map<string, string>();
  const nodes: GraphNode[] = [];
  const model = reader(bytes);
  while (!model.done) {
    const tag = model.varint();
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (field === 14 && wire === 2) {
      const entry = reader(model.bytesField());
      let key = '';
      let value = '';
      while (!entry.done) {
        const t = entry.varint();
        if (Math.floor(t / 8) === 1 && (t & 7) === 2) key = text(entry.bytesField());
        else if (Math.floor(t / 8) === 2 && (t & 7) === 2) value = text(entry.bytesField());
        else entry.skip(t & 7);
      }
      metadata.set(key, value);
    } else if (field === 7 && wire === 2) {
      const graph = reader(model.bytesField());
      while (!graph.done) {
        const t = graph.varint();
        if (Math.floor(t / 8) === 1 && (t & 7) === 2) nodes.push(readNode(graph.bytesField()));
        else graph.skip(t & 7);
      }
    } else model.skip(wire);
  }
  return { metadata, nodes };
}

const ML = AIR_FORECAST_GRAPH.domain;
const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Finds the nodes of the contract in model-format.ts and checks their wiring, so that what is
 * read back is all that onnxruntime computes: either the TreeEnsembleRegressor alone writing
 * pm10, or Imputer → LinearRegressor plus the trees, added into pm10. Any other node is refused.
 */
function graphParts(nodes: GraphNode[]): {
  trees: Map<string, Attribute>;
  linear: { imputer: Map<string, Attribute>; regressor: Map<string, Attribute> } | undefined;
} {
  const G = AIR_FORECAST_GRAPH;
  const take = (opType: string, domain: string) => {
    const found = nodes.filter((n) => n.opType === opType && n.domain === domain);
    if (found.length > 1)
      throw new AirForecastModelError(`ONNX model has ${found.length} ${opType} nodes, one expected`);
    return found[0];
  };
  const trees = take(G.opType, ML);
  if (!trees) throw new AirForecastModelError('ONNX model has no ai.onnx.ml TreeEnsembleRegressor node');
  if (!same(trees.input, [G.featuresInput])) {
    throw new AirForecastModelError(
      `TreeEnsembleRegressor must read ${G.featuresInput}, reads ${trees.input.join(', ')}`,
    );
  }
  if (nodes.length === 1) {
    if (!same(trees.output, [G.pm10Output]))
      throw new AirForecastModelError(`TreeEnsembleRegressor must write ${G.pm10Output}`);
    return { trees: trees.attributes, linear: undefined };
  }
  const imputer = take('Imputer', ML);
  const regressor = take('LinearRegressor', ML);
  const add = take('Add', '');
  const wired =
    nodes.length === 4 &&
    imputer !== undefined &&
    regressor !== undefined &&
    add !== undefined &&
    same(imputer.input, [G.featuresInput]) &&
    same(regressor.input, imputer.output) &&
    imputer.output.length === 1 &&
    regressor.output.length === 1 &&
    trees.output.length === 1 &&
    same([...add.input].sort(), [regressor.output[0] as string, trees.output[0] as string].sort()) &&
    same(add.output, [G.pm10Output]);
  if (!wired) {
    throw new AirForecastModelError(
      `ONNX graph is not Imputer → LinearRegressor plus TreeEnsembleRegressor added into ${G.pm10Output} (nodes: ${nodes.map((n) => n.opType).join(', ')})`,
    );
  }
  return { trees: trees.attributes, linear: { imputer: imputer.attributes, regressor: regressor.attributes } };
}

/** The linear part's parameters, checked: NaN replaced, one target, no post transform. */
function readLinear(
  imputer: Map<string, Attribute>,
  regressor: Map<string, Attribute>,
  featureCount: number,
): LinearPart {
  const replaced = imputer.get('replaced_value_float')?.floats[0] ?? 0;
  if (!Number.isNaN(replaced)) throw new AirForecastModelError('Imputer must replace NaN (replaced_value_float)');
  const imputed = imputer.get('imputed_value_floats')?.floats ?? [];
  const coefficients = regressor.get('coefficients')?.floats ?? [];
  const intercepts = regressor.get('intercepts')?.floats ?? [0];
  const targets = regressor.get('targets')?.ints[0] ?? 1;
  const post = regressor.get('post_transform')?.strings[0] ?? 'NONE';
  if (imputed.length !== featureCount || coefficients.length !== featureCount || targets !== 1 || post !== 'NONE') {
    throw new AirForecastModelError(
      `linear part must have ${featureCount} imputed values and coefficients, one target and no post transform`,
    );
  }
  return {
    imputed: Float64Array.from(imputed),
    coefficients: Float64Array.from(coefficients),
    intercept: intercepts[0] as number,
  };
}

/**
 * The trees (and linear part, when the graph has one), base value and metadata of an exported
 * forecast model. Checks what the scorer
 * relies on: BRANCH_LEQ or LEAF modes only, one target, SUM aggregation, no post transform,
 * and covers for every node.
 */
export function readForecastModel(
  bytes: Uint8Array,
  featureCount: number,
): { metadata: Map<string, string>; ensemble: TreeEnsemble; model: ForecastModel } {
  const { metadata, nodes } = readModel(bytes);
  const parts = graphParts(nodes);
  const attributes = parts.trees;
  const get = (name: string) => {
    const a = attributes.get(name);
    if (!a) throw new AirForecastModelError(`TreeEnsembleRegressor has no ${name} attribute`);
    return a;
  };
  const post = attributes.get('post_transform')?.strings[0] ?? 'NONE';
  const aggregate = attributes.get('aggregate_function')?.strings[0] ?? 'SUM';
  if (post !== 'NONE' || aggregate !== 'SUM') {
    throw new AirForecastModelError(`TreeEnsembleRegressor must use SUM and no post transform (${aggregate}, ${post})`);
  }
  const treeIds = get('nodes_treeids').ints;
  const nodeIds = get('nodes_nodeids').ints;
  const featureIds = get('nodes_featureids').ints;
  const values = get('nodes_values').floats;
  const modes = get('nodes_modes').strings;
  const trueIds = get('nodes_truenodeids').ints;
  const falseIds = get('nodes_falsenodeids').ints;
  const missingTrue = get('nodes_missing_value_tracks_true').ints;
  const hitrates = get('nodes_hitrates').floats;
  const n = treeIds.length;
  for (const [name, list] of [
    ['nodes_nodeids', nodeIds],
    ['nodes_featureids', featureIds],
    ['nodes_values', values],
    ['nodes_modes', modes],
    ['nodes_truenodeids', trueIds],
    ['nodes_falsenodeids', falseIds],
    ['nodes_missing_value_tracks_true', missingTrue],
    ['nodes_hitrates', hitrates],
  ] as const) {
    if (list.length !== n) throw new AirForecastModelError(`${name} has ${list.length} entries, nodes_treeids ${n}`);
  }

  const treeCount = n === 0 ? 0 : Math.max(...treeIds) + 1;
  const sizes = new Array<number>(treeCount).fill(0);
  for (let i = 0; i < n; i++)
    sizes[treeIds[i] as number] = Math.max(sizes[treeIds[i] as number] as number, (nodeIds[i] as number) + 1);
  const trees: RegressionTree[] = sizes.map((size) => ({
    feature: new Int32Array(size).fill(-1),
    threshold: new Float32Array(size),
    left: new Int32Array(size),
    right: new Int32Array(size),
    missingLeft: new Uint8Array(size),
    value: new Float64Array(size),
    cover: new Float64Array(size),
  }));
  for (let i = 0; i < n; i++) {
    const tree = trees[treeIds[i] as number] as RegressionTree;
    const id = nodeIds[i] as number;
    tree.cover[id] = hitrates[i] as number;
    const mode = modes[i];
    if (mode === 'LEAF') continue;
    if (mode !== 'BRANCH_LEQ') throw new AirForecastModelError(`node mode ${mode}: this scorer reads BRANCH_LEQ only`);
    const f = featureIds[i] as number;
    if (f >= featureCount) throw new AirForecastModelError(`a node splits on feature ${f} of ${featureCount}`);
    tree.feature[id] = f;
    tree.threshold[id] = values[i] as number;
    tree.left[id] = trueIds[i] as number;
    tree.right[id] = falseIds[i] as number;
    tree.missingLeft[id] = missingTrue[i] === 1 ? 1 : 0;
  }
  const targetTrees = get('target_treeids').ints;
  const targetNodes = get('target_nodeids').ints;
  const weights = get('target_weights').floats;
  for (let i = 0; i < targetTrees.length; i++) {
    const tree = trees[targetTrees[i] as number];
    if (!tree) throw new AirForecastModelError(`target_treeids names tree ${targetTrees[i]}, which has no nodes`);
    tree.value[targetNodes[i] as number] = (tree.value[targetNodes[i] as number] as number) + (weights[i] as number);
  }
  const baseScore = attributes.get('base_values')?.floats[0] ?? 0;
  const ensemble: TreeEnsemble = { baseScore, featureCount, trees };
  const linear = parts.linear && readLinear(parts.linear.imputer, parts.linear.regressor, featureCount);
  return { metadata, ensemble, model: { featureCount, linear, trees: ensemble } };
}
