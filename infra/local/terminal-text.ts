/**
 * Text that came from outside (Slack posts, record contents quoted in error messages) made safe
 * to print on a terminal. A terminal acts on control characters: ESC starts sequences that clear
 * the screen, move the cursor or set the window title (a posted `\x1b[2J` cleared it), CR
 * rewrites the line, BS erases, and in C1 `\x9b` is a one-character CSI on some terminals. The
 * Unicode bidirectional controls reorder what is shown, so text can read differently from what
 * it is (Trojan Source, CVE-2021-42574). Each of these is shown as its escape (`\u001b`) instead,
 * which also keeps one message on one line.
 */
export function terminalText(text: string): string {
  let safe = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!actsOnTerminal(code)) continue;
    safe += `${text.slice(from, i)}\\u${code.toString(16).padStart(4, '0')}`;
    from = i + 1;
  }
  return from === 0 ? text : safe + text.slice(from);
}

function actsOnTerminal(code: number): boolean {
  return (
    code < 0x20 || // C0, including ESC, CR, LF, BS, TAB
    (code >= 0x7f && code <= 0x9f) || // DEL and C1
    code === 0x061c || // Arabic letter mark
    code === 0x200e || // left-to-right and right-to-left marks
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) || // embeddings and overrides
    (code >= 0x2066 && code <= 0x2069) || // isolates
    code === 0x2028 || // line and paragraph separators
    code === 0x2029
  );
}
