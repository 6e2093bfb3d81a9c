// Validation of a built dashboard: the shipped JSON schema first, then the semantic rules a
// schema cannot state (fields exist, variables are declared, panels fit the grid...).

import { aliasProblem, identifierProblem } from '../query/identifiers.js';
import type { FieldRef, KeyRef, Pred, Query } from '../query/nodes.js';
import { extractedNames, predicates, variableRefs } from '../query/tree.js';
import { GRID_COLUMNS } from './layout.js';
import { type Issue, schemaIssues, sourceSchemaIssues } from './schema.js';
import type { SourceDef } from './source-types.js';
import type { ColorRange, DashboardDef, PanelDef, VariableDef } from './types.js';

export type { Issue } from './schema.js';

/** All problems with one dashboard definition; empty when it is valid. */
export function validateDashboard(def: unknown): Issue[] {
  const schema = schemaIssues(def);
  if (schema.length) return schema;
  const d = def as DashboardDef;
  const issues: Issue[] = [];
  const add = (path: string, message: string): void => {
    issues.push({ path, message });
  };
  checkSources(d, issues);
  checkVariables(d, add);
  checkPanels(d, add);
  checkAccess(d, add);
  return issues;
}

function checkAccess(d: DashboardDef, add: (path: string, message: string) => void): void {
  if (!d.access) return;
  if (!d.access.view?.length && !d.access.edit?.length) {
    add('access', 'names no group: list the groups that may view (and edit) it, or leave access out to use the environment\'s default');
  }
}

function checkSources(d: DashboardDef, issues: Issue[]): void {
  const seen = new Map<string, SourceDef>();
  const queries = [...d.panels.flatMap((p) => ('query' in p && p.query.kind === 'query' ? [p.query] : [])), ...d.variables.flatMap((v) => (v.query ? [v.query] : []))];
  for (const q of queries) {
    const prior = seen.get(q.source.id);
    if (prior === q.source) continue;
    if (prior) {
      issues.push({ path: `sources.${q.source.id}`, message: 'two different sources share this id; give each defineSource() its own id' });
      continue;
    }
    seen.set(q.source.id, q.source);
    issues.push(...sourceSchemaIssues(q.source, `sources.${q.source.id}`));
  }
}

function checkVariables(d: DashboardDef, add: (path: string, message: string) => void): void {
  const names = new Map<string, number>();
  d.variables.forEach((v, i) => {
    const path = `variables[${i}]`;
    const problem = identifierProblem(v.name);
    if (problem) add(`${path}.name`, problem);
    if (names.has(v.name)) add(`${path}.name`, `duplicate variable name "${v.name}" (also variables[${names.get(v.name)}])`);
    names.set(v.name, i);
    if (v.values) {
      if (v.default !== undefined && !v.values.includes(v.default) && !(v.default === '*' && v.includeAll)) {
        add(`${path}.default`, `expected one of the values${v.includeAll ? ' or "*" (All)' : ''}, got ${JSON.stringify(v.default)}`);
      }
    } else if (v.query) {
      if (v.default === undefined) add(`${path}.default`, 'a query-valued variable without includeAll needs a default value');
      const q = v.query;
      if (q.aggregate || q.bucket || q.pivot || q.sort.length || q.limit !== undefined) {
        add(`${path}.query`, 'expected a plain filtering query: polydash adds the grouping that lists the values');
      }
      checkQuery(q, `${path}.query`, d, add);
      if (v.field !== undefined && !knownFields(q).has(v.field)) {
        add(`${path}.field`, `field "${v.field}" is not defined by source "${q.source.id}" or extracted by the query; expected one of: ${[...knownFields(q)].join(', ')}`);
      }
    }
  });
}

function knownFields(q: Query): Set<string> {
  return new Set([...Object.keys(q.source.fields), ...q.extract.flatMap(extractedNames)]);
}

function checkPanels(d: DashboardDef, add: (path: string, message: string) => void): void {
  const keys = new Map<string, number>();
  d.panels.forEach((p, i) => {
    const path = `panels[${i}]`;
    if (keys.has(p.key)) add(`${path}.key`, `duplicate panel key "${p.key}" (also panels[${keys.get(p.key)}]); give one of them an explicit key`);
    keys.set(p.key, i);
    if (p.type !== 'text' && p.title.trim() === '') add(`${path}.title`, 'expected a non-empty title');
    checkGrid(d, i, add);
    if ('ranges' in p && p.ranges) checkRanges(p.ranges, `${path}.ranges`, add);
    if (p.type === 'gauge' && !(p.max > p.min)) add(`${path}.max`, `expected max (${p.max}) to be greater than min (${p.min})`);
    if (p.type === 'text') return;
    if (p.query.kind === 'raw') return;
    checkQuery(p.query, `${path}.query`, d, add);
    checkShape(p, p.query, `${path}.query`, add);
  });
}

