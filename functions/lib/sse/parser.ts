/**
 * The `text/event-stream` format, parsed exactly as the WHATWG HTML Standard says
 * (§9.2.5 "Parsing an event stream", §9.2.6 "Interpreting an event stream"):
 *
 *   stream        = [ bom ] *event
 *   event         = *( comment / field ) end-of-line
 *   comment       = colon *any-char end-of-line
 *   field         = 1*name-char [ colon [ space ] *any-char ] end-of-line
 *   end-of-line   = ( cr lf / cr / lf )
 *
 * Implements: UTF-8 decoding with U+FFFD for bad bytes (a character may be split across
 * chunks); one leading BOM dropped; CRLF, LF and CR line ends (a CRLF split across two chunks
 * is one line end); comments; `event`; `data` (lines joined with LF); `id` (ignored when it
 * contains NUL, kept across events until another `id` replaces it); `retry` (ASCII digits
 * only); dispatch on a blank line; an event with no `data` not dispatched; an event left
 * unterminated at the end of the stream discarded. Chunks may split the stream anywhere.
 *
 * Deliberately skips the browser object around the format (readyState, `open`/`error`
 * events, origin). Adds one guard the standard leaves to implementations: an event holding
 * more than `maxEventLength` characters is dropped whole (counted in `droppedEvents`), so a
 * misbehaving server cannot grow one event without bound.
 */

import type { SseEvent } from './types.js';

/** Default cap on one event's pending line plus data, in UTF-16 code units (4 Mi). */
export const MAX_EVENT_LENGTH = 4 * 1024 * 1024;

const LF = 0x0a;
const CR = 0x0d;
const COLON = 0x3a;
const SPACE = 0x20;

export interface SseParserOptions {
  /** The last event ID of an earlier connection, kept as the standard keeps it across reconnections. */
  lastEventId?: string;
  /** Largest event kept, in UTF-16 code units of its pending line and data (default `MAX_EVENT_LENGTH`). */
  maxEventLength?: number;
}

export class SseParser {
  // Non-fatal and BOM-stripping: the standard's "UTF-8 decode" drops one leading BOM.
  readonly #decoder = new TextDecoder('utf-8');
  readonly #maxEventLength: number;
  /** Text of the line not yet ended. */
  #line = '';
  /** The previous chunk ended in CR: an LF starting the next one belongs to that line end. */
  #afterCr = false;
  /** The line being read already ran past the cap: the rest of it is dropped. */
  #droppingLine = false;
  /** The event being read ran past the cap: it is not dispatched. */
  #oversized = false;
  #data = '';
  #eventType = '';
  #idBuffer: string;
  #lastEventId: string;
  #reconnectionTimeMs: number | undefined;
  #droppedEvents = 0;

  constructor(options: SseParserOptions = {}) {
    this.#lastEventId = options.lastEventId ?? '';
    this.#idBuffer = this.#lastEventId;
    this.#maxEventLength = options.maxEventLength ?? MAX_EVENT_LENGTH;
  }

  /** The last event ID as of the latest dispatch (what `Last-Event-ID` should carry on reconnection). */
  get lastEventId(): string {
    return this.#lastEventId;
  }

  /** The latest `retry` the server sent, in milliseconds, if any. */
  get reconnectionTimeMs(): number | undefined {
    return this.#reconnectionTimeMs;
  }

  /** Events dropped because they ran past `maxEventLength`. */
  get droppedEvents(): number {
    return this.#droppedEvents;
  }

  /** Parses the next bytes of the stream; returns the events they complete, in order. */
  feed(chunk: Uint8Array): SseEvent[] {
    const events: SseEvent[] = [];
    this.#scan(this.#decoder.decode(chunk, { stream: true }), events);
    return events;
  }

  /**
   * The stream ended. Whatever is pending (a line without its end, an event without its
   * blank line) is discarded, as the standard says; the parser is ready for nothing more.
   */
  end(): void {
    this.#decoder.decode();
    this.#line = '';
    this.#data = '';
    this.#eventType = '';
    this.#droppingLine = false;
    this.#oversized = false;
  }

  #scan(text: string, events: SseEvent[]): void {
    if (text.length === 0) return;
    let start = 0;
    if (this.#afterCr) {
      this.#afterCr = false;
      if (text.charCodeAt(0) === LF) start = 1;
    }
    for (let i = start; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== LF && c !== CR) continue;
      const line = this.#line + text.slice(start, i);
      this.#line = '';
      this.#endLine(line, events);
      if (c === CR) {
        if (i + 1 === text.length) this.#afterCr = true;
        else if (text.charCodeAt(i + 1) === LF) i++;
      }
      start = i + 1;
    }
    if (this.#droppingLine) return;
    this.#line += text.slice(start);
    if (this.#line.length + this.#data.length > this.#maxEventLength) this.#overflow();
  }

  #overflow(): void {
    this.#line = '';
    this.#data = '';
    this.#droppingLine = true;
    this.#oversized = true;
  }

  #endLine(line: string, events: SseEvent[]): void {
    if (this.#droppingLine) {
      this.#droppingLine = false;
      return;
    }
    if (line.length + this.#data.length > this.#maxEventLength) {
      this.#overflow();
      this.#droppingLine = false;
      return;
    }
    if (line.length === 0) {
      this.#dispatch(events);
      return;
    }
    if (line.charCodeAt(0) === COLON) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === SPACE) value = value.slice(1);
    switch (field) {
      case 'event':
        this.#eventType = value;
        break;
      case 'data':
        if (!this.#oversized) this.#data += `${value}\n`;
        break;
      case 'id':
        if (!value.includes('\u0000')) this.#idBuffer = value;
        break;
      case 'retry':
        if (/^[0-9]+$/.test(value)) this.#reconnectionTimeMs = Number.parseInt(value, 10);
        break;
      // Any other field is ignored.
    }
  }

  #dispatch(events: SseEvent[]): void {
    this.#lastEventId = this.#idBuffer;
    const data = this.#data;
    const type = this.#eventType;
    this.#data = '';
    this.#eventType = '';
    if (this.#oversized) {
      this.#oversized = false;
      this.#droppedEvents++;
      return;
    }
    if (data === '') return;
    events.push({
      type: type === '' ? 'message' : type,
      data: data.endsWith('\n') ? data.slice(0, -1) : data,
      lastEventId: this.#lastEventId,
    });
  }
}
