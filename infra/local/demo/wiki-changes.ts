/**
 * Demo Wikimedia recentchange events (schema `/mediawiki/recentchange/1.0.0`, as EventStreams
 * sends them) for `npm start`, shaped and mixed like the real feed:
 *
 * - who: registered editors drawn from a Zipf law (s = 1.1 over 3,000 accounts: a few make
 *   most edits), bots (17 % of events, names ending in "bot"/"Bot", `bot: true`), anonymous
 *   editors shown by IP address (8 %);
 * - where: Wikidata, Commons, English Wikipedia and a dozen others, weighted roughly as the
 *   real feed is;
 * - what: `edit` 62 %, `categorize` 21 %, `log` 12 %, `new` 5 %, each with the fields its type
 *   carries (length and revision only on edits and page creations, `old` null on `new`, the
 *   `log_*` fields on log events); rc and revision ids above 2^31, as on the real feed;
 * - when: event time (`timestamp`, unix seconds, and `meta.dt`) is now for most events; a share
 *   arrives out of order (up to 4 minutes behind) and a share late (behind by more than the
 *   wiki metrics' allowed lateness, so the window engine dead-letters them as `late`);
 * - noise: canary events (`meta.domain: "canary"`, which the triggers filter out) and a few
 *   malformed values (bytes that are not UTF-8, JSON cut short).
 *
 * Deterministic for a sequence number (a seeded PRNG) and a clock reading. The shares are
 * options, with `WIKI_CHANGE_DEFAULTS` as defaults.
 */

import { pipeline } from '../../pipeline.js';
import type { DemoRecord, Generator } from './generators.js';
import { INVALID_UTF8, truncatedJson } from './malformed.js';
import { prng, seedOf } from './prng.js';
import { anonymousAddresses, botNames, editorNames } from './wiki-names.js';
import { type Zipf, zipf } from './zipf.js';

export interface WikiChangeOptions {
  /** Registered (human) accounts; their activity follows the Zipf law. */
  editors: number;
  /** The Zipf exponent s for editors, bots and anonymous addresses alike. */
  zipfExponent: number;
  /** Bot accounts. */
  bots: number;
  /** Share of events made by bots. */
  botShare: number;
  /** Anonymous addresses. */
  anonymous: number;
  /** Share of events made by anonymous (IP) editors. */
  anonymousShare: number;
  /** Share of events whose event time is behind by up to `maxOutOfOrderSeconds`, within the allowed lateness. */
  outOfOrderShare: number;
  /** How far behind an out-of-order event may be, in seconds. */
  maxOutOfOrderSeconds: number;
  /** Share of events behind by more than the allowed lateness: late for the windows. */
  lateShare: number;
  /** How far behind a late event is, in seconds: [least, most]. */
  lateSeconds: readonly [number, number];
  /** Share of canary events (`meta.domain: "canary"`). */
  canaryShare: number;
  /** Share of malformed values (half not UTF-8, half JSON cut short). */
  malformedShare: number;
  /** The clock (epoch ms) event times are relative to. */
  now: () => number;
}

/**
 * The wiki metrics' allowed lateness (infra/pipeline.ts), so that late events stay late if it
 * changes: the most lenient metric on `wiki-changes` decides.
 */
const ALLOWED_LATENESS_SECONDS = Math.max(
  0,
  ...Object.values(pipeline.metrics)
    .filter((m) => m.topic === 'wiki-changes')
    .map((m) => m.allowedLatenessSeconds),
);

export const WIKI_CHANGE_DEFAULTS: Readonly<WikiChangeOptions> = {
  editors: 3_000,
  zipfExponent: 1.1,
  bots: 120,
  botShare: 0.17,
  anonymous: 600,
  anonymousShare: 0.08,
  outOfOrderShare: 0.05,
  maxOutOfOrderSeconds: 240,
  lateShare: 0.01,
  lateSeconds: [ALLOWED_LATENESS_SECONDS + 60, Math.max(30 * 60, ALLOWED_LATENESS_SECONDS + 120)],
  canaryShare: 0.005,
  malformedShare: 0.005,
  now: () => Date.now(),
};