function checkGrid(d: DashboardDef, i: number, add: (path: string, message: string) => void): void {
  const g = d.panels[i]!.gridPos;
  if (g.x + g.w > GRID_COLUMNS) add(`panels[${i}].gridPos`, `expected x + w <= ${GRID_COLUMNS}, got x=${g.x} w=${g.w}`);
  for (let j = 0; j < i; j++) {
    const o = d.panels[j]!.gridPos;
    if (g.x < o.x + o.w && o.x < g.x + g.w && g.y < o.y + o.h && o.y < g.y + g.h) {
      add(`panels[${i}].gridPos`, `overlaps panels[${j}] ("${d.panels[j]!.title}") on the grid`);
    }
  }
}

function checkRanges(ranges: readonly ColorRange[], path: string, add: (path: string, message: string) => void): void {
  ranges.forEach((r, i) => {
    if (r.from !== undefined && r.to !== undefined && !(r.from < r.to)) add(`${path}[${i}]`, `expected from < to, got from=${r.from} to=${r.to}`);
    if (r.from === undefined && i > 0) add(`${path}[${i}].from`, 'only the first range may leave "from" open');
    if (r.to === undefined && i < ranges.length - 1) add(`${path}[${i}].to`, 'only the last range may leave "to" open');
    const prev = ranges[i - 1];
    if (prev && prev.to !== undefined && r.from !== undefined && r.from < prev.to) {
      add(`${path}[${i}].from`, `ranges must ascend without overlapping: ${r.from} is below the previous range's end ${prev.to}`);
    }
  });
}

function checkQuery(q: Query, path: string, d: DashboardDef, add: (path: string, message: string) => void): void {
  const sourceFields = new Set(Object.keys(q.source.fields));
  const known = new Set(sourceFields);
  const fieldList = (): string => [...known].join(', ') || '(none)';
  const checkField = (f: FieldRef, at: string, allowed: Set<string>): void => {
    if (!allowed.has(f.name)) {
      const later = q.extract.flatMap(extractedNames).includes(f.name);
      add(
        at,
        later
          ? `field "${f.name}" is extracted by the query but used before the extraction; call .where() after .parse()/.json()`
          : `field "${f.name}" is not defined by source "${q.source.id}" or extracted by the query; expected one of: ${fieldList()}`,
      );
    }
  };

  // filters before extraction see only source fields
  for (const p of predicates(q.filter)) checkPredicate(p, `${path}.filter`, sourceFields, checkField, add);

  const extractedSoFar = new Set<string>();
  q.extract.forEach((e, i) => {
    const at = `${path}.extract[${i}]`;
    if (e.input) checkField(e.input, `${at}.input`, new Set([...sourceFields, ...extractedSoFar]));
    for (const name of extractedNames(e)) {
      const problem = identifierProblem(name);
      if (problem) add(at, `extracted field "${name}": ${problem}`);
      else if (sourceFields.has(name)) add(at, `extracted field "${name}" has the name of a field of source "${q.source.id}"; choose another name`);
      else if (extractedSoFar.has(name)) add(at, `field "${name}" is extracted twice`);
      extractedSoFar.add(name);
      known.add(name);
    }
    if (e.kind === 'parse') {
      e.parts.forEach((part, j) => {
        if (typeof part !== 'string' && typeof e.parts[j + 1] === 'object') add(at, 'two captures need literal text between them');
      });
    }
  });

  for (const p of predicates(q.postFilter)) checkPredicate(p, `${path}.postFilter`, known, checkField, add);

  for (const v of variableRefs(q)) {
    const declared = d.variables.find((x: VariableDef) => x.name === v.name);
    if (!declared) add(path, `uses variable "${v.name}", which the dashboard does not declare in variables: [...]`);
    else if (declared.multi !== v.multi || declared.includeAll !== v.includeAll) {
      add(path, `uses a different variable named "${v.name}" than the one the dashboard declares`);
    }
  }

  const aliases = new Set<string>();
  q.aggregate?.measures.forEach((m, i) => {
    const at = `${path}.aggregate.measures[${i}]`;
    const problem = aliasProblem(m.as);
    if (problem) add(`${at}.as`, `alias "${m.as}": ${problem}`);
    if (aliases.has(m.as)) add(`${at}.as`, `duplicate alias "${m.as}"; give each measure its own alias`);
    aliases.add(m.as);
    if (m.fn !== 'count' && !m.field) add(at, `${m.fn} needs a field`);
    if (m.field) checkField(m.field, `${at}.field`, known);
    if (m.fn === 'percentile' && m.p === undefined) add(at, 'percentile needs p');
  });
  const groups = new Set<string>();
  q.aggregate?.by.forEach((f, i) => {
    checkField(f, `${path}.aggregate.by[${i}]`, known);
    if (groups.has(f.name)) add(`${path}.aggregate.by[${i}]`, `field "${f.name}" appears twice in .by()`);
    if (aliases.has(f.name)) add(`${path}.aggregate.by[${i}]`, `"${f.name}" is both a group-by field and a measure alias`);
    groups.add(f.name);
  });
  if (q.aggregate && q.aggregate.measures.length === 0) add(`${path}.aggregate`, '.by() needs a measure such as .count()');
  if (q.bucket && !q.aggregate) add(`${path}.bucket`, '.timeslice() needs a measure such as .count()');

  const keyProblem = (ref: KeyRef, key: string): string | undefined =>
    ref.kind === 'unresolved'
      ? `"${key}" is not a measure alias, a group-by field${q.bucket ? ' or timeslice' : ''}; expected one of: ${[...(q.bucket ? ['timeslice'] : []), ...aliases, ...groups].join(', ') || '(none: add .count() or .by())'}`
      : undefined;
  q.sort.forEach((s, i) => {
    const problem = keyProblem(s.ref, s.key);
    if (problem) add(`${path}.sort[${i}]`, problem);
  });
  if (q.pivot) {
    const p = q.pivot;
    const rowProblem = keyProblem(p.row, p.rowKey);
    const colProblem = keyProblem(p.column, p.columnKey);
    if (rowProblem) add(`${path}.pivot.row`, rowProblem);
    if (colProblem) add(`${path}.pivot.column`, colProblem);
    if (p.row.kind === 'measure' || p.column.kind === 'measure') add(`${path}.pivot`, 'transpose row and column must be the time bucket or group-by fields, not measures');
    if (p.rowKey === p.columnKey) add(`${path}.pivot`, 'transpose row and column must differ');
    if (q.aggregate?.measures.length !== 1) add(`${path}.pivot`, 'transpose needs exactly one measure');
  }
}

