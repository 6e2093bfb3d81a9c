// Sumo Logic search language. The reference printer: it keeps the idioms of hand-written
// Sumo queries (scope, parse, timeslice, count by, sort, transpose).

import type { Aggregate, Extract, FieldRef, KeyRef, Operand, Pivot, Pred, Query, SortKey, TimeBucket, VariableRef } from '../nodes.js';
import { anchorRegex } from '../regex/anchor.js';
import { literal } from '../regex/ast.js';
import { hasNestedCapture, printRegex } from '../regex/print.js';
import { conjuncts } from '../tree.js';
import { PipelinePrinter } from './printer.js';
import {
  isBareScopeText,
  SUMO_REGEX,
  sumoField,
  sumoJsonPath,
  sumoNumber,
  sumoQuoted,
  sumoRegexString,
} from './sumo-escape.js';

const SCOPE_TOKENS = { and: ' AND ', or: ' OR ', not: (s: string) => `NOT ${s}` };
const WHERE_TOKENS = { and: ' and ', or: ' or ', not: (s: string) => `!${s.startsWith('(') ? s : `(${s})`}` };
const WHITESPACE_RUN = /[\t\n\r ]+/g;

/** How a dashboard variable appears in a Sumo query: raw text substitution at view time. */
export function sumoVariable(v: VariableRef): string {
  return `{{${v.name}}}`;
}

export class SumoPrinter extends PipelinePrinter {
  protected readonly separator = ' | ';

  // ---- head: source scope + keyword/metadata filters --------------------------------
  protected head(query: Query): { text: string; rest?: Pred } {
    const scope = this.sourceScope(query);
    const inScope: string[] = [];
    const rest: Pred[] = [];
    for (const c of conjuncts(query.filter)) {
      if (this.scopeable(c)) {
        const text = this.printBoolean(c, SCOPE_TOKENS, (p) => this.scopeLeaf(p));
        inScope.push(c.kind === 'or' ? `(${text})` : text);
      }
      else rest.push(c);
    }
    const parts = [...scope, ...inScope];
    const text = parts.join(' ');
    const restPred = rest.length === 0 ? undefined : rest.length === 1 ? rest[0] : { kind: 'and' as const, args: rest };
    return restPred ? { text, rest: restPred } : { text };
  }

  private sourceScope(query: Query): string[] {
    const b = query.source.sumologic;
    if (!b) this.unsupported('sumo.no-binding', `source "${query.source.id}" has no sumologic binding`);
    const pairs: [string, string][] = [];
    if (b.sourceCategory !== undefined) pairs.push(['_sourceCategory', b.sourceCategory]);
    if (b.index !== undefined) pairs.push(['_index', b.index]);
    for (const [k, v] of Object.entries(b.metadata ?? {})) pairs.push([k, v]);
    if (pairs.length === 0) this.unsupported('sumo.empty-binding', `source "${query.source.id}": the sumologic binding names no source category, index or metadata`);
    return pairs.map(([k, v]) => `${sumoField(k)}=${sumoQuoted(v, `${k} of source "${query.source.id}"`)}`);
  }

  /** Whether a filter can live in the keyword scope (before the first pipe). */
  private scopeable(p: Pred): boolean {
    switch (p.kind) {
      case 'and':
      case 'or':
        return p.args.every((a) => this.scopeable(a));
      case 'not':
        return this.scopeable(p.arg);
      case 'term':
        return typeof p.value === 'object' || !/[*?]/.test(p.value);
      case 'phrase':
        return !/[*?]/.test(p.value);
      case 'compare':
        return (
          p.field.indexed === true &&
          (p.op === '=' || p.op === '!=') &&
          typeof p.value === 'string' &&
          !/[*?]/.test(p.value)
        );
      case 'in':
        return p.field.indexed === true && p.values.every((v) => typeof v === 'string' && !/[*?]/.test(v));
      case 'wildcard':
        return p.field.indexed === true && p.pattern.every((part) => typeof part !== 'string' || isBareScopeText(part));
      case 'exists':
        return false;
    }
  }

  private scopeText(value: string, what: string): string {
    const folded = value.replace(WHITESPACE_RUN, ' ');
    if (folded !== value) this.approximate('sumo.whitespace-folded', `${what}: Sumo Logic keyword search treats runs of whitespace as one space`);
    return sumoQuoted(folded, what);
  }

