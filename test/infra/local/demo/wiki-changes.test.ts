import { describe, expect, it } from 'vitest';
import { generators } from '../../../../infra/local/demo/generators.js';
import { RC_ID_BASE, WIKI_CHANGE_DEFAULTS, wikiChangeGenerator } from '../../../../infra/local/demo/wiki-changes.js';
import { zipf } from '../../../../infra/local/demo/zipf.js';
import { pipeline } from '../../../../infra/pipeline.js';

const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
/** Sequence numbers start at the run's start time in ms, as `npm start` numbers them. */
const SEQ_START = 1_750_000_000_000;
const SAMPLE = 20_000;

interface RecentChange {
  meta: { id: string; domain: string; dt: string };
  id: number;
  type: string;
  namespace: number;
  title: string;
  timestamp: number;
  user: string;
  bot: boolean;
  server_name: string;
  server_url: string;
  wiki: string;
  length?: { old: number | null; new: number };
  revision?: { old: number | null; new: number };
  log_type?: string;
  log_action?: string;
}

/** `SAMPLE` records from a generator, each with its raw text and, when it parses, its event. */
function sample(options: Parameters<typeof wikiChangeGenerator>[0] = {}) {
  const generate = wikiChangeGenerator({ now: () => NOW, ...options });
  return Array.from({ length: SAMPLE }, (_, i) => {
    const record = generate(SEQ_START + i);
    const text = record.value.toString('utf8');
    let event: RecentChange | undefined;
    try {
      event = JSON.parse(text) as RecentChange;
    } catch {
      event = undefined;
    }
    return { record, text, event };
  });
}

const share = (n: number, of: number) => n / of;
const IP = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f]{1,4}(:[0-9a-f]{0,4})+)$/;

