import { describe, expect, it } from 'vitest';
import { terminalText } from '../../../infra/local/terminal-text.js';

describe('terminalText', () => {
  it.each([
    ['clear screen (ESC [2J)', 'hi\x1b[2Jthere', 'hi\\u001b[2Jthere'],
    ['carriage return rewriting the line', 'ok\rFAKE', 'ok\\u000dFAKE'],
    ['newline and tab', 'a\nb\tc', 'a\\u000ab\\u0009c'],
    ['backspace and bell', 'x\b\x07', 'x\\u0008\\u0007'],
    ['DEL', 'a\x7f', 'a\\u007f'],
    ['C1 CSI (0x9b) and NEL (0x85)', 'a\u009b2Jb\u0085', 'a\\u009b2Jb\\u0085'],
    ['right-to-left override', 'user\u202Egnp.exe', 'user\\u202egnp.exe'],
    ['bidi isolates and marks', '\u2066a\u2069\u200f\u061c', '\\u2066a\\u2069\\u200f\\u061c'],
    ['line separator', 'a\u2028b', 'a\\u2028b'],
  ])('shows %s as escapes', (_name, input, expected) => {
    // Act
    const safe = terminalText(input);

    // Assess
    expect(safe).toBe(expected);
  });

  it('leaves printable text as it is, accents, emoji and other scripts included', () => {
    // Prepare
    const text = 'Négatif ☹ 👍 — مرحبا 日本語 "quotes" \\u001b';

    // Act
    const safe = terminalText(text);

    // Assess
    expect(safe).toBe(text);
  });
});
