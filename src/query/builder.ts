// `from(source)`: an immutable, fluent query builder. `build()` returns the frozen query tree.

import { DefinitionUsageError } from '../errors.js';
import type { SourceDef } from '../model/source-types.js';
import { parseDuration } from './duration.js';
import { and, fieldRef, FilterMethods } from './filter-builder.js';
import type {
  AnchorPart,
  Extract,
  FieldRef,
  JsonPath,
  KeyRef,
  Measure,
  MeasureFn,
  Pred,
  Query,
  SortKey,
  TimeBucket,
} from './nodes.js';
import { BUCKET_KEY } from './nodes.js';
import { captureNames } from './regex/ast.js';
import { parseRegex, RegexSyntaxError } from './regex/parse.js';
import { extractedNames, mapPredFields } from './tree.js';

interface State {
  readonly source: SourceDef;
  /** Predicates in call order, with how many extractions preceded each. */
  readonly predicates: readonly { readonly pred: Pred; readonly afterExtract: number }[];
  readonly extract: readonly Extract[];
  readonly bucket?: TimeBucket;
  readonly measures: readonly Measure[];
  readonly by: readonly FieldRef[];
  readonly sort: readonly { readonly key: string; readonly dir: 'asc' | 'desc' }[];
  readonly limit?: number;
  readonly transpose?: { readonly row: string; readonly column: string };
}

export interface ExtractOptions {
  /** Parse this field instead of the raw message. */
  readonly field?: string;
}

export class QueryBuilder extends FilterMethods<QueryBuilder> {
  /** @internal use `from(source)` */
  constructor(private readonly state: State) {
    super();
  }

  private with(patch: Partial<State>): QueryBuilder {
    return new QueryBuilder(Object.freeze({ ...this.state, ...patch }));
  }

  protected withPredicate(pred: Pred): QueryBuilder {
    const entry = Object.freeze({ pred, afterExtract: this.state.extract.length });
    return this.with({ predicates: Object.freeze([...this.state.predicates, entry]) });
  }

  private withExtract(e: Extract): QueryBuilder {
    return this.with({ extract: Object.freeze([...this.state.extract, Object.freeze(e)]) });
  }

  /**
   * Anchor parse, Sumo style: each `*` captures up to the next piece of literal text.
   * `.parse("The command * * for user * by rule *'", ['command', 'action', 'user', 'rulename'])`
   */
  parse(pattern: string, fields: readonly string[], options: ExtractOptions = {}): QueryBuilder {
    if (typeof pattern !== 'string' || !pattern.includes('*')) {
      throw new DefinitionUsageError(`parse: expected a pattern with at least one * capture, got ${JSON.stringify(pattern)}`);
    }
    const pieces = pattern.split('*');
    if (!Array.isArray(fields) || fields.length !== pieces.length - 1) {
      throw new DefinitionUsageError(
        `parse ${JSON.stringify(pattern)}: the pattern has ${pieces.length - 1} * captures but ${Array.isArray(fields) ? fields.length : 0} field names were given`,
      );
    }
    const parts: AnchorPart[] = [];
    pieces.forEach((text, i) => {
      if (i > 0 && i < pieces.length - 1 && text === '') {
        throw new DefinitionUsageError(`parse ${JSON.stringify(pattern)}: two captures need literal text between them ("**" is ambiguous)`);
      }
      if (text) parts.push(text);
      if (i < fields.length) parts.push(Object.freeze({ capture: fields[i]! }));
    });
    return this.withExtract({ kind: 'parse', ...inputOf(options), parts: Object.freeze(parts) });
  }

  /** Regex extraction with named groups: `.parseRegex('user=(?<user>\\S+)')`. */
  parseRegex(pattern: string | RegExp, options: ExtractOptions = {}): QueryBuilder {
    let source: string;
    if (pattern instanceof RegExp) {
      if (pattern.flags.replace(/[gu]/g, '') !== '') {
        throw new DefinitionUsageError(`parseRegex ${pattern}: flags other than u are not portable; write (?i) at the start for case-insensitivity`);
      }
      source = pattern.source;
    } else source = pattern;
    if (typeof source !== 'string' || source.length === 0) {
      throw new DefinitionUsageError('parseRegex: expected a non-empty pattern');
    }
    let regex;
    try {
      regex = parseRegex(source);
    } catch (e) {
      if (e instanceof RegexSyntaxError) throw new DefinitionUsageError(`parseRegex ${JSON.stringify(source)}: ${e.message}`);
      throw e;
    }
    const captures = captureNames(regex);
    if (captures.length === 0) {
      throw new DefinitionUsageError(`parseRegex ${JSON.stringify(source)}: expected at least one named group such as (?<user>\\S+)`);
    }
    return this.withExtract({ kind: 'parseRegex', ...inputOf(options), regex, source, captures: Object.freeze(captures) });
  }

