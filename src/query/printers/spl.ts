// Splunk SPL, as a dashboard search. Explicit defaults everywhere: `sort 0` (sort alone keeps
// 10,000 rows), `limit=0 useother=false` on timechart (it keeps 10 series plus OTHER).

import type { Aggregate, Extract, FieldRef, GlobPart, KeyRef, Measure, Pivot, Pred, Query, SortKey, TimeBucket, VariableRef } from '../nodes.js';
import { anchorRegex } from '../regex/anchor.js';
import { literal, mandatoryCaptures, type RegexNode } from '../regex/ast.js';
import { printRegex } from '../regex/print.js';
import { conjuncts } from '../tree.js';
import { PipelinePrinter } from './printer.js';
import { SPL_REGEX, splEvalField, splField, splNumber, splQuoted, splRegexString, splSpathPath } from './spl-escape.js';

const SEARCH_TOKENS = { and: ' ', or: ' OR ', not: (s: string) => `NOT ${s}` };
const EVAL_TOKENS = { and: ' AND ', or: ' OR ', not: (s: string) => `NOT ${s}` };
const WHITESPACE_RUN = /[\t\n\r ]+/g;

/**
 * A variable as a Simple XML / Studio token. Single values use the `|s` filter, which quotes
 * the value; multi-select inputs are configured to emit `"a","b"` for `IN (...)`.
 */
export function splToken(v: VariableRef, quoted = true): string {
  return quoted ? `$${v.name}|s$` : `$${v.name}$`;
}

const anyRun = { kind: 'repeat', item: { kind: 'any' }, min: 0, lazy: false } as const;

function wholeWord(text: string): RegexNode {
  return { kind: 'caseInsensitive', item: { kind: 'seq', items: [{ kind: 'assert', name: 'wordBoundary' }, literal(text), { kind: 'assert', name: 'wordBoundary' }] } };
}

export class SplPrinter extends PipelinePrinter {
  protected readonly separator = ' | ';
  /** Captures whose nulls `stats ... by` drops anyway: no isnotnull filter is needed for them. */
  private groupedCaptures = new Set<string>();

  override print(query: Query): string {
    this.groupedCaptures = new Set(query.aggregate?.by.filter((f) => f.extracted).map((f) => f.name) ?? []);
    return super.print(query);
  }

  // ---- head: index, sourcetype and the search command ---------------------------------
  protected head(query: Query): { text: string; rest?: Pred } {
    const b = query.source.splunk;
    if (!b) this.unsupported('spl.no-binding', `source "${query.source.id}" has no splunk binding`);
    const scope: string[] = [];
    if (b.index !== undefined) scope.push(`index=${splQuoted(b.index, 'index')}`);
    if (b.sourcetype !== undefined) scope.push(`sourcetype=${splQuoted(b.sourcetype, 'sourcetype')}`);
    if (b.source !== undefined) scope.push(`source=${splQuoted(b.source, 'source')}`);
    if (scope.length === 0) this.unsupported('spl.empty-binding', `source "${query.source.id}": the splunk binding names no index, sourcetype or source`);
    const searchable: string[] = [];
    const rest: Pred[] = [];
    const regexChecks: string[] = [];
    for (const c of conjuncts(query.filter)) {
      if (this.searchable(c)) {
        const text = this.printBoolean(c, SEARCH_TOKENS, (p) => this.searchLeaf(p));
        searchable.push(c.kind === 'or' ? `(${text})` : text);
      } else if ((c.kind === 'term' || c.kind === 'phrase') && typeof c.value === 'string') {
        // `*` is a wildcard even quoted and is never indexed: search the pieces, then check the literal.
        const pieces = c.value.split('*').map((s) => s.trim()).filter(Boolean);
        for (const piece of pieces) searchable.push(this.searchText(piece, `search text ${JSON.stringify(c.value)}`));
        regexChecks.push(`regex _raw=${splRegexString(printRegex({ kind: 'caseInsensitive', item: literal(c.value) }, SPL_REGEX), 'search text')}`);
        this.approximate('spl.literal-star', `${JSON.stringify(c.value)}: Splunk cannot search a literal *, so the words around it are searched and the text is then matched as a case-insensitive substring`);
      } else rest.push(c);
    }
    const head = [...scope, ...searchable].join(' ');
    const restPred = rest.length === 0 ? undefined : rest.length === 1 ? rest[0] : ({ kind: 'and', args: rest } as const);
    const text = [head, ...regexChecks].join(this.separator);
    return restPred ? { text, rest: restPred } : { text };
  }