  private scopeLeaf(p: Pred): string {
    switch (p.kind) {
      case 'term':
        if (typeof p.value === 'object') {
          if (p.value.includeAll) this.approximate('sumo.variable-all-in-keyword', `keyword variable {{${p.value.name}}}: choosing All (*) searches for a literal *`);
          return `"${sumoVariable(p.value)}"`;
        }
        return this.scopeText(p.value, `search term ${JSON.stringify(p.value)}`);
      case 'phrase':
        return this.scopeText(p.value, `phrase ${JSON.stringify(p.value)}`);
      case 'compare': {
        const eq = `${sumoField(p.field.name)}=${sumoQuoted(p.value as string, `value of ${p.field.logical}`)}`;
        return p.op === '=' ? eq : `NOT ${eq}`;
      }
      case 'in': {
        const f = sumoField(p.field.name);
        const alts = p.values.map((v) => `${f}=${sumoQuoted(String(v), `value of ${p.field.logical}`)}`);
        return alts.length === 1 ? alts[0]! : `(${alts.join(' OR ')})`;
      }
      case 'wildcard':
        return `${sumoField(p.field.name)}=${p.pattern.map((part) => (typeof part === 'string' ? part : '*')).join('')}`;
      default:
        return this.unsupported('sumo.internal', `${p.kind} cannot be printed in the scope`);
    }
  }

  // ---- where -------------------------------------------------------------------------
  protected filterStage(pred: Pred): string {
    return `where ${this.printBoolean(pred, WHERE_TOKENS, (p) => this.whereLeaf(p))}`;
  }

  private whereLeaf(p: Pred): string {
    switch (p.kind) {
      case 'term':
      case 'phrase': {
        // Outside the scope there is no term search: a substring test on the raw message.
        this.approximate('sumo.keyword-as-substring', 'a keyword that cannot be searched in the scope (it holds * or ?, or is OR-ed with a field test) is matched as a case-sensitive substring of the raw message');
        const text = typeof p.value === 'object' ? `"${sumoVariable(p.value)}"` : sumoQuoted(p.value, `search text ${JSON.stringify(p.value)}`);
        return `contains(_raw, ${text})`;
      }
      case 'compare':
        return this.compare(p.field, p.op, p.value);
      case 'in': {
        if (p.values.every((v) => typeof v === 'number')) {
          return `(${p.values.map((v) => `num(${sumoField(p.field.name)}) = ${sumoNumber(v as number)}`).join(' or ')})`;
        }
        return `${sumoField(p.field.name)} in (${p.values.map((v) => sumoQuoted(String(v), `value of ${p.field.logical}`)).join(', ')})`;
      }
      case 'wildcard':
        return this.wildcard(p.field, p.pattern);
      case 'exists':
        return `!isNull(${sumoField(p.field.name)})`;
      default:
        return this.unsupported('sumo.internal', `unexpected ${p.kind}`);
    }
  }

  private compare(field: FieldRef, op: string, value: Operand): string {
    const f = sumoField(field.name);
    if (typeof value === 'object') {
      if (op !== '=' && op !== '!=') this.unsupported('sumo.variable-compare', `variable {{${value.name}}} can only be compared with = or !=`);
      if (value.multi) this.approximate('sumo.multi-select', `variable {{${value.name}}}: Sumo Logic dashboards substitute one selected value`);
      const m = `${f} matches "${sumoVariable(value)}"`;
      return op === '=' ? m : `!(${m})`;
    }
    if (typeof value === 'number') return `num(${f}) ${op === '=' ? '=' : op === '!=' ? '!=' : op} ${sumoNumber(value)}`;
    if (op !== '=' && op !== '!=') this.unsupported('sumo.string-order', `${field.logical} ${op} needs a number`);
    return `${f} ${op} ${sumoQuoted(String(value), `value of ${field.logical}`)}`;
  }