  /**
   * JSON extraction. `.json({ user: 'user.name', image: ['container', 'image.name'] })` or
   * `.json(['rule', 'priority'])` (the alias is the path). A string path splits on dots and
   * `[n]`; an array path keeps each key whole.
   */
  json(paths: readonly string[] | Readonly<Record<string, string | readonly (string | number)[]>>, options: ExtractOptions = {}): QueryBuilder {
    const entries: [string, string | readonly (string | number)[]][] = Array.isArray(paths)
      ? (paths as readonly string[]).map((p) => [p, p])
      : Object.entries(paths ?? {});
    if (entries.length === 0) throw new DefinitionUsageError('json: expected at least one path');
    const out: JsonPath[] = entries.map(([as, path]) =>
      Object.freeze({ as, path: Object.freeze(typeof path === 'string' ? splitJsonPath(path) : [...path]) }),
    );
    return this.withExtract({ kind: 'json', ...inputOf(options), paths: Object.freeze(out) });
  }

  /** Time buckets of a fixed span (`5m`, `24h`, `1d` = 24 hours); grouping by them is implied. */
  timeslice(span: string): QueryBuilder {
    try {
      return this.with({ bucket: Object.freeze({ kind: 'timeslice', span: parseDuration(span) }) });
    } catch (e) {
      throw new DefinitionUsageError(`timeslice: ${(e as Error).message}`);
    }
  }

  count(alias = 'count'): QueryBuilder {
    return this.measure('count', undefined, alias);
  }
  countDistinct(field: string, alias = `distinct_${field}`): QueryBuilder {
    return this.measure('countDistinct', field, alias);
  }
  sum(field: string, alias = `sum_${field}`): QueryBuilder {
    return this.measure('sum', field, alias);
  }
  avg(field: string, alias = `avg_${field}`): QueryBuilder {
    return this.measure('avg', field, alias);
  }
  min(field: string, alias = `min_${field}`): QueryBuilder {
    return this.measure('min', field, alias);
  }
  max(field: string, alias = `max_${field}`): QueryBuilder {
    return this.measure('max', field, alias);
  }
  /** `p` in percent: `.percentile('latency', 95)`. */
  percentile(field: string, p: number, alias = `p${String(p).replace('.', '_')}_${field}`): QueryBuilder {
    if (typeof p !== 'number' || !(p > 0 && p < 100)) {
      throw new DefinitionUsageError(`percentile ${field}: expected 0 < p < 100 (percent), got ${p}`);
    }
    return this.measure('percentile', field, alias, p);
  }

  private measure(fn: MeasureFn, field: string | undefined, alias: string, p?: number): QueryBuilder {
    const m: Measure = Object.freeze({
      kind: 'measure',
      fn,
      ...(field === undefined ? {} : { field: fieldRef(field) }),
      ...(p === undefined ? {} : { p }),
      as: alias,
    });
    return this.with({ measures: Object.freeze([...this.state.measures, m]) });
  }

  /** Group by these fields (after the time bucket, when there is one). */
  by(...fields: string[]): QueryBuilder {
    if (fields.length === 0) throw new DefinitionUsageError('by: expected at least one field');
    return this.with({ by: Object.freeze([...this.state.by, ...fields.map(fieldRef)]) });
  }

  /** Sort by a measure alias, a group-by field or `timeslice`. */
  orderBy(key: string, dir: 'asc' | 'desc' = 'asc'): QueryBuilder {
    if (dir !== 'asc' && dir !== 'desc') throw new DefinitionUsageError(`orderBy ${key}: direction must be 'asc' or 'desc', got ${JSON.stringify(dir)}`);
    if (typeof key !== 'string' || !key) throw new DefinitionUsageError('orderBy: expected a key');
    return this.with({ sort: Object.freeze([...this.state.sort, Object.freeze({ key, dir })]) });
  }