  /** Whether a filter can be written in the search command itself. */
  private searchable(p: Pred): boolean {
    switch (p.kind) {
      case 'and':
      case 'or':
        return p.args.every((a) => this.searchable(a));
      case 'not':
        return this.searchable(p.arg);
      case 'term':
      case 'phrase':
        return typeof p.value === 'object' || !p.value.includes('*');
      case 'compare':
        return typeof p.value === 'object' || typeof p.value === 'number' || ((p.op === '=' || p.op === '!=') && !String(p.value).includes('*'));
      case 'in':
        return p.values.every((v) => !String(v).includes('*'));
      case 'wildcard':
        return p.pattern.every((part) => typeof part !== 'string' || !part.includes('*'));
      case 'exists':
        return true;
    }
  }

  private searchText(value: string, what: string): string {
    const folded = value.replace(WHITESPACE_RUN, ' ');
    if (folded !== value) this.approximate('spl.whitespace-folded', `${what}: Splunk search has no escape for line breaks or tabs; they are searched as spaces`);
    return splQuoted(folded, what);
  }

  private value(v: string | number | boolean, field: FieldRef): string {
    return typeof v === 'number' ? splNumber(v) : splQuoted(String(v), `value of ${field.logical ?? field.name}`);
  }

  private searchLeaf(p: Pred): string {
    switch (p.kind) {
      case 'term':
        return typeof p.value === 'object' ? splToken(p.value) : this.searchText(p.value, `search term ${JSON.stringify(p.value)}`);
      case 'phrase':
        return this.searchText(p.value, `phrase ${JSON.stringify(p.value)}`);
      case 'compare': {
        const f = splField(p.field.name);
        if (typeof p.value === 'object') {
          const v = p.value;
          const test = v.multi ? `${f} IN (${splToken(v, false)})` : `${f}=${splToken(v)}`;
          return p.op === '=' ? test : `NOT ${test}`;
        }
        if (p.op === '!=') return `NOT ${f}=${this.value(p.value, p.field)}`;
        return `${f}${p.op}${this.value(p.value, p.field)}`;
      }
      case 'in':
        return `${splField(p.field.name)} IN (${p.values.map((v) => this.value(v, p.field)).join(', ')})`;
      case 'wildcard':
        return `${splField(p.field.name)}=${this.globText(p.pattern, p.field)}`;
      case 'exists':
        return `${splField(p.field.name)}=*`;
      default:
        return this.unsupported('spl.internal', `${p.kind} cannot be printed in the search command`);
    }
  }

  /** A glob as one quoted string whose `*` are the wildcards (search command only). */
  private globText(pattern: readonly GlobPart[], field: FieldRef): string {
    const text = pattern.map((part) => (typeof part === 'string' ? part : '*')).join('');
    return splQuoted(text, `pattern for ${field.logical ?? field.name}`);
  }

  // ---- where (eval expressions) --------------------------------------------------------
  protected filterStage(pred: Pred): string {
    return `where ${this.printBoolean(pred, EVAL_TOKENS, (p) => this.evalLeaf(p))}`;
  }

  private match(field: string, re: RegexNode): string {
    return `match(${field}, ${splRegexString(printRegex(re, SPL_REGEX), 'pattern')})`;
  }

  private evalLeaf(p: Pred): string {
    switch (p.kind) {
      case 'term':
      case 'phrase':
        if (typeof p.value === 'object') {
          return this.unsupported('spl.variable-keyword-in-where', 'a keyword variable OR-ed with a test on a parsed field cannot be written in Splunk');
        }
        return this.match('_raw', wholeWord(p.value));
      case 'compare': {
        const f = splEvalField(p.field.name);
        if (typeof p.value === 'object') {
          const v = p.value;
          const test = v.multi ? `in(${f}, ${splToken(v, false)})` : `${f}=${splToken(v)}`;
          return p.op === '=' ? test : `NOT (${test})`;
        }
        if (typeof p.value === 'number') return `${f}${p.op}${splNumber(p.value)}`;
        return `${f}${p.op === '=' ? '=' : p.op}${splQuoted(String(p.value), `value of ${p.field.logical ?? p.field.name}`)}`;
      }
      case 'in':
        return `in(${splEvalField(p.field.name)}, ${p.values.map((v) => this.value(v, p.field)).join(', ')})`;
      case 'wildcard':
        return this.match(splEvalField(p.field.name), {
          kind: 'seq',
          items: [{ kind: 'assert', name: 'start' }, ...p.pattern.map((part) => (typeof part === 'string' ? literal(part) : anyRun)), { kind: 'assert', name: 'end' }],
        });
      case 'exists':
        return `isnotnull(${splEvalField(p.field.name)})`;
      default:
        return this.unsupported('spl.internal', `unexpected ${p.kind}`);
    }
  }

