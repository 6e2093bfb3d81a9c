// Reads KQL (Kibana) and Lucene query strings (legacy Kibana, Grafana's Elasticsearch
// datasource) into neutral filters: field tests joined by and/or/not. Free text (which searches
// every field, unlike polydash's keyword search on the message field), ranges on dates, nested
// queries and regexes are not recognised.

import type { Cond, FieldUse } from './model.js';

export type FilterReading = { readonly ok: true; readonly conds: Cond[] } | { readonly ok: false; readonly why: string };

interface Token {
  readonly t: 'word' | 'quoted' | 'op';
  readonly v: string;
}

class NotRecognised extends Error {}

function lex(text: string, lucene: boolean): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      let v = '';
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && j + 1 < text.length) v += text[++j];
        else v += text[j];
      }
      if (j >= text.length) throw new NotRecognised('an unterminated quote');
      out.push({ t: 'quoted', v });
      i = j + 1;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (['>=', '<='].includes(two)) {
      out.push({ t: 'op', v: two });
      i += 2;
      continue;
    }
    if ('():<>{}[]'.includes(c) || (lucene && (c === '+' || c === '-') && (i === 0 || /[\s(]/.test(text[i - 1]!)))) {
      out.push({ t: 'op', v: c });
      i++;
      continue;
    }
    let j = i;
    let v = '';
    while (j < text.length && !/[\s():<>"{}[\]]/.test(text[j]!)) {
      if (text[j] === '\\' && j + 1 < text.length) {
        v += text[j + 1] === '*' ? '\\*' : text[j + 1];
        j += 2;
      } else v += text[j++];
    }
    out.push({ t: 'word', v });
    i = j;
  }
  return out;
}

