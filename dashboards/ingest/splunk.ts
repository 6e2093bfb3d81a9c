// Splunk settings for the pack's sourcetypes: props.conf (and fields.conf) generated from the
// sources' Splunk bindings.
//
// How the data is assumed to arrive: through HTTP Event Collector tokens whose default index
// and sourcetype are the ones in the source bindings (or that the sender sets per event).
// - The event endpoint (`/services/collector/event`) takes the time from the envelope's `time`
//   and does no line breaking or timestamp recognition: only the search-time settings below
//   apply (KV_MODE, EVAL). Send the cluster name, where a source needs it, as an indexed field
//   (`"fields": {"cluster": "prod-eu-1"}`); fields.conf marks it indexed so that
//   `cluster=prod-eu-1` finds it.
// - The raw endpoint (`/services/collector/raw`), a file monitor or syslog go through the
//   parsing pipeline: then the line-breaking and timestamp settings apply too (install props.conf
//   on the indexers or heavy forwarders as well as on the search heads).
//
// Search-time JSON: `KV_MODE = json` names each field by its path, so Falco's
// `output_fields."k8s.ns.name"` is `output_fields.k8s.ns.name` (the key's own dots and the nesting
// dot look alike), and arrays get `{}` (`tags{}`). Where a source binds a logical field to a name
// that is not its path, an `EVAL-` calculated field provides it (the audit annotation
// `authorization.k8s.io/decision`, and `severity_weight`). Splunk extracts JSON automatically
// only from the first 10,240 characters of an event (limits.conf `[kv] maxchars`) unless raised.

import { GENERATED_BY, type PackSource, PACK_SOURCES, productName } from './pack.js';
import { type RawField, SEVERITY_WEIGHT_BASE } from '../sources/raw-fields.js';

/** `'a.b/c'`: a field name inside an eval expression. */
function evalField(name: string): string {
  if (/['\\]/.test(name)) throw new Error(`polydash ingest: field name ${JSON.stringify(name)} cannot be quoted in an eval expression`);
  return `'${name}'`;
}

/** A regex that finds the start of the JSON value at `key`, for TIME_PREFIX. */
const jsonKeyPrefix = (key: string, quoted: boolean): string => `"${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:\\s*${quoted ? '"' : ''}`;

function timeSettings(pack: PackSource): string[] {
  switch (pack.time.kind) {
    case 'syslog-pairs':
      // the syslog header has no year; the time="..." pair has the full time
      return ['TIME_PREFIX = \\stime="', 'TIME_FORMAT = %Y-%m-%dT%H:%M:%S.%9N%Z', 'MAX_TIMESTAMP_LOOKAHEAD = 40'];
    case 'iso':
      return [`TIME_PREFIX = ${jsonKeyPrefix(pack.time.json[pack.time.json.length - 1]!, true)}`, `TIME_FORMAT = %Y-%m-%dT%H:%M:%S.%${pack.time.fraction}N%Z`, 'MAX_TIMESTAMP_LOOKAHEAD = 40'];
    case 'epoch-micros':
      return [`TIME_PREFIX = ${jsonKeyPrefix(pack.time.json[pack.time.json.length - 1]!, false)}`, 'TIME_FORMAT = %s%6N', 'MAX_TIMESTAMP_LOOKAHEAD = 16'];
  }
}

/** `EVAL-` lines for logical fields whose Splunk name is not their JSON path. */
function calculatedFields(pack: PackSource): string[] {
  const out: string[] = [];
  for (const [logical, where] of Object.entries(pack.rawFields ?? {}) as [string, RawField][]) {
    const name = productName(pack.source, logical, 'splunk');
    if (name === undefined) continue;
    if ('json' in where && name !== where.json.join('.')) out.push(`EVAL-${name} = ${evalField(where.json.join('.'))}`);
    if ('severityWeightOf' in where) out.push(`EVAL-${name} = ${SEVERITY_WEIGHT_BASE} - ${evalField(where.severityWeightOf.join('.'))}`);
  }
  return out;
}

function stanza(pack: PackSource): string {
  const { source } = pack;
  const sourcetype = source.splunk?.sourcetype;
  if (!sourcetype) return '';
  const json = pack.rawFields !== undefined;
  const lines = [
    `# ${source.title ?? source.id} (source "${source.id}", index ${source.splunk?.index ?? '(any)'})`,
    `[${sourcetype}]`,
    'SHOULD_LINEMERGE = false',
    'LINE_BREAKER = ([\\r\\n]+)',
    `TRUNCATE = ${json ? 100000 : 20000}`,
    ...timeSettings(pack),
    json ? 'KV_MODE = json' : 'KV_MODE = auto',
    ...(json ? ['AUTO_KV_JSON = true'] : []),
    ...calculatedFields(pack),
  ];
  return lines.join('\n');
}

/** props.conf for every sourcetype of the pack. */
export function splunkPropsConf(packs: readonly PackSource[] = PACK_SOURCES): string {
  const header = [
    `# props.conf: ${GENERATED_BY}`,
    '# Search heads: KV_MODE and EVAL- (search time). Indexers or heavy forwarders: line breaking and',
    '# time settings (they apply to the HEC raw endpoint, file monitors and syslog, not to the HEC',
    '# event endpoint, which takes the time from the envelope).',
  ];
  return `${[header.join('\n'), ...packs.map(stanza).filter(Boolean)].join('\n\n')}\n`;
}

/** fields.conf: fields that the collector sends as indexed fields (not in the raw event). */
export function splunkFieldsConf(packs: readonly PackSource[] = PACK_SOURCES): string {
  const names = new Set<string>();
  for (const pack of packs) {
    for (const [logical, where] of Object.entries(pack.rawFields ?? {}) as [string, RawField][]) {
      const name = productName(pack.source, logical, 'splunk');
      if ('collector' in where && name !== undefined) names.add(name);
    }
  }
  const stanzas = [...names].sort().map((n) => `[${n}]\nINDEXED = true`);
  return `${[`# fields.conf: ${GENERATED_BY}\n# Indexed fields sent in the HEC envelope ("fields": {...}).`, ...stanzas].join('\n\n')}\n`;
}
