// Keyword and phrase search on the raw message.
//
// A message's words are its runs of letters, digits and underscore. A search text is split at
// whitespace into pieces; it matches where the pieces occur in order separated by whitespace,
// case-insensitively, starting and ending on word boundaries. So `violation` matches the word
// "Violation" but not "violations", `10.0.0.1` matches exactly that token sequence (not
// "110.0.0.1"), and `Process violation` matches "process   violation" but not "Process-violation".

const WORD_CHAR = /[\p{L}\p{N}_]/u;
const WORD_CLASS = '[\\p{L}\\p{N}_]';
const cache = new Map<string, RegExp | null>();

function escapeRegex(text: string): string {
  // Syntax characters only: with the `u` flag, escaping anything else (even `-`) is an error.
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, (c) => `\\${c}`);
}

/** The regex a search text means, or null when it holds only whitespace (it matches nothing). */
export function searchRegex(text: string): RegExp | null {
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const pieces = text.split(/\s+/u).filter(Boolean);
  let re: RegExp | null = null;
  if (pieces.length > 0) {
    const first = Array.from(pieces[0]!)[0]!;
    const lastPiece = Array.from(pieces[pieces.length - 1]!);
    const last = lastPiece[lastPiece.length - 1]!;
    const body = pieces.map(escapeRegex).join('\\s+');
    const before = WORD_CHAR.test(first) ? `(?<!${WORD_CLASS})` : '';
    const after = WORD_CHAR.test(last) ? `(?!${WORD_CLASS})` : '';
    re = new RegExp(`${before}${body}${after}`, 'iu');
  }
  if (cache.size > 1000) cache.clear();
  cache.set(text, re);
  return re;
}

export function matchesText(message: string, text: string): boolean {
  const re = searchRegex(text);
  return re !== null && re.test(message);
}