function checkPredicate(
  p: Pred,
  path: string,
  allowed: Set<string>,
  checkField: (f: FieldRef, at: string, allowed: Set<string>) => void,
  add: (path: string, message: string) => void,
): void {
  switch (p.kind) {
    case 'term':
      if (typeof p.value === 'string' && /\s/.test(p.value)) {
        add(path, `search term ${JSON.stringify(p.value)} contains whitespace; pass the words separately (.search('a', 'b')) or use .phrase()`);
      }
      return;
    case 'phrase':
    case 'and':
    case 'or':
    case 'not':
      return;
    case 'compare':
      checkField(p.field, path, allowed);
      if (typeof p.value === 'object' && p.op !== '=' && p.op !== '!=') add(path, `variable "${p.value.name}" can only be compared with = or !=`);
      return;
    default:
      checkField(p.field, path, allowed);
  }
}

/** What each panel kind needs from its query. */
function checkShape(p: PanelDef, q: Query, path: string, add: (path: string, message: string) => void): void {
  const agg = q.aggregate;
  switch (p.type) {
    case 'events':
      if (agg || q.bucket || q.pivot) add(path, 'an events panel lists raw events: remove .count()/.by()/.timeslice()/.transpose()');
      if (q.sort.length) add(path, 'events are listed newest first; .orderBy() does not apply');
      for (const [i, c] of (p.columns ?? []).entries()) {
        if (!knownFields(q).has(c)) add(`${path.replace(/\.query$/, '')}.columns[${i}]`, `column "${c}" is not a field of source "${q.source.id}" or extracted by the query`);
      }
      return;
    case 'singleValue':
    case 'gauge':
      if (!agg) add(path, `a ${p.type} panel needs a measure such as .count()`);
      else if (agg.by.length) add(path, `a ${p.type} panel shows one number: remove .by() (a .timeslice() is fine: the latest bucket is shown)`);
      else if (agg.measures.length !== 1) add(path, `a ${p.type} panel shows exactly one measure`);
      return;
    case 'timeSeries':
      if (!q.bucket) add(path, 'a time series needs .timeslice(...)');
      if (!agg) add(path, 'a time series needs a measure such as .count()');
      return;
    case 'bar':
    case 'table':
      if (!agg) add(path, `a ${p.type} panel needs a measure such as .count() (use an events panel for raw events)`);
      return;
    case 'pie':
      if (!agg) add(path, 'a pie needs a measure such as .count() and one .by() field');
      else if (q.bucket || agg.by.length !== 1 || agg.measures.length !== 1) add(path, 'a pie needs exactly one measure, one .by() field and no .timeslice()');
      return;
  }
}
