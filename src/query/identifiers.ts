// One identifier rule for everything a query names (extracted fields, aliases, logical
// fields, variables). It is the intersection of what every target accepts unquoted: a Sumo
// field, a PCRE/RE2 group name, a LogQL label, an ES|QL column, a Painless map key.

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]{0,30}$/;

/** Keywords of at least one target language, plus the neutral bucket key. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'and', 'or', 'not', 'by', 'as', 'in', 'is', 'like', 'rlike', 'null', 'true', 'false',
  'where', 'sort', 'order', 'limit', 'group', 'without', 'bool', 'on', 'ignoring', 'offset',
  'nodrop', 'from', 'asc', 'desc', 'eval', 'search', 'stats', 'head', 'rex', 'regex',
  'parse', 'json', 'keep', 'drop', 'rename', 'dissect', 'grok', 'enrich', 'row', 'metadata',
  'timeslice', 'time', 'transpose', 'fields', 'matches', 'if', 'else', 'case', 'to', 'with',
]);

/** Why `name` is not a valid identifier, or undefined when it is. */
export function identifierProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return 'expected a string';
  if (!IDENTIFIER.test(name)) {
    return 'expected a letter followed by up to 30 letters, digits or underscores';
  }
  if (name.endsWith('_')) return 'must not end with an underscore';
  if (RESERVED_WORDS.has(name.toLowerCase())) return `"${name}" is a reserved word in at least one query language`;
  return undefined;
}

/** Measure aliases may also be function names such as `count` (the vendors' own idiom). */
export function aliasProblem(name: unknown): string | undefined {
  if (typeof name === 'string' && ['count', 'sum', 'avg', 'min', 'max'].includes(name)) return undefined;
  return identifierProblem(name);
}
