// A small lexer for printed Sumo Logic queries: strings, regex literals, pipes, punctuation
// and words. Tests use it to prove that a user value always lands in exactly one literal.

export type SumoTokenKind = 'string' | 'field' | 'regex' | 'pipe' | 'punct' | 'word' | 'comment' | 'template';

export interface SumoToken {
  readonly kind: SumoTokenKind;
  /** The source text of the token. */
  readonly text: string;
  /** For strings and quoted fields: the decoded value. */
  readonly value?: string;
}

const PUNCT = ['!=', '<>', '<=', '>=', '=', '<', '>', '(', ')', ',', '!'];

export function lexSumo(query: string): SumoToken[] {
  const out: SumoToken[] = [];
  let i = 0;
  const readQuoted = (start: number): { end: number; value: string } => {
    let value = '';
    let j = start + 1;
    for (; j < query.length; j++) {
      const c = query[j]!;
      if (c === '\\' && j + 1 < query.length) {
        const n = query[j + 1]!;
        value += n === '"' || n === '\\' ? n : c + n;
        j++;
      } else if (c === '"') return { end: j + 1, value };
      else value += c;
    }
    throw new SyntaxError(`unterminated string at ${start}`);
  };
  while (i < query.length) {
    const c = query[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      const { end, value } = readQuoted(i);
      out.push({ kind: 'string', text: query.slice(i, end), value });
      i = end;
      continue;
    }
    if (c === '%' && query[i + 1] === '"') {
      const { end, value } = readQuoted(i + 1);
      out.push({ kind: 'field', text: query.slice(i, end), value });
      i = end;
      continue;
    }
    if (query.startsWith('//', i) || query.startsWith('/*', i)) {
      out.push({ kind: 'comment', text: query.slice(i) });
      break;
    }
    if (c === '/' && out[out.length - 1]?.text === 'matches') {
      let j = i + 1;
      for (; j < query.length && query[j] !== '/'; j++) if (query[j] === '\\') j++;
      if (j >= query.length) throw new SyntaxError(`unterminated regex at ${i}`);
      out.push({ kind: 'regex', text: query.slice(i, j + 1) });
      i = j + 1;
      continue;
    }
    if (query.startsWith('{{', i)) {
      const end = query.indexOf('}}', i);
      if (end < 0) throw new SyntaxError(`unterminated {{ at ${i}`);
      out.push({ kind: 'template', text: query.slice(i, end + 2) });
      i = end + 2;
      continue;
    }
    if (c === '|') {
      out.push({ kind: 'pipe', text: '|' });
      i++;
      continue;
    }
    const p = PUNCT.find((x) => query.startsWith(x, i));
    if (p) {
      out.push({ kind: 'punct', text: p });
      i += p.length;
      continue;
    }
    let j = i;
    while (j < query.length && !/[\s"|(),=!<>]/.test(query[j]!) && !query.startsWith('//', j) && !query.startsWith('/*', j)) j++;
    out.push({ kind: 'word', text: query.slice(i, j) });
    i = j;
  }
  return out;
}
