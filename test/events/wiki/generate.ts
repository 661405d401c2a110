/**
 * Writes `replay.jsonl`, the fixed file of wiki events the window-engine proofs replay:
 * `node --import tsx test/events/wiki/generate.ts`. Deterministic (seeded), committed, and
 * only regenerated on purpose.
 *
 * Three phases, each delivered and drained before the next, over an hour of event time from
 * 2026-11-01T10:00Z, spread over three partitions. In every phase ~15 % of events are out of
 * order by up to 4 minutes (always on time: a watermark trails the newest event by at least
 * the 10-minute lateness). Phases 2 and 3 also carry events far behind the watermark the
 * earlier phases left (late by several minutes at least, so no batching can make them on
 * time). Each phase has a few canary events (the trigger filters them) and one malformed record.
 *
 * Line format: `{ "phase", "partition", "value": <event> }` or `{ "phase", "partition", "raw": "<bytes>" }`.
 */

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { prng } from '../../../infra/local/demo/prng.js';

const T0 = Date.UTC(2026, 10, 1, 10, 0, 0) / 1000;
const MIN = 60;

const random = prng(20261101);
const USERS = Array.from({ length: 40 }, (_, i) => (i % 7 === 3 ? `Archive${i}Bot` : `Editor ${i}`));
// Zipf(1.1) weights over the users.
const weights = USERS.map((_, i) => 1 / (i + 1) ** 1.1);
const total = weights.reduce((a, b) => a + b, 0);
function user(): string {
  let r = random() * total;
  for (let i = 0; i < USERS.length; i++) {
    r -= weights[i] as number;
    if (r <= 0) return USERS[i] as string;
  }
  return USERS[0] as string;
}
const WIKIS = [
  ['en.wikipedia.org', 'enwiki', 0.5],
  ['www.wikidata.org', 'wikidatawiki', 0.3],
  ['de.wikipedia.org', 'dewiki', 0.2],
] as const;
function wiki(): (typeof WIKIS)[number] {
  let r = random();
  for (const w of WIKIS) {
    r -= w[2];
    if (r <= 0) return w;
  }
  return WIKIS[0];
}

let seq = 0;
function change(timestamp: number, type: string, domain?: string) {
  const n = seq++;
  const [server, wikiName] = wiki();
  const who = user();
  const created = type === 'new';
  return {
    $schema: '/mediawiki/recentchange/1.0.0',
    meta: {
      uri: `https://${server}/wiki/Page_${n % 313}`,
      request_id: `req-${n}`,
      id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      dt: new Date(timestamp * 1000).toISOString(),
      domain: domain ?? server,
      stream: 'mediawiki.recentchange',
    },
    id: 2_400_000_000 + n,
    type,
    namespace: 0,
    title: `Page ${n % 313}`,
    comment: 'copyedit',
    timestamp,
    user: who,
    bot: who.endsWith('Bot'),
    minor: n % 3 === 0,
    patrolled: n % 2 === 0,
    length: { old: created ? null : 1000 + (n % 500), new: 1100 + (n % 500) },
    revision: { old: created ? null : 2_300_000_000 + n, new: 2_300_000_001 + n },
    server_name: server,
    server_url: `https://${server}`,
    wiki: wikiName,
  };
}

function type(): string {
  const r = random();
  return r < 0.7 ? 'edit' : r < 0.8 ? 'new' : r < 0.93 ? 'log' : 'categorize';
}

const lines: string[] = [];
const partitionOf = (who: string) => {
  let h = 0;
  for (const ch of who) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h % 3;
};
let newest = T0;
function phase(n: number, from: number, to: number, count: number, late: [number, number, number] | null) {
  for (let i = 0; i < count; i++) {
    let t = Math.floor(from + ((to - from) * i) / count);
    newest = Math.max(newest, t);
    if (random() < 0.15) t = Math.max(T0, newest - Math.floor(random() * 4 * MIN));
    const value = change(t, type());
    lines.push(JSON.stringify({ phase: n, partition: partitionOf(value.user), value }));
    if (late && i % Math.floor(count / late[2]) === 7) {
      const lt = Math.floor(late[0] + random() * (late[1] - late[0]));
      const lateValue = change(lt, 'edit');
      lines.push(JSON.stringify({ phase: n, partition: partitionOf(lateValue.user), value: lateValue }));
    }
    if (i % 300 === 150) {
      const canary = change(t, 'edit', 'canary');
      lines.push(JSON.stringify({ phase: n, partition: i % 3, value: canary }));
    }
  }
  lines.push(
    JSON.stringify({ phase: n, partition: n % 3, raw: '{"$schema": "/mediawiki/recentchange/1.0.0", "meta": ' }),
  );
}

phase(1, T0, T0 + 25 * MIN, 900, null);
phase(2, T0 + 25 * MIN, T0 + 45 * MIN, 900, [T0, T0 + 12 * MIN, 40]);
phase(3, T0 + 45 * MIN, T0 + 60 * MIN, 600, [T0 + 20 * MIN, T0 + 30 * MIN, 30]);

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'replay.jsonl');
writeFileSync(file, `${lines.join('\n')}\n`);
process.stdout.write(`${lines.length} lines → ${file}\n`);