/** Base of rc ids (`id`) and revision ids: above 2^31, where the real feed's are and int32 readers break. */
export const RC_ID_BASE = 2_400_000_000;
export const REVISION_ID_BASE = 2_600_000_000;

type Family = 'wikidata' | 'commons' | 'wikipedia' | 'wiktionary' | 'meta';

/** The wikis, with roughly their share of the real recentchange feed. */
const WIKIS: readonly { server: string; wiki: string; family: Family; weight: number }[] = [
  { server: 'www.wikidata.org', wiki: 'wikidatawiki', family: 'wikidata', weight: 0.32 },
  { server: 'commons.wikimedia.org', wiki: 'commonswiki', family: 'commons', weight: 0.18 },
  { server: 'en.wikipedia.org', wiki: 'enwiki', family: 'wikipedia', weight: 0.17 },
  { server: 'de.wikipedia.org', wiki: 'dewiki', family: 'wikipedia', weight: 0.05 },
  { server: 'fr.wikipedia.org', wiki: 'frwiki', family: 'wikipedia', weight: 0.05 },
  { server: 'es.wikipedia.org', wiki: 'eswiki', family: 'wikipedia', weight: 0.04 },
  { server: 'ru.wikipedia.org', wiki: 'ruwiki', family: 'wikipedia', weight: 0.03 },
  { server: 'ja.wikipedia.org', wiki: 'jawiki', family: 'wikipedia', weight: 0.03 },
  { server: 'it.wikipedia.org', wiki: 'itwiki', family: 'wikipedia', weight: 0.03 },
  { server: 'en.wiktionary.org', wiki: 'enwiktionary', family: 'wiktionary', weight: 0.03 },
  { server: 'zh.wikipedia.org', wiki: 'zhwiki', family: 'wikipedia', weight: 0.02 },
  { server: 'pl.wikipedia.org', wiki: 'plwiki', family: 'wikipedia', weight: 0.02 },
  { server: 'meta.wikimedia.org', wiki: 'metawiki', family: 'meta', weight: 0.02 },
  { server: 'pt.wikipedia.org', wiki: 'ptwiki', family: 'wikipedia', weight: 0.01 },
];

/** Event types with their share of the feed. */
const TYPES = [
  ['edit', 0.62],
  ['categorize', 0.21],
  ['log', 0.12],
  ['new', 0.05],
] as const;

/** Log events: type, action and share among log events. */
const LOGS = [
  ['newusers', 'create', 0.22],
  ['upload', 'upload', 0.2],
  ['thanks', 'thank', 0.15],
  ['patrol', 'patrol', 0.13],
  ['delete', 'delete', 0.1],
  ['move', 'move', 0.08],
  ['abusefilter', 'hit', 0.07],
  ['protect', 'protect', 0.03],
  ['block', 'block', 0.02],
] as const;

const TOPICS = [
  'History',
  'Geography',
  'River',
  'Railway station',
  'Football club',
  'Village',
  'Album',
  'Cathedral',
  'Election',
  'Species',
  'Bridge',
  'Novel',
  'Observatory',
  'Festival',
  'Mountain pass',
];
const PLACES = ['Oslo', 'Kraków', 'Lyon', 'Nagoya', 'Porto', 'Tartu', 'Rosario', 'Bergen', 'Ghent', 'Kumasi', 'Sendai'];
const EDIT_COMMENTS = [
  'copyedit',
  'Fixed typo',
  '/* History */ expanded with sources',
  'Added citation',
  '/* References */ fix',
  'Undid revision by vandal',
  'clarify',
  '',
];
const BOT_COMMENTS = [
  'Bot: fixing links',
  'Bot: rescuing 1 sources and tagging 0 as dead.',
  'Bot: adding [[Category:Stubs]]',
  'Bot: formatting dates per MOS',
];

