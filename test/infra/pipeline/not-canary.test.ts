import { describe, expect, it } from 'vitest';
import { compileFilterCriteria, type FilterableKafkaRecord } from '../../../infra/pipeline/filter/index.js';
import { pipeline } from '../../../infra/pipeline.js';

/**
 * The wiki triggers' FilterCriteria, as declared, evaluated by the filter engine with AWS's
 * semantics (comparisons on leaf values only): a canary is the one shape filtered out, every
 * other shape reaches the handler, which archives it or dead-letters it as invalid.
 */

/** A recent-change edit as Wikimedia's EventStreams send it (trimmed). */
const edit = {
  meta: { domain: 'en.wikipedia.org', stream: 'mediawiki.recentchange', dt: '2024-05-01T12:00:00Z' },
  type: 'edit',
  timestamp: 1714564800,
  user: 'Alice',
  server_name: 'en.wikipedia.org',
};

const json = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');

/** Every shape of value the topic can carry, and whether the trigger must deliver it. */
const shapes: { name: string; value: Buffer | null; delivered: boolean }[] = [
  { name: 'canary', value: json({ ...edit, meta: { ...edit.meta, domain: 'canary' } }), delivered: false },
  { name: 'edit', value: json(edit), delivered: true },
  { name: 'JSON without meta', value: json({ type: 'edit' }), delivered: true },
  { name: 'meta without domain', value: json({ meta: { stream: 'x' } }), delivered: true },
  { name: 'domain null', value: json({ meta: { domain: null } }), delivered: true },
  { name: 'domain an object', value: json({ meta: { domain: { name: 'canary' } } }), delivered: true },
  { name: 'domain an empty array', value: json({ meta: { domain: [] } }), delivered: true },
  { name: 'meta a string', value: json({ meta: 'canary' }), delivered: true },
  { name: 'empty JSON object', value: json({}), delivered: true },
  { name: 'plain text', value: Buffer.from('event: message', 'utf8'), delivered: true },
  { name: 'the text "canary"', value: Buffer.from('canary', 'utf8'), delivered: true },
  { name: 'truncated JSON', value: Buffer.from('{"meta": {"domain": "canary"', 'utf8'), delivered: true },
  { name: 'JSON number', value: Buffer.from('42', 'utf8'), delivered: true },
  { name: 'JSON array', value: Buffer.from('[1, 2]', 'utf8'), delivered: true },
  { name: 'empty value', value: Buffer.alloc(0), delivered: true },
  { name: 'tombstone', value: null, delivered: true },
  { name: 'not UTF-8', value: Buffer.from([0xc3, 0x28, 0xff]), delivered: true },
];

function record(value: Buffer | null): FilterableKafkaRecord {
  return { topic: 'wiki-changes', partition: 0, offset: 7, timestamp: 1714564800000, key: null, value };
}

describe('the wiki triggers’ canary filter (pipeline.ts)', () => {
  const filtered = pipeline.triggers.filter((t) => t.topic === 'wiki-changes' && t.filterCriteria);

  it('is declared on every wiki-changes trigger', () => {
    expect(filtered.map((t) => t.name).sort()).toEqual(
      pipeline.triggers
        .filter((t) => t.topic === 'wiki-changes')
        .map((t) => t.name)
        .sort(),
    );
  });

  for (const shape of shapes) {
    it(`${shape.delivered ? 'delivers' : 'filters out'} a ${shape.name}`, () => {
      for (const trigger of filtered) {
        // Prepare
        const filter = compileFilterCriteria(trigger.filterCriteria);

        // Act
        const delivered = filter.matches(record(shape.value));

        // Assess
        expect(delivered, trigger.name).toBe(shape.delivered);
      }
    });
  }

  it('holds no condition list on value itself, which matches every JSON object on AWS', () => {
    for (const trigger of filtered) {
      for (const f of trigger.filterCriteria?.Filters ?? []) {
        expect(Array.isArray(JSON.parse(f.Pattern).value), f.Pattern).toBe(false);
      }
    }
  });
});
