import { prng } from '../infra/local/demo/generators.js';

/**
 * Realistic record content shared by the benchmarks (feedback posts and
 * Wikimedia recentchange edits, ~300 B of JSON each), drawn from a seeded PRNG
 * so every run and every candidate sees the same records.
 */
const WORDS = (
  'the app is slow when I open the dashboard export button works great but crashes after update love new ' +
  'design support team was helpful login fails on mobile page takes forever to load please add dark mode ' +
  'thanks for fixing the bug search results are wrong billing charged me twice notifications arrive late ' +
  'onboarding was smooth feature request integration with calendar would be nice price too high for small ' +
  'teams checkout keeps timing out great job café naïve über 日本語 données 😀 👍 ok really very never always ' +
  'today yesterday week month customer account settings profile upload image video report chart filter'
).split(' ');
const SOURCES = ['slack', 'twitter', 'web', 'http'] as const;
const WIKIS = ['en', 'de', 'fr', 'ja', 'commons', 'wikidata'] as const;

export interface BenchContent {
  /** The record key a producer would use. */
  key: string;
  /** JSON text of the record value. */
  value: string;
  /** Headers as [name, value] pairs, duplicates allowed. */
  headers: [string, string][];
}

export interface BenchRecords {
  rand: () => number;
  feedback(timestamp: number): BenchContent;
  wiki(timestamp: number, id: number): BenchContent;
}

export function benchRecords(seed: number): BenchRecords {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const words = (min: number, max: number) =>
    Array.from({ length: min + Math.floor(rand() * (max - min)) }, () => pick(WORDS)).join(' ');
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
  return {
    rand,
    feedback(timestamp) {
      const source = pick(SOURCES);
      const user = `U0${hex(8).toUpperCase()}`;
      const headers: [string, string][] = [
        ['content-type', 'application/json'],
        ['source', source],
        ['trace-id', hex(32)],
      ];
      if (rand() < 0.1) headers.push(['retry', '1'], ['retry', '2']);
      return {
        key: user,
        value: JSON.stringify({
          id: `fb-${hex(12)}`,
          source,
          channel: source === 'slack' ? '#product-feedback' : null,
          user,
          text: words(14, 32),
          lang: 'en',
          rating: 1 + Math.floor(rand() * 5),
          created_at: new Date(timestamp).toISOString(),
        }),
        headers,
      };
    },
    wiki(timestamp, id) {
      const lang = pick(WIKIS);
      const title = words(1, 4).replaceAll(' ', '_');
      const oldLength = Math.floor(rand() * 50_000);
      const oldRevision = 1_290_000_000 + Math.floor(rand() * 9_000_000);
      return {
        key: title,
        value: JSON.stringify({
          $schema: '/mediawiki/recentchange/1.0.0',
          id,
          type: rand() < 0.85 ? 'edit' : 'new',
          namespace: rand() < 0.7 ? 0 : 1,
          title,
          comment: words(2, 10),
          timestamp: Math.floor(timestamp / 1000),
          user: `User${Math.floor(rand() * 3000)}`,
          bot: rand() < 0.1,
          minor: rand() < 0.3,
          length: { old: oldLength, new: oldLength + Math.floor(rand() * 400) - 100 },
          revision: { old: oldRevision, new: oldRevision + 1 + Math.floor(rand() * 50) },
          server_name: `${lang}.wikipedia.org`,
          wiki: `${lang}wiki`,
        }),
        headers: [['content-type', 'application/json']],
      };
    },
  };
}
