// A small lexer for printed dashboard SPL: strings, eval field names, tokens ($name$),
// pipes, punctuation and words. Tests use it to prove a value lands in exactly one literal.

export type SplTokenKind = 'string' | 'field' | 'token' | 'pipe' | 'punct' | 'word' | 'macro' | 'subsearch';

export interface SplToken {
  readonly kind: SplTokenKind;
  readonly text: string;
  /** For strings and quoted fields: the value after the dashboard ($$) and SPL (\) layers. */
  readonly value?: string;
}

const PUNCT = ['!=', '<=', '>=', '=', '<', '>', '(', ')', ','];

/** `$$` is a literal dollar for the dashboard; then `\\` and `\"` are SPL string escapes. */
function decodeString(raw: string): string {
  const dashboard = raw.replace(/\$\$/g, '$');
  let out = '';
  for (let i = 0; i < dashboard.length; i++) {
    const c = dashboard[i]!;
    if (c === '\\' && (dashboard[i + 1] === '\\' || dashboard[i + 1] === '"')) out += dashboard[++i];
    else out += c;
  }
  return out;
}

export function lexSpl(query: string): SplToken[] {
  const out: SplToken[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      for (; j < query.length && query[j] !== c; j++) if (c === '"' && query[j] === '\\') j++;
      if (j >= query.length) throw new SyntaxError(`unterminated ${c} at ${i}`);
      const raw = query.slice(i + 1, j);
      out.push({ kind: c === '"' ? 'string' : 'field', text: query.slice(i, j + 1), value: c === '"' ? decodeString(raw) : raw.replace(/\$\$/g, '$') });
      i = j + 1;
      continue;
    }
    if (c === '$') {
      const m = /^\$[A-Za-z0-9_.]+(\|[shun])?\$/.exec(query.slice(i));
      if (!m) throw new SyntaxError(`stray $ at ${i}`);
      out.push({ kind: 'token', text: m[0] });
      i += m[0].length;
      continue;
    }
    if (c === '`') {
      out.push({ kind: 'macro', text: query.slice(i) });
      break;
    }
    if (c === '[' || c === ']') {
      out.push({ kind: 'subsearch', text: c });
      i++;
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
    while (j < query.length && !/[\s"'|$`[\]!=<>(),]/.test(query[j]!)) j++;
    out.push({ kind: 'word', text: query.slice(i, j) });
    i = j;
  }
  return out;
}
