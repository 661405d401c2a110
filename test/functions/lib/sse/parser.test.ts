import { describe, expect, it } from 'vitest';
import { SseParser, type SseParserOptions } from '../../../../functions/lib/sse/index.js';

/** What a whole stream parsed to. */
interface Parsed {
  events: { type: string; data: string; lastEventId: string }[];
  lastEventId: string;
  retry: number | undefined;
  dropped: number;
}

/** Feeds `bytes` cut at `cuts` (byte offsets), then ends the stream. */
function parse(bytes: Uint8Array, cuts: readonly number[], options?: SseParserOptions): Parsed {
  const parser = new SseParser(options);
  const events: Parsed['events'] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    events.push(...parser.feed(bytes.subarray(from, cut)));
    from = cut;
  }
  parser.end();
  return { events, lastEventId: parser.lastEventId, retry: parser.reconnectionTimeMs, dropped: parser.droppedEvents };
}

/** Every way the tests chunk a stream: whole, cut once at each byte boundary, and one byte at a time. */
function chunkings(length: number): number[][] {
  const all: number[][] = [[]];
  for (let i = 1; i < length; i++) all.push([i]);
  all.push(Array.from({ length: Math.max(0, length - 1) }, (_, i) => i + 1));
  return all;
}

const message = (data: string, lastEventId = '') => ({ type: 'message', data, lastEventId });
const bytes = (text: string) => new TextEncoder().encode(text);

interface Case {
  name: string;
  stream: Uint8Array;
  expected: Partial<Parsed> & Pick<Parsed, 'events'>;
  options?: SseParserOptions;
}