  // ---- extraction ----------------------------------------------------------------------
  protected extractStage(e: Extract): string {
    const input = e.input ? splField(e.input.name) : '_raw';
    switch (e.kind) {
      case 'parse': {
        const captures = e.parts.flatMap((p) => (typeof p === 'string' ? [] : [p.capture]));
        return this.dropUnmatched(`rex field=${input} ${splRegexString(printRegex(anchorRegex(e.parts), SPL_REGEX), 'parse pattern')}`, captures, captures[0]);
      }
      case 'parseRegex': {
        const witness = mandatoryCaptures(e.regex)[0];
        if (!witness) this.approximate('spl.optional-captures', 'every named group of the regex is optional, so events it does not match cannot be told apart and are kept');
        return this.dropUnmatched(`rex field=${input} ${splRegexString(printRegex(e.regex, SPL_REGEX), 'regex')}`, e.captures, witness);
      }
      case 'json': {
        const stages = e.paths.map((p) => `spath input=${input} output=${p.as} path=${splSpathPath(p.path)}`);
        // each path is its own test: an event missing any of them is dropped
        const missing = e.paths.map((p) => p.as).filter((a) => !this.groupedCaptures.has(a));
        if (missing.length) stages.push(`where ${missing.map((a) => `isnotnull(${a})`).join(' AND ')}`);
        return stages.join(this.separator);
      }
    }
  }

  /**
   * rex keeps events it does not match; the neutral extraction drops them. `stats ... by` a
   * capture drops them anyway; otherwise a capture that every match sets witnesses the match.
   */
  private dropUnmatched(stage: string, captures: readonly string[], witness: string | undefined): string {
    if (!witness || captures.some((c) => this.groupedCaptures.has(c))) return stage;
    return `${stage}${this.separator}where isnotnull(${witness})`;
  }

  // ---- shaping -------------------------------------------------------------------------
  protected bucketStage(bucket: TimeBucket, query: Query): string | undefined {
    if (this.usesTimechart(query)) return undefined; // timechart buckets by itself
    return `bin _time span=${bucket.span.n}${bucket.span.unit}`;
  }

  /** A pivot with the time bucket as rows is exactly what timechart ... by draws. */
  private usesTimechart(query: Query): boolean {
    return query.bucket !== undefined && query.pivot?.row.kind === 'bucket' && query.pivot.column.kind === 'group';
  }

  private measure(m: Measure): string {
    const f = m.field ? splField(m.field.name) : '';
    const fn: Record<Measure['fn'], string> = {
      count: 'count',
      countDistinct: `dc(${f})`,
      sum: `sum(${f})`,
      avg: `avg(${f})`,
      min: `min(${f})`,
      max: `max(${f})`,
      percentile: `exactperc${m.p}(${f})`,
    };
    return `${fn[m.fn]} AS ${m.as}`;
  }

  protected aggregateStage(a: Aggregate, query: Query): string {
    const measures = a.measures.map((m) => this.measure(m)).join(', ');
    if (this.usesTimechart(query)) {
      const column = query.pivot!.column as { kind: 'group'; field: FieldRef };
      const others = a.by.filter((f) => f.name !== column.field.name);
      if (others.length) this.unsupported('spl.timechart-groups', 'timechart splits by one field: a transpose over the time bucket cannot keep further group-by fields');
      this.note('spl.timechart-fills', 'timechart shows empty time buckets as 0 where the other products leave them out');
      return `timechart span=${query.bucket!.span.n}${query.bucket!.span.unit} limit=0 useother=false usenull=false ${measures} by ${splField(column.field.name)}`;
    }
    const by = [...(query.bucket ? ['_time'] : []), ...a.by.map((f) => splField(f.name))];
    return by.length ? `stats ${measures} by ${by.join(', ')}` : `stats ${measures}`;
  }

  private key(ref: KeyRef): string {
    switch (ref.kind) {
      case 'bucket':
        return '_time';
      case 'measure':
        return ref.alias;
      case 'group':
        return splField(ref.field.name);
      case 'unresolved':
        return this.unresolved(ref);
    }
  }

  protected sortStage(keys: readonly SortKey[]): string {
    return `sort 0 ${keys.map((k) => `${k.dir === 'desc' ? '-' : '+'}${this.key(k.ref)}`).join(', ')}`;
  }

  protected limitStage(n: number): string {
    return `head ${n}`;
  }

  protected pivotStage(p: Pivot, query: Query): string | undefined {
    if (this.usesTimechart(query)) return undefined;
    const measure = query.aggregate!.measures[0]!.as;
    return `xyseries ${this.key(p.row)} ${this.key(p.column)} ${measure}`;
  }
}
