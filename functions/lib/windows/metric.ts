/**
 * A metric of `pipeline.ts` (`MetricSpec`) compiled for the engine and the query API: window
 * shape in milliseconds and the extractors for event time, key and filter.
 */

import type { MetricScalar, MetricSpec, PipelineSpec } from '../../../infra/pipeline/types.js';
import { parseRfc3339 } from '../time/index.js';
import { KEY_SEPARATOR } from './schema.js';
import type { WindowShape } from './windows.js';

export interface WindowMetric {
  name: string;
  spec: MetricSpec;
  shape: WindowShape;
  latenessMs: number;
  idleTimeoutMs: number;
  /** Largest lead of an event time over its record's ingestion that is still counted. */
  maxFutureMs: number;
  retentionSeconds: number;
  /**
   * Partitions of the source topic (its declaration; the same count on AWS, where the topic is
   * created from it). Each holds the watermark back until it delivers or goes idle.
   */
  sourcePartitions: number;
  /** Event time in epoch ms, or undefined when the field is missing or not a time in the declared format. */
  eventTime(event: unknown): number | undefined;
  /** The key counted (fields joined by `|`), or undefined when a field is missing, null or not a scalar. */
  key(event: unknown): string | undefined;
  /** Whether the metric's filter admits the event. */
  admits(event: unknown): boolean;
  /**
   * For a metric with a numeric aggregate: the event's value, or undefined when missing or not
   * a finite number. Absent for a plain count.
   */
  value?: (event: unknown) => number | undefined;
}

export function windowMetric(name: string, spec: MetricSpec, sourcePartitions: number): WindowMetric {
  const sizeMs = spec.window.sizeSeconds * 1000;
  const slideMs = (spec.window.slideSeconds ?? spec.window.sizeSeconds) * 1000;
  const timeOf = fieldGetter(spec.eventTime.field);
  const keyParts = spec.key.map(fieldGetter);
  const filters = Object.entries(spec.filter ?? {}).map(
    ([path, allowed]) => [fieldGetter(path), new Set<MetricScalar>(allowed)] as const,
  );
  const format = spec.eventTime.format;
  const readValue = spec.value === undefined ? undefined : fieldGetter(spec.value.field);
  return {
    name,
    spec,
    shape: { sizeMs, slideMs },
    latenessMs: spec.allowedLatenessSeconds * 1000,
    idleTimeoutMs: spec.idlePartitionTimeoutSeconds * 1000,
    maxFutureMs: spec.maxFutureSeconds * 1000,
    retentionSeconds: spec.retentionDays * 86_400,
    sourcePartitions,
    eventTime(event) {
      return parseEventTime(timeOf(event), format);
    },
    key(event) {
      const parts: string[] = [];
      for (const get of keyParts) {
        const v = get(event);
        if (typeof v === 'string') {
          if (v.length === 0) return undefined;
          parts.push(v);
        } else if (typeof v === 'number' || typeof v === 'boolean') parts.push(String(v));
        else return undefined;
      }
      return parts.join(KEY_SEPARATOR);
    },
    ...(readValue === undefined
      ? {}
      : {
          value(event: unknown) {
            const v = readValue(event);
            return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
          },
        }),
    admits(event) {
      for (const [get, allowed] of filters) {
        const v = get(event);
        if (v === undefined || (v !== null && typeof v === 'object') || !allowed.has(v as MetricScalar)) return false;
      }
      return true;
    },
  };
}

/** The metrics one function applies, in declaration order. */
export function metricsOf(pipeline: Pick<PipelineSpec, 'metrics' | 'topics'>, functionName: string): WindowMetric[] {
  return Object.entries(pipeline.metrics)
    .filter(([, spec]) => spec.function === functionName)
    .map(([name, spec]) => windowMetric(name, spec, pipeline.topics[spec.topic]?.partitions ?? 1));
}

/** Event times outside 1970..2200 are refused: they are bugs (seconds sent as ms or the reverse), not events. */
const MAX_EVENT_TIME = Date.UTC(2200, 0, 1);

export function parseEventTime(value: unknown, format: MetricSpec['eventTime']['format']): number | undefined {
  let ms: number;
  if (format === 'iso-8601') {
    if (typeof value !== 'string') return undefined;
    const parsed = parseRfc3339(value);
    if (parsed === undefined) return undefined;
    ms = parsed;
  } else {
    if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
    ms = format === 'unix-seconds' ? Math.round(value * 1000) : Math.round(value);
  }
  return Number.isFinite(ms) && ms >= 0 && ms < MAX_EVENT_TIME ? ms : undefined;
}

function fieldGetter(path: string): (event: unknown) => unknown {
  const parts = path.split('.');
  return (event) => {
    let v: unknown = event;
    for (const p of parts) {
      if (v === null || typeof v !== 'object' || !Object.hasOwn(v, p)) return undefined;
      v = (v as Record<string, unknown>)[p];
    }
    return v;
  };
}