// Expected values follow the WHATWG HTML Standard, §9.2.5–9.2.6; the first five are its own examples.
const CASES: Case[] = [
  {
    name: 'multi-line data joined with LF (spec example: stock ticker)',
    stream: bytes('data: YHOO\ndata: +2\ndata: 10\n\n'),
    expected: { events: [message('YHOO\n+2\n10')] },
  },
  {
    name: 'comment, id, an id line without value resetting it, one space stripped (spec example)',
    stream: bytes(': test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n'),
    expected: { events: [message('first event', '1'), message('second event', '')], lastEventId: '' },
  },
  {
    name: 'a field name alone is a field with an empty value; an unterminated event is discarded (spec example)',
    stream: bytes('data\n\ndata\ndata\n\ndata:'),
    expected: { events: [message(''), message('\n')] },
  },
  {
    name: 'the space after the colon is optional (spec example)',
    stream: bytes('data:test\n\ndata: test\n\n'),
    expected: { events: [message('test'), message('test')] },
  },
  {
    name: 'event types, reset after each dispatch',
    stream: bytes('event: add\ndata: 73857293\n\nevent: remove\ndata: 2153\n\ndata: 113411\n\nevent:\ndata: x\n\n'),
    expected: {
      events: [
        { type: 'add', data: '73857293', lastEventId: '' },
        { type: 'remove', data: '2153', lastEventId: '' },
        message('113411'),
        message('x'),
      ],
    },
  },
  {
    name: 'an id persists across events until replaced',
    stream: bytes('id: 7\ndata: a\n\ndata: b\n\nid: 8\ndata: c\n\n'),
    expected: { events: [message('a', '7'), message('b', '7'), message('c', '8')], lastEventId: '8' },
  },
  {
    name: 'an id containing NUL is ignored',
    stream: bytes('id: 1\ndata: a\n\nid: 2\u00003\ndata: b\n\n'),
    expected: { events: [message('a', '1'), message('b', '1')], lastEventId: '1' },
  },
  {
    name: 'an event without data is not dispatched but still sets the last event id and clears the type',
    stream: bytes('id: 5\n\nevent: ping\n\ndata: after\n\n'),
    expected: { events: [message('after', '5')], lastEventId: '5' },
  },
  {
    name: 'an id in an event cut off by the end of the stream never becomes the last event id',
    stream: bytes('id: 1\ndata: a\n\nid: 2\ndata: b\n'),
    expected: { events: [message('a', '1')], lastEventId: '1' },
  },
  {
    name: 'retry with ASCII digits only sets the reconnection time',
    stream: bytes('retry: 2500\n\nretry: 25x\nretry:  100\nretry: -1\nretry:\nretry: 1.5\ndata: a\n\n'),
    expected: { events: [message('a')], retry: 2500 },
  },
  {
    name: 'CRLF line ends',
    stream: bytes('data: a\r\ndata: b\r\n\r\nid: 3\r\ndata: c\r\n\r\n'),
    expected: { events: [message('a\nb'), message('c', '3')], lastEventId: '3' },
  },
  {
    name: 'CR line ends, two CRs being a blank line',
    stream: bytes('data: a\rdata: b\r\rdata: c\r\r'),
    expected: { events: [message('a\nb'), message('c')] },
  },
  {
    name: 'mixed line ends: LF then CRLF, CR then LF, LF then CR',
    stream: bytes('data: a\r\ndata: b\rdata: c\n\r\ndata: d\n\rdata: e\r\n\n'),
    expected: { events: [message('a\nb\nc'), message('d'), message('e')] },
  },
  {
    name: 'one leading BOM is dropped',
    stream: bytes('\uFEFFdata: a\n\n'),
    expected: { events: [message('a')] },
  },
  {
    name: 'a second BOM is part of the first field name, which is then unknown',
    stream: bytes('\uFEFF\uFEFFdata: a\n\ndata: b\n\n'),
    expected: { events: [message('b')] },
  },
  {
    name: 'a BOM after the start is data',
    stream: bytes('data: \uFEFFa\n\n'),
    expected: { events: [message('\uFEFFa')] },
  },
  {
    name: 'unknown and differently cased fields are ignored; colons after the first belong to the value',
    stream: bytes('foo: bar\nDATA: no\nData: no\ndata: a: b:c\n\n'),
    expected: { events: [message('a: b:c')] },
  },
  {
    name: 'comments anywhere, including between the lines of one event',
    stream: bytes(':hi\ndata: a\n: keep-alive\n:\ndata: b\n\n'),
    expected: { events: [message('a\nb')] },
  },
  {
    name: 'multi-byte UTF-8 (2, 3 and 4 bytes) in data and id',
    stream: bytes('id: ü-☕\ndata: café ☕ 🎉 Ωmega\n\n'),
    expected: { events: [message('café ☕ 🎉 Ωmega', 'ü-☕')], lastEventId: 'ü-☕' },
  },
  {
    name: 'bytes that are not UTF-8 decode to U+FFFD',
    stream: Uint8Array.from([...bytes('data: '), 0xff, 0x41, 0xe2, 0x98, 0x0a, 0x0a]),
    expected: { events: [message('\uFFFDA\uFFFD')] },
  },
  {
    name: 'a stream ending inside a multi-byte character dispatches nothing more',
    stream: Uint8Array.from([...bytes('data: a\n\ndata: '), 0xf0, 0x9f]),
    expected: { events: [message('a')] },
  },
  {
    name: 'an event longer than the cap is dropped whole and counted, its id kept',
    stream: bytes('data: short\n\nid: 9\ndata: 0123456789\ndata: abcdefghij\n\ndata: ok\n\n'),
    options: { maxEventLength: 16 },
    expected: { events: [message('short'), message('ok', '9')], lastEventId: '9', dropped: 1 },
  },
  {
    name: 'a single line longer than the cap is dropped with its event',
    stream: bytes(`data: ${'x'.repeat(40)}\ndata: tail\n\ndata: ok\n\n`),
    options: { maxEventLength: 16 },
    expected: { events: [message('ok')], dropped: 1 },
  },
];

describe('SseParser', () => {
  it.each(CASES)('$name, however the stream is chunked', ({ stream, expected, options }) => {
    // Prepare
    const want: Parsed = { lastEventId: '', retry: undefined, dropped: 0, ...expected };

    // Act
    const results = chunkings(stream.length).map((cuts) => ({ cuts, parsed: parse(stream, cuts, options) }));

    // Assess
    for (const { cuts, parsed } of results) expect(parsed, `cut at ${cuts.join(',') || '(whole)'}`).toEqual(want);
  });

  it('keeps a last event id handed over from an earlier connection until the stream sends another', () => {
    // Prepare
    const parser = new SseParser({ lastEventId: '41' });

    // Act
    const first = parser.feed(bytes('data: a\n\n'));
    const second = parser.feed(bytes('id: 42\ndata: b\n\n'));

    // Assess
    expect([...first, ...second]).toEqual([message('a', '41'), message('b', '42')]);
  });

  it('returns each event from the chunk that completes it, not before', () => {
    // Prepare
    const parser = new SseParser();

    // Act
    const afterData = parser.feed(bytes('data: a\n'));
    const afterCr = parser.feed(bytes('\r'));
    const afterLf = parser.feed(bytes('\n'));

    // Assess
    expect(afterData).toEqual([]);
    expect(afterCr).toEqual([message('a')]);
    expect(afterLf).toEqual([]);
  });
});