const weighted = <T>(u: number, items: readonly T[], weight: (item: T) => number): T => {
  let acc = 0;
  for (const item of items) {
    acc += weight(item);
    if (u < acc) return item;
  }
  return items[items.length - 1] as T;
};

interface Populations {
  editors: { names: string[]; law: Zipf };
  bots: { names: string[]; law: Zipf };
  anonymous: { names: string[]; law: Zipf };
}

/** A recentchange generator with the given shares (the rest from `WIKI_CHANGE_DEFAULTS`). */
export function wikiChangeGenerator(overrides: Partial<WikiChangeOptions> = {}): Generator {
  const o: WikiChangeOptions = { ...WIKI_CHANGE_DEFAULTS, ...overrides };
  let people: Populations | undefined;
  // Names and the Zipf tables are built on first use: `npm start --no-demo` never pays for them.
  const populations = (): Populations =>
    (people ??= {
      editors: { names: editorNames(o.editors), law: zipf(o.editors, o.zipfExponent) },
      bots: { names: botNames(o.bots), law: zipf(o.bots, o.zipfExponent) },
      anonymous: { names: anonymousAddresses(o.anonymous), law: zipf(o.anonymous, o.zipfExponent) },
    });

  return (seq: number): DemoRecord => {
    const r = prng(seedOf(seq, 0x77_69_6b_69));
    const draw = r();
    if (draw < o.malformedShare) {
      // The key is what a relay would use; the value cannot be read.
      const value =
        draw < o.malformedShare / 2
          ? INVALID_UTF8
          : truncatedJson(JSON.stringify({ $schema: '/mediawiki/recentchange/1.0.0', meta: { id: `m-${seq}` } }));
      return { key: `malformed-${seq}`, value };
    }
    const p = populations();
    const who = r();
    const bot = who < o.botShare;
    const anonymous = !bot && who < o.botShare + o.anonymousShare;
    const group = bot ? p.bots : anonymous ? p.anonymous : p.editors;
    const user = group.names[group.law.rank(r()) - 1] as string;

    const now = o.now();
    const when = r();
    const behindSeconds =
      when < o.lateShare
        ? o.lateSeconds[0] + r() * (o.lateSeconds[1] - o.lateSeconds[0])
        : when < o.lateShare + o.outOfOrderShare
          ? 5 + r() * (o.maxOutOfOrderSeconds - 5)
          : r() * 2;
    const eventMs = Math.round(now - behindSeconds * 1000);
    const timestamp = Math.floor(eventMs / 1000);

    const site = weighted(r(), WIKIS, (w) => w.weight);
    const type = weighted(r(), TYPES, ([, share]) => share)[0];
    const canary = r() < o.canaryShare;
    const rcId = RC_ID_BASE + (seq % 1_000_000_000);
    const page = pageOf(site.family, type, r);
    const comment = bot ? pick(r, BOT_COMMENTS) : pick(r, EDIT_COMMENTS);
    const pageUrl = `https://${site.server}/wiki/${encodeURIComponent(page.title.replaceAll(' ', '_'))}`;
    const metaId = uuid(r, seq);
    const event: Record<string, unknown> = {
      $schema: '/mediawiki/recentchange/1.0.0',
      meta: {
        uri: pageUrl,
        request_id: uuid(r, seq + 1),
        id: metaId,
        dt: new Date(eventMs).toISOString(),
        domain: canary ? 'canary' : site.server,
        stream: 'mediawiki.recentchange',
        topic: 'eqiad.mediawiki.recentchange',
        partition: 0,
        offset: 5_000_000_000 + (seq % 1_000_000_000),
      },
      id: rcId,
      type,
      namespace: page.namespace,
      title: page.title,
      title_url: pageUrl,
      comment,
      timestamp,
      user,
      bot,
      notify_url: `https://${site.server}/w/index.php?diff=${REVISION_ID_BASE + (seq % 1_000_000_000)}`,
      server_url: `https://${site.server}`,
      server_name: site.server,
      server_script_path: '/w',
      wiki: site.wiki,
      parsedcomment: comment,
    };
    if (type === 'edit' || type === 'new') {
      const revision = REVISION_ID_BASE + (seq % 1_000_000_000);
      const oldLength = Math.floor(Math.exp(3 + r() * 8));
      const delta = Math.round((r() - 0.35) * (r() < 0.9 ? 400 : 8_000));
      Object.assign(event, {
        minor: type === 'edit' && r() < (bot ? 0.6 : 0.25),
        patrolled: !anonymous && r() < 0.7,
        length: { old: type === 'new' ? null : oldLength, new: Math.max(0, (type === 'new' ? 0 : oldLength) + delta) },
        revision: { old: type === 'new' ? null : revision - 1 - Math.floor(r() * 5_000_000), new: revision },
      });
    } else if (type === 'log') {
      const [logType, logAction] = weighted(r(), LOGS, ([, , share]) => share);
      Object.assign(event, {
        log_id: 170_000_000 + (seq % 100_000_000),
        log_type: logType,
        log_action: logAction,
        log_params: logParams(logType, r),
        log_action_comment: `${logAction} ${page.title}`,
      });
    }
    // Keyed by meta.id, as the relay keys the real feed.
    return { key: metaId, value: Buffer.from(JSON.stringify(event)) };
  };
}