  private wildcard(field: FieldRef, pattern: readonly (string | { wildcard: '*' })[]): string {
    const f = sumoField(field.name);
    // `matches "..."` treats * (and ?) as wildcards and has no escape for them: a literal
    // star, question mark, quote or backslash needs the regex form instead.
    if (pattern.every((part) => typeof part !== 'string' || !/[*?"\\]/.test(part))) {
      return `${f} matches ${sumoQuoted(pattern.map((part) => (typeof part === 'string' ? part : '*')).join(''), `pattern for ${field.logical}`)}`;
    }
    const re = printRegex(
      {
        kind: 'seq',
        items: [
          { kind: 'assert', name: 'start' },
          ...pattern.map((part) => (typeof part === 'string' ? literal(part) : ({ kind: 'repeat', item: { kind: 'any' }, min: 0, lazy: false } as const))),
          { kind: 'assert', name: 'end' },
        ],
      },
      SUMO_REGEX,
    );
    return `${f} matches /${re}/`;
  }

  // ---- extraction --------------------------------------------------------------------
  protected extractStage(e: Extract): string {
    const field = e.input ? ` field=${sumoField(e.input.name)}` : '';
    switch (e.kind) {
      case 'parse': {
        const anchors = e.parts.filter((p): p is string => typeof p === 'string');
        const names = e.parts.flatMap((p) => (typeof p === 'string' ? [] : [p.capture]));
        if (anchors.every((a) => !/[*\\]/.test(a))) {
          const pattern = e.parts.map((p) => (typeof p === 'string' ? p : '*')).join('');
          return `parse${field} ${sumoQuoted(pattern, 'parse pattern')} as ${names.join(', ')}`;
        }
        // No escape exists for a literal * (or a backslash) in an anchor: use the equivalent regex.
        this.note('sumo.parse-as-regex', 'an anchor contains * or a backslash, so the parse is printed as the equivalent parse regex');
        return `parse regex${field} ${sumoRegexString(printRegex(anchorRegex(e.parts), SUMO_REGEX))}`;
      }
      case 'parseRegex':
        if (hasNestedCapture(e.regex)) this.unsupported('sumo.nested-capture', 'Sumo Logic does not allow a named group inside another named group');
        return `parse regex${field} ${sumoRegexString(printRegex(e.regex, SUMO_REGEX))}`;
      case 'json':
        return `json${field} ${e.paths.map((p) => sumoJsonPath(p.path)).join(', ')} as ${e.paths.map((p) => p.as).join(', ')}`;
    }
  }

  // ---- shaping -----------------------------------------------------------------------
  protected bucketStage(bucket: TimeBucket): string {
    return `timeslice ${bucket.span.n}${bucket.span.unit}`;
  }

  protected aggregateStage(a: Aggregate, query: Query): string {
    const measures = a.measures.map((m) => {
      const f = m.field ? sumoField(m.field.name) : '';
      switch (m.fn) {
        case 'count':
          return `count as ${m.as}`;
        case 'countDistinct':
          this.approximate('sumo.count-distinct', 'Sumo Logic count_distinct is exact up to 100 distinct values and estimated (about 2% error) above');
          return `count_distinct(${f}) as ${m.as}`;
        case 'percentile':
          this.approximate('sumo.percentile', 'Sumo Logic pct is exact up to 1,000 values and estimated (t-digest) above');
          return `pct(${f}, ${sumoNumber(m.p!)}) as ${m.as}`;
        default:
          return `${m.fn}(${f}) as ${m.as}`;
      }
    });
    const by = [...(query.bucket ? ['_timeslice'] : []), ...a.by.map((f) => sumoField(f.name))];
    const head = measures.length ? measures.join(', ') : 'count';
    return by.length ? `${head} by ${by.join(', ')}` : head;
  }

  private key(ref: KeyRef): string {
    switch (ref.kind) {
      case 'bucket':
        return '_timeslice';
      case 'measure':
        return ref.alias;
      case 'group':
        return sumoField(ref.field.name);
      case 'unresolved':
        return this.unresolved(ref);
    }
  }

  protected sortStage(keys: readonly SortKey[]): string {
    return `sort by ${keys.map((k) => `${this.key(k.ref)} ${k.dir}`).join(', ')}`;
  }

  protected limitStage(n: number): string {
    return `limit ${n}`;
  }

  protected pivotStage(p: Pivot): string {
    this.note('sumo.transpose-columns', 'Sumo Logic transpose shows at most 300 columns');
    return `transpose row ${this.key(p.row)} column ${this.key(p.column)}`;
  }
}