  limit(n: number): QueryBuilder {
    if (!Number.isInteger(n) || n < 1) throw new DefinitionUsageError(`limit: expected a positive whole number, got ${n}`);
    return this.with({ limit: n });
  }

  /** One row per `row` value, one column per `column` value (Sumo `transpose`). */
  transpose(row: string, column: string): QueryBuilder {
    return this.with({ transpose: Object.freeze({ row, column }) });
  }

  build(): Query {
    const s = this.state;
    const extracted = new Set(s.extract.flatMap(extractedNames));
    const markExtracted = (f: FieldRef): FieldRef => (extracted.has(f.name) ? Object.freeze({ ...f, extracted: true }) : f);
    const pre: Pred[] = [];
    const post: Pred[] = [];
    for (const { pred, afterExtract } of s.predicates) {
      const mapped = mapPredFields(pred, markExtracted);
      (afterExtract > 0 && predicateUsesExtracted(mapped) ? post : pre).push(mapped);
    }
    const by = s.by.map(markExtracted);
    const measures = s.measures.map((m) => (m.field ? Object.freeze({ ...m, field: markExtracted(m.field) }) : m));
    const resolve = (key: string): KeyRef => {
      if (key === BUCKET_KEY && s.bucket) return { kind: 'bucket' };
      const m = measures.find((x) => x.as === key);
      if (m) return { kind: 'measure', alias: key };
      const g = by.find((f) => f.name === key);
      if (g) return { kind: 'group', field: g };
      return { kind: 'unresolved', key };
    };
    const sort: SortKey[] = s.sort.map((k) => Object.freeze({ key: k.key, dir: k.dir, ref: Object.freeze(resolve(k.key)) }));
    const filter = and(pre);
    const postFilter = and(post);
    const query: Query = {
      kind: 'query',
      source: s.source,
      ...(filter ? { filter } : {}),
      extract: s.extract,
      ...(postFilter ? { postFilter } : {}),
      ...(s.bucket ? { bucket: s.bucket } : {}),
      ...(measures.length || by.length ? { aggregate: Object.freeze({ measures: Object.freeze(measures), by: Object.freeze(by) }) } : {}),
      sort: Object.freeze(sort),
      ...(s.limit !== undefined ? { limit: s.limit } : {}),
      ...(s.transpose
        ? {
            pivot: Object.freeze({
              kind: 'transpose' as const,
              rowKey: s.transpose.row,
              columnKey: s.transpose.column,
              row: Object.freeze(resolve(s.transpose.row)),
              column: Object.freeze(resolve(s.transpose.column)),
            }),
          }
        : {}),
    };
    return Object.freeze(query);
  }
}

function inputOf(options: ExtractOptions): { input?: FieldRef } {
  return options.field === undefined ? {} : { input: fieldRef(options.field) };
}

/** `a.b[0].c` -> ['a', 'b', 0, 'c'] */
function splitJsonPath(path: string): (string | number)[] {
  if (typeof path !== 'string' || path.length === 0) throw new DefinitionUsageError('json: expected a non-empty path');
  const out: (string | number)[] = [];
  for (const segment of path.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(segment);
    if (!m || (m[1] === '' && m[2] === '')) throw new DefinitionUsageError(`json: invalid path ${JSON.stringify(path)}; use an array of keys for keys containing dots or brackets`);
    if (m[1]) out.push(m[1]);
    for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

function predicateUsesExtracted(pred: Pred): boolean {
  switch (pred.kind) {
    case 'and':
    case 'or':
      return pred.args.some(predicateUsesExtracted);
    case 'not':
      return predicateUsesExtracted(pred.arg);
    case 'term':
    case 'phrase':
      return false;
    default:
      return pred.field.extracted === true;
  }
}

/** Start a query on a source. */
export function from(source: SourceDef): QueryBuilder {
  if (typeof source !== 'object' || source === null || (source as { kind?: unknown }).kind !== 'source') {
    throw new DefinitionUsageError('from: expected a source made with defineSource({...})');
  }
  return new QueryBuilder(Object.freeze({ source, predicates: Object.freeze([]), extract: Object.freeze([]), measures: Object.freeze([]), by: Object.freeze([]), sort: Object.freeze([]) }));
}