/** The default generator `pipeline.ts` names (`demo.generator: 'wiki-changes'`). */
export const wikiChange: Generator = wikiChangeGenerator();

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

/** A version-4-shaped UUID whose last 12 hex digits are the sequence number, so ids never repeat in a run. */
function uuid(r: () => number, seq: number): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
  const tail = (Math.abs(seq) % 2 ** 48).toString(16).padStart(12, '0');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(r() * 4)]}${hex(3)}-${tail}`;
}

/** The page an event is about: namespace and title, as the wiki family and the event type make them. */
function pageOf(family: Family, type: string, r: () => number): { namespace: number; title: string } {
  const article = () => `${pick(r, PLACES)} ${pick(r, TOPICS)}`;
  if (type === 'categorize') return { namespace: 14, title: `Category:${article()}` };
  if (family === 'wikidata') {
    const n = r();
    if (n < 0.9) return { namespace: 0, title: `Q${1 + Math.floor(r() * 130_000_000)}` };
    if (n < 0.95) return { namespace: 120, title: `Property:P${1 + Math.floor(r() * 12_000)}` };
    return { namespace: 146, title: `Lexeme:L${1 + Math.floor(r() * 1_300_000)}` };
  }
  if (family === 'commons') {
    return { namespace: 6, title: `File:${article()} ${1990 + Math.floor(r() * 35)}.jpg` };
  }
  const n = r();
  if (n < 0.7) return { namespace: 0, title: article() };
  if (n < 0.78) return { namespace: 1, title: `Talk:${article()}` };
  if (n < 0.86) return { namespace: 2, title: `User:${pick(r, PLACES)}${Math.floor(r() * 1000)}/sandbox` };
  if (n < 0.92) return { namespace: 3, title: `User talk:${pick(r, PLACES)}${Math.floor(r() * 1000)}` };
  if (n < 0.96) return { namespace: 4, title: `${family === 'meta' ? 'Meta' : 'Wikipedia'}:Village pump` };
  return { namespace: 10, title: `Template:Infobox ${pick(r, TOPICS).toLowerCase()}` };
}

function logParams(logType: string, r: () => number): unknown {
  switch (logType) {
    case 'move':
      return { target: `${pick(r, PLACES)} ${pick(r, TOPICS)} (disambiguation)`, noredir: '0' };
    case 'block':
      return { duration: pick(r, ['31 hours', '1 week', 'infinite']), flags: 'nocreate' };
    case 'protect':
      return { description: '[edit=autoconfirmed] (expires in 1 week)', cascade: false };
    case 'upload':
      return { img_sha1: Math.floor(r() * 2 ** 52).toString(36), img_timestamp: '20250601000000' };
    default:
      return [];
  }
}
