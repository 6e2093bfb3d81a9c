// Elasticsearch ingest for the JSON sources that have no Elastic integration of their own:
// Sysdig Secure and Sysdig Monitor webhooks (the Sysdig-webhook-to-Elasticsearch recipe) and
// kAudit findings. For each: an ingest pipeline and a data-stream index template that makes it
// the default pipeline, so a webhook can POST straight to `<data stream>/_doc`.
//
// The pipeline
// 1. keeps the original event under one object (`sysdig`, `kaudit`): nothing is lost, and
//    vendor keys cannot clash with ECS (Sysdig's top-level `labels` would),
// 2. expands the dotted keys it reads (`labels."kubernetes.namespace.name"`) into objects, so
//    that they have a path,
// 3. turns the time into `@timestamp`: the webhooks send microseconds since the epoch
//    (`timestamp`); the script also accepts seconds, milliseconds and nanoseconds by magnitude,
//    so the events-forwarder format (nanoseconds) works too; kAudit sends ISO-8601,
// 4. copies each logical field to the name the source's elastic binding gives it (ECS where
//    ECS has one), computes `severity_weight`, and sets event.kind/module/dataset,
// 5. on failure keeps the document with `error.message`.
// The template maps the bound fields (keyword, long, boolean; `message` as text) and leaves the
// rest of the original in `_source` only (`dynamic: false`), so webhook payload changes never
// cause mapping conflicts.
//
// Push: each request is `{ method, path, body }` for Elasticsearch; through Kibana (the Kibana
// target's credentials) send it to `POST /api/console/proxy?path=<path>&method=<method>` with
// the header `kbn-xsrf: true`. `consoleText` prints them for Kibana Dev Tools.

import { productName, type PackSource, PACK_SOURCES, GENERATED_BY } from './pack.js';
import { type RawField, SEVERITY_WEIGHT_BASE } from '../sources/raw-fields.js';

export interface ElasticRequest {
  readonly method: 'PUT' | 'POST';
  readonly path: string;
  readonly body: Readonly<Record<string, unknown>>;
}

export interface ElasticIngest {
  readonly sourceId: string;
  readonly pipelineName: string;
  readonly pipeline: Readonly<Record<string, unknown>>;
  readonly templateName: string;
  readonly template: Readonly<Record<string, unknown>>;
  /** Pipeline first, then the template that names it. */
  readonly requests: readonly ElasticRequest[];
}

interface Recipe {
  readonly sourceId: string;
  /** Where the original event is kept. */
  readonly keep: string;
  readonly module: string;
  readonly dataset: string;
  /** Extra copies besides the logical fields: ECS name ← JSON path. */
  readonly also: Readonly<Record<string, readonly string[]>>;
}

const RECIPES: readonly Recipe[] = [
  { sourceId: 'sysdig-secure', keep: 'sysdig', module: 'sysdig', dataset: 'sysdig.secure', also: { message: ['content', 'output'], 'event.id': ['id'], 'container.name': ['labels', 'container.name'], 'orchestrator.resource.name': ['labels', 'kubernetes.pod.name'] } },
  { sourceId: 'sysdig-monitor', keep: 'sysdig', module: 'sysdig', dataset: 'sysdig.monitor', also: { message: ['alert', 'description'], 'event.url': ['event', 'url'], 'rule.id': ['alert', 'id'] } },
  { sourceId: 'kaudit', keep: 'kaudit', module: 'kaudit', dataset: 'kaudit.findings', also: { message: ['detection', 'summary'], 'event.id': ['id'], 'source.ip': ['audit', 'sourceIP'] } },
];

/** Mappings of the extra copies that are not keywords. */
const ALSO_MAPPING: Readonly<Record<string, Record<string, unknown>>> = { message: { type: 'text' }, 'source.ip': { type: 'ip' } };

/** The pipeline's name for a path under the kept object. */
const keptPath = (keep: string, json: readonly string[]): string => [keep, ...json].join('.');

/** `ctx.a?.b?.c`: Painless null-safe access for a dotted path. */
function painlessAccess(path: string): string {
  const parts = path.split('.');
  const odd = parts.find((p) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(p));
  if (odd !== undefined) throw new Error(`polydash ingest: ${JSON.stringify(odd)} in ${path} is not a plain key; expand it first`);
  return `ctx.${parts.join('?.')}`;
}