describe('wiki-changes demo generator', () => {
  const records = sample();
  const events = records.flatMap((r) => (r.event ? [r.event] : []));
  const edits = events.filter((e) => e.meta.domain !== 'canary');

  it('is the generator pipeline.ts names for wiki-changes, and is deterministic per sequence number', () => {
    // Prepare
    const name = pipeline.topics['wiki-changes']!.demo!.generator;
    const generate = wikiChangeGenerator({ now: () => NOW });

    // Act
    const again = [0, 1, 9_999].map((i) => generate(SEQ_START + i).value.toString());

    // Assess
    expect(generators[name]).toBeTypeOf('function');
    expect(again).toEqual([0, 1, 9_999].map((i) => records[i]!.text));
    expect(records[0]!.text).not.toBe(records[1]!.text);
  });

  it('draws registered editors from a Zipf law with s = 1.1: the head makes the share the law predicts', () => {
    // Prepare
    const law = zipf(WIKI_CHANGE_DEFAULTS.editors, WIKI_CHANGE_DEFAULTS.zipfExponent);
    const registered = edits.filter((e) => !e.bot && !IP.test(e.user));
    const counts = new Map<string, number>();
    for (const e of registered) counts.set(e.user, (counts.get(e.user) ?? 0) + 1);

    // Act
    const ranked = [...counts.values()].sort((a, b) => b - a);
    const top1 = share(ranked[0]!, registered.length);
    const top10 = share(
      ranked.slice(0, 10).reduce((a, b) => a + b, 0),
      registered.length,
    );

    // Assess
    const expectedTop10 = Array.from({ length: 10 }, (_, k) => law.probability(k + 1)).reduce((a, b) => a + b, 0);
    expect(top1).toBeCloseTo(law.probability(1), 1);
    expect(Math.abs(top10 - expectedTop10)).toBeLessThan(0.03);
    // A heavy head and a long tail: the 10 most active make ~40 %, and hundreds of accounts appear.
    expect(top10).toBeGreaterThan(0.35);
    expect(counts.size).toBeGreaterThan(500);
    expect(ranked[0]! / ranked[1]!).toBeGreaterThan(1.6);
  });

  it('has 15–20 % bot events, every bot named …bot/…Bot and no human so named, and some IP editors', () => {
    // Act
    const bots = edits.filter((e) => e.bot);
    const anonymous = edits.filter((e) => IP.test(e.user));

    // Assess
    expect(share(bots.length, edits.length)).toBeGreaterThan(0.15);
    expect(share(bots.length, edits.length)).toBeLessThan(0.2);
    expect(bots.every((e) => /bot$/i.test(e.user))).toBe(true);
    expect(edits.filter((e) => !e.bot).some((e) => /bot$/i.test(e.user))).toBe(false);
    expect(share(anonymous.length, edits.length)).toBeGreaterThan(0.05);
    expect(share(anonymous.length, edits.length)).toBeLessThan(0.11);
    expect(anonymous.every((e) => !e.bot)).toBe(true);
    expect(anonymous.some((e) => e.user.includes(':'))).toBe(true);
  });

  it('puts event time mostly at now, a share out of order within the lateness and a share late beyond it', () => {
    // Prepare
    const lateness = Math.max(
      ...Object.values(pipeline.metrics)
        .filter((m) => m.topic === 'wiki-changes')
        .map((m) => m.allowedLatenessSeconds),
    );
    const behind = edits.map((e) => NOW / 1000 - e.timestamp);

    // Act
    const onTime = behind.filter((s) => s <= 3).length;
    const outOfOrder = behind.filter((s) => s > 3 && s <= lateness).length;
    const late = behind.filter((s) => s > lateness).length;

    // Assess
    expect(share(outOfOrder, edits.length)).toBeCloseTo(WIKI_CHANGE_DEFAULTS.outOfOrderShare, 2);
    expect(share(late, edits.length)).toBeCloseTo(WIKI_CHANGE_DEFAULTS.lateShare, 2);
    expect(onTime + outOfOrder + late).toBe(edits.length);
    expect(Math.max(...behind)).toBeLessThanOrEqual(30 * 60);
    expect(Math.min(...behind.filter((s) => s > lateness))).toBeGreaterThan(lateness + 59);
    expect(Math.max(...behind.filter((s) => s <= lateness))).toBeLessThanOrEqual(
      WIKI_CHANGE_DEFAULTS.maxOutOfOrderSeconds,
    );
    expect(edits.every((e) => Math.floor(Date.parse(e.meta.dt) / 1000) === e.timestamp)).toBe(true);
  });

  it('takes the late and out-of-order shares from its options', () => {
    // Act
    const skewed = sample({ lateShare: 0.3, outOfOrderShare: 0.2, malformedShare: 0 }).map((r) => r.event!);
    const behind = skewed.map((e) => NOW / 1000 - e.timestamp);

    // Assess
    expect(share(behind.filter((s) => s > 600).length, skewed.length)).toBeCloseTo(0.3, 1);
    expect(share(behind.filter((s) => s > 3 && s <= 600).length, skewed.length)).toBeCloseTo(0.2, 1);
  });

  it('mixes event types as the feed does, each with the fields its type carries', () => {
    // Act
    const byType = (type: string) => edits.filter((e) => e.type === type);

    // Assess
    expect(share(byType('edit').length, edits.length)).toBeCloseTo(0.62, 1);
    expect(share(byType('categorize').length, edits.length)).toBeCloseTo(0.21, 1);
    expect(share(byType('log').length, edits.length)).toBeCloseTo(0.12, 1);
    expect(share(byType('new').length, edits.length)).toBeCloseTo(0.05, 1);
    expect(byType('new').every((e) => e.length?.old === null && e.revision?.old === null)).toBe(true);
    expect(byType('edit').every((e) => typeof e.length?.old === 'number' && e.revision!.old! < e.revision!.new)).toBe(
      true,
    );
    expect(byType('log').every((e) => e.log_type && e.log_action && e.revision === undefined)).toBe(true);
    expect(byType('categorize').every((e) => e.namespace === 14 && e.title.startsWith('Category:'))).toBe(true);
  });

  it('spreads events over several wikis with Wikidata the busiest, each named consistently', () => {
    // Prepare
    const counts = new Map<string, number>();
    for (const e of edits) counts.set(e.server_name, (counts.get(e.server_name) ?? 0) + 1);

    // Act
    const ranked = [...counts].sort((a, b) => b[1] - a[1]);

    // Assess
    expect(counts.size).toBeGreaterThanOrEqual(10);
    expect(ranked[0]![0]).toBe('www.wikidata.org');
    expect(share(ranked[0]![1], edits.length)).toBeCloseTo(0.32, 1);
    expect(edits.every((e) => e.server_url === `https://${e.server_name}`)).toBe(true);
    expect(edits.find((e) => e.server_name === 'en.wikipedia.org')?.wiki).toBe('enwiki');
    expect(edits.find((e) => e.server_name === 'commons.wikimedia.org')?.wiki).toBe('commonswiki');
  });

  it('gives rc and revision ids above 2^31 that survive a JSON round trip exactly', () => {
    // Prepare
    const withRevisions = edits.filter((e) => e.revision);

    // Act
    const ids = edits.map((e) => e.id);
    const texts = records.filter((r) => r.event).map((r) => /"id":(\d+),"type"/.exec(r.text)?.[1]);

    // Assess
    expect(ids.every((id) => id >= RC_ID_BASE && id > 2 ** 31 && Number.isSafeInteger(id))).toBe(true);
    expect(texts).toEqual(events.map((e) => String(e.id)));
    expect(withRevisions.every((e) => e.revision!.new > 2 ** 31 && (e.revision!.old ?? 2 ** 32) > 2 ** 31)).toBe(true);
    expect(JSON.parse(JSON.stringify(events))).toEqual(events);
    expect(new Set(events.map((e) => e.meta.id)).size).toBe(events.length);
  });

  it('sends a few canary events and a few malformed values', () => {
    // Act
    const canaries = events.filter((e) => e.meta.domain === 'canary');
    const malformed = records.filter((r) => !r.event);
    const notUtf8 = malformed.filter((r) => !Buffer.from(r.text, 'utf8').equals(r.record.value));

    // Assess
    expect(canaries.length).toBeGreaterThan(0);
    expect(share(canaries.length, events.length)).toBeLessThan(0.02);
    expect(share(malformed.length, SAMPLE)).toBeGreaterThan(0.002);
    expect(share(malformed.length, SAMPLE)).toBeLessThan(0.01);
    expect(notUtf8.length).toBeGreaterThan(0);
    expect(notUtf8.length).toBeLessThan(malformed.length);
  });
});