class FilterParser {
  private i = 0;
  constructor(
    private readonly tokens: readonly Token[],
    private readonly lucene: boolean,
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private isKeyword(t: Token | undefined, k: 'and' | 'or' | 'not'): boolean {
    if (!t || t.t !== 'word') return false;
    return this.lucene ? t.v === k.toUpperCase() : t.v.toLowerCase() === k;
  }

  parse(): Cond | undefined {
    if (this.tokens.length === 0) return undefined;
    const c = this.or();
    if (this.i < this.tokens.length) throw new NotRecognised(`unexpected ${this.peek()!.v}`);
    return c;
  }

  private or(): Cond {
    const args = [this.and()];
    while (this.isKeyword(this.peek(), 'or')) {
      this.i++;
      args.push(this.and());
    }
    return args.length === 1 ? args[0]! : { kind: 'or', args };
  }

  private and(): Cond {
    const args = [this.not()];
    for (;;) {
      if (this.isKeyword(this.peek(), 'and')) {
        this.i++;
        args.push(this.not());
        continue;
      }
      const next = this.peek();
      if (next && next.v !== ')' && !this.isKeyword(next, 'or')) {
        // two clauses side by side: KQL reads an implicit or? no, it refuses; Lucene ORs them by default
        throw new NotRecognised('clauses without and/or between them (Lucene ORs them by default)');
      }
      break;
    }
    return args.length === 1 ? args[0]! : { kind: 'and', args };
  }

  private not(): Cond {
    if (this.isKeyword(this.peek(), 'not') || (this.lucene && this.peek()?.v === '-' && this.peek()?.t === 'op')) {
      this.i++;
      return { kind: 'not', arg: this.not() };
    }
    if (this.lucene && this.peek()?.v === '+' && this.peek()?.t === 'op') this.i++;
    return this.primary();
  }

  private primary(): Cond {
    const t = this.peek();
    if (!t) throw new NotRecognised('an incomplete query');
    if (t.t === 'op' && t.v === '(') {
      this.i++;
      const c = this.or();
      if (this.peek()?.v !== ')') throw new NotRecognised('an unclosed parenthesis');
      this.i++;
      return c;
    }
    if (t.t !== 'word' && t.t !== 'quoted') throw new NotRecognised(`unexpected ${t.v}`);
    const next = this.tokens[this.i + 1];
    if (t.t === 'word' && next?.t === 'op' && next.v === ':') {
      this.i += 2;
      return this.fieldTest(t.v);
    }
    if (t.t === 'word' && next?.t === 'op' && ['<', '>', '<=', '>='].includes(next.v) && !this.lucene) {
      this.i += 2;
      const v = this.peek();
      this.i++;
      if (!v || !/^-?\d+(\.\d+)?$/.test(v.v)) throw new NotRecognised(`a range on ${t.v} that is not a number`);
      return { kind: 'compare', field: { native: t.v }, op: next.v as '<', value: Number(v.v) };
    }
    if (t.t === 'word' && t.v === '*' && this.tokens.length === 1) {
      this.i++;
      return { kind: 'and', args: [] };
    }
    throw new NotRecognised(`free text ${JSON.stringify(t.v)} searches every field, not one`);
  }

  private fieldTest(name: string): Cond {
    const field: FieldUse = { native: name };
    if (this.lucene && name === '_exists_') {
      const v = this.peek();
      this.i++;
      if (!v || v.t !== 'word') throw new NotRecognised('_exists_ without a field');
      return { kind: 'exists', field: { native: v.v } };
    }
    if (this.lucene && name.startsWith('_')) throw new NotRecognised(`the metadata field ${name}`);
    const t = this.peek();
    if (!t) throw new NotRecognised(`${name}: without a value`);
    if (t.t === 'op' && t.v === '(') {
      this.i++;
      const values: (string | number)[] = [];
      for (;;) {
        const v = this.peek();
        if (!v || (v.t !== 'word' && v.t !== 'quoted')) throw new NotRecognised(`a list of values for ${name}`);
        if (v.t === 'word' && v.v.includes('*')) throw new NotRecognised('a wildcard inside a list');
        values.push(v.v);
        this.i++;
        if (this.peek()?.v === ')') break;
        if (!this.isKeyword(this.peek(), 'or')) throw new NotRecognised(`values of ${name} joined by something other than or`);
        this.i++;
      }
      this.i++;
      return { kind: 'in', field, values };
    }
    this.i++;
    if (t.t === 'quoted') return { kind: 'compare', field, op: '=', value: t.v };
    if (t.t !== 'word') throw new NotRecognised(`${name}: followed by ${t.v}`);
    if (t.v === '*') return { kind: 'exists', field };
    if (/^\/.*\/$/.test(t.v) || /[?~^]/.test(t.v)) throw new NotRecognised(`the ${this.lucene ? 'Lucene' : 'KQL'} value ${t.v} (regex, fuzzy or boost)`);
    if (/(?<!\\)\*/.test(t.v)) return { kind: 'wildcard', field, pattern: t.v };
    if (/^(true|false)$/.test(t.v)) return { kind: 'compare', field, op: '=', value: t.v === 'true' };
    return { kind: 'compare', field, op: '=', value: t.v.replace(/\\\*/g, '*') };
  }
}

function read(text: string, lucene: boolean): FilterReading {
  try {
    const c = new FilterParser(lex(text.trim(), lucene), lucene).parse();
    if (!c || (c.kind === 'and' && c.args.length === 0)) return { ok: true, conds: [] };
    return { ok: true, conds: c.kind === 'and' ? [...c.args] : [c] };
  } catch (e) {
    if (e instanceof NotRecognised) return { ok: false, why: `the ${lucene ? 'Lucene' : 'KQL'} query ${JSON.stringify(text)} has ${e.message}` };
    throw e;
  }
}

export function recogniseKql(text: string): FilterReading {
  return read(text, false);
}

export function recogniseLucene(text: string): FilterReading {
  const trimmed = text.trim();
  return read(trimmed === '*' ? '' : trimmed, true);
}