const MOVE_ORIGINAL = (keep: string): string =>
  [
    'Map original = new HashMap();',
    "for (String key : new ArrayList(ctx.keySet())) { if (!key.startsWith('_') && key != '@timestamp') { original.put(key, ctx.remove(key)); } }",
    `ctx['${keep}'] = original;`,
  ].join(' ');

const EPOCH_TO_MILLIS = (path: string, target: string): string =>
  [
    `def t = ${painlessAccess(path)};`,
    'if (t instanceof Number) {',
    '  long v = ((Number) t).longValue();',
    '  long ms = v >= 100000000000000000L ? v / 1000000L : v >= 100000000000000L ? v / 1000L : v >= 100000000000L ? v : v * 1000L;',
    `  ${painlessAccess(target.split('.').slice(0, -1).join('.'))}['${target.split('.').pop()}'] = ms;`,
    '}',
  ].join(' ');

function copyProcessor(target: string, from: string, description: string): Record<string, unknown> {
  return { set: { description, field: target, copy_from: from, if: `${painlessAccess(from)} != null` } };
}

/** Nested mapping properties from dotted names. */
function properties(fields: Readonly<Record<string, Record<string, unknown>>>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, mapping] of Object.entries(fields)) {
    const parts = name.split('.');
    let node = root;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) node[part] = { ...((node[part] as object | undefined) ?? {}), ...mapping };
      else {
        const next = ((node[part] as Record<string, unknown> | undefined) ?? {}) as { properties?: Record<string, unknown> };
        next.properties ??= {};
        node[part] = next;
        node = next.properties;
      }
    });
  }
  return root;
}

function mappingType(logical: string, pack: PackSource): Record<string, unknown> {
  const binding = pack.source.fields[logical];
  if (typeof binding === 'object' && binding.type === 'number') return { type: 'long' };
  if (logical === 'resolved') return { type: 'boolean' };
  return { type: 'keyword', ignore_above: 8191 };
}

function recipeIngest(recipe: Recipe, pack: PackSource): ElasticIngest {
  const { source, rawFields } = pack;
  const name = `polydash-${recipe.sourceId}`;
  const keep = recipe.keep;
  const processors: Record<string, unknown>[] = [
    { script: { description: `Keep the original event under ${keep}`, lang: 'painless', source: MOVE_ORIGINAL(keep) } },
  ];
  // dot_expander for each dotted key the pipeline reads (`labels."kubernetes.namespace.name"`)
  const dotted = new Map<string, { field: string; path: string }>();
  const paths = [
    ...Object.values(rawFields ?? {}).flatMap((w) => ('json' in w ? [w.json] : 'severityWeightOf' in w ? [w.severityWeightOf] : [])),
    ...Object.values(recipe.also),
  ];
  for (const path of paths) {
    const at = path.findIndex((k) => k.includes('.'));
    if (at < 0) continue;
    if (path.slice(at + 1).some((k) => k.includes('.'))) throw new Error(`polydash ingest: ${path.join(' > ')} has dotted keys at two levels`);
    const expander = { field: path[at]!, path: keptPath(keep, path.slice(0, at)) };
    dotted.set(`${expander.path}\u0000${expander.field}`, expander);
  }
  for (const e of dotted.values()) processors.push({ dot_expander: { description: `Expand ${e.path}."${e.field}"`, field: e.field, path: e.path } });

  if (pack.time.kind === 'epoch-micros') {
    const from = keptPath(keep, pack.time.json);
    const temp = `${keep}.timestamp_millis`;
    processors.push(
      {
        script: {
          description: `${from} to milliseconds: microseconds since the epoch (the webhooks), or nanoseconds, milliseconds or seconds, told apart by magnitude`,
          lang: 'painless',
          source: EPOCH_TO_MILLIS(from, temp),
        },
      },
      { date: { description: 'The event time', field: temp, formats: ['UNIX_MS'], target_field: '@timestamp' } },
      { remove: { field: temp, ignore_missing: true } },
    );
  } else if (pack.time.kind === 'iso') {
    processors.push({ date: { description: 'The event time', field: keptPath(keep, pack.time.json), formats: ['ISO8601'], target_field: '@timestamp' } });
  }

  const mapped: Record<string, Record<string, unknown>> = {
    '@timestamp': { type: 'date' },
    'event.kind': { type: 'keyword' },
    'event.module': { type: 'keyword' },
    'event.dataset': { type: 'keyword' },
    'data_stream.type': { type: 'constant_keyword' },
    'data_stream.dataset': { type: 'constant_keyword' },
    'data_stream.namespace': { type: 'constant_keyword' },
  };
  for (const target of Object.keys(recipe.also)) mapped[target] = ALSO_MAPPING[target] ?? { type: 'keyword', ignore_above: 2048 };
  for (const [logical, where] of Object.entries(rawFields ?? {}) as [string, RawField][]) {
    const target = productName(source, logical, 'elastic');
    if (target === undefined) continue;
    mapped[target] = mappingType(logical, pack);
    if ('json' in where) {
      const from = keptPath(keep, where.json);
      if (from !== target) processors.push(copyProcessor(target, from, `${logical}: ${target} from ${from}`));
    } else if ('severityWeightOf' in where) {
      const from = keptPath(keep, where.severityWeightOf);
      const [parent, leaf] = [target.split('.').slice(0, -1).join('.'), target.split('.').pop()!];
      processors.push({
        script: {
          description: `${logical}: ${SEVERITY_WEIGHT_BASE} - ${from} (severity 0 weighs ${SEVERITY_WEIGHT_BASE}, 7 weighs ${SEVERITY_WEIGHT_BASE - 7})`,
          lang: 'painless',
          if: `${painlessAccess(from)} instanceof Number`,
          source: `${painlessAccess(parent)}['${leaf}'] = ${SEVERITY_WEIGHT_BASE} - ((Number) ${painlessAccess(from)}).intValue();`,
        },
      });
    }
  }
  for (const [target, path] of Object.entries(recipe.also)) processors.push(copyProcessor(target, keptPath(keep, path), `${target} from ${keptPath(keep, path)}`));
  processors.push(
    { set: { field: 'event.kind', value: 'alert' } },
    { set: { field: 'event.module', value: recipe.module } },
    { set: { field: 'event.dataset', value: recipe.dataset } },
  );

  const pipeline = {
    description: `polydash: ${source.title ?? source.id} into ECS fields. ${GENERATED_BY}`,
    processors,
    on_failure: [{ set: { field: 'error.message', value: '{{ _ingest.on_failure_message }}' } }],
    _meta: { managed_by: 'polydash', source: source.id },
  };
  const dataView = source.elastic!.dataView;
  const template = {
    index_patterns: [dataView],
    data_stream: {},
    priority: 250,
    template: {
      settings: { 'index.default_pipeline': name },
      mappings: {
        dynamic: false,
        properties: { ...properties(mapped), [keep]: { ...((properties(mapped)[keep] as object | undefined) ?? {}), type: 'object', dynamic: false } },
      },
    },
    _meta: { managed_by: 'polydash', source: source.id, description: `Data stream for ${source.title ?? source.id}. ${GENERATED_BY}` },
  };
  return {
    sourceId: source.id,
    pipelineName: name,
    pipeline,
    templateName: name,
    template,
    requests: [
      { method: 'PUT', path: `_ingest/pipeline/${name}`, body: pipeline },
      { method: 'PUT', path: `_index_template/${name}`, body: template },
    ],
  };
}

/** Pipelines and templates for the pack's sources that need them. */
export function elasticIngest(): ElasticIngest[] {
  return RECIPES.map((recipe) => {
    const pack = PACK_SOURCES.find((p) => p.source.id === recipe.sourceId);
    if (!pack) throw new Error(`polydash ingest: no pack source ${recipe.sourceId}`);
    return recipeIngest(recipe, pack);
  });
}

/** Kibana Dev Tools console text: `PUT <path>` then the JSON body, for each request. */
export function consoleText(requests: readonly ElasticRequest[]): string {
  return `${requests.map((r) => `${r.method} ${r.path}\n${JSON.stringify(r.body, null, 2)}\n`).join('\n')}`;
}
