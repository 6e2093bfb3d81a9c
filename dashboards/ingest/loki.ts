// Grafana Alloy `loki.process` components that give the pack's JSON sources the stream labels
// (and structured metadata) their Loki bindings expect. Generated from the bindings: a field
// bound to a name in `loki.labels` becomes a label taken from the JSON line; `severity_weight`
// becomes structured metadata (a number to `unwrap`, not a label: it would multiply streams);
// a field the collector adds (the audit log's cluster) is a static label to fill in. The line
// itself stays the vendor's JSON: the dashboards read other fields with `| json`.
//
// Wire each component between the receiver (`loki.source.api` or an HTTP receiver in front of
// it for the webhooks, `loki.source.file` for the audit log file) and `loki.write`.

import { GENERATED_BY, type PackSource, PACK_SOURCES, productName } from './pack.js';
import { type RawField, SEVERITY_WEIGHT_BASE } from '../sources/raw-fields.js';

/** A JMESPath expression for JSON keys (keys with dots or other characters quoted). */
function jmesPath(path: readonly string[]): string {
  return path.map((k) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? k : `"${k.replace(/["\\]/g, (c) => `\\${c}`)}"`)).join('.');
}

/** An Alloy string literal. */
const alloyString = (text: string): string => JSON.stringify(text);

function block(name: string, lines: readonly string[]): string[] {
  return [`  ${name} {`, ...lines.map((l) => `    ${l}`), '  }'];
}

function mapBlock(name: string, attribute: string, entries: readonly (readonly [string, string])[]): string[] {
  return block(name, [`${attribute} = {`, ...entries.map(([k, v]) => `  ${k} = ${v},`), '}']);
}

function component(pack: PackSource): string | undefined {
  const { source, rawFields } = pack;
  const loki = source.loki;
  if (!loki || !rawFields) return undefined;
  const labels = new Set(loki.labels ?? []);
  const extract: [string, string][] = [];
  const labelled: [string, string][] = [];
  const statics: [string, string][] = Object.entries(loki.selector).map(([k, v]) => [k, alloyString(v)]);
  const notes: string[] = [];
  const stages: string[] = [];
  for (const [logical, where] of Object.entries(rawFields) as [string, RawField][]) {
    const name = productName(source, logical, 'loki');
    if (name === undefined) continue;
    if ('json' in where && labels.has(name)) {
      extract.push([name, alloyString(jmesPath(where.json))]);
      labelled.push([name, '""']);
    } else if ('collector' in where && labels.has(name)) {
      statics.push([name, alloyString('CHANGE-ME')]);
      notes.push(`// ${name}: ${where.collector}; set it for each collector.`);
    } else if ('severityWeightOf' in where) {
      const from = `polydash_${name}_from`;
      extract.push([from, alloyString(jmesPath(where.severityWeightOf))]);
      stages.push(...block('stage.template', [`source   = ${alloyString(name)}`, `template = ${alloyString(`{{ sub ${SEVERITY_WEIGHT_BASE} .${from} }}`)}`]));
      stages.push(...mapBlock('stage.structured_metadata', 'values', [[name, '""']]));
    }
  }
  const id = `polydash_${source.id.replace(/[^A-Za-z0-9]/g, '_')}`;
  return [
    `// ${source.title ?? source.id} (source "${source.id}")`,
    ...notes,
    `loki.process ${alloyString(id)} {`,
    '  forward_to = [loki.write.default.receiver]',
    '',
    ...(extract.length ? [...mapBlock('stage.json', 'expressions', extract), ''] : []),
    ...(labelled.length ? [...mapBlock('stage.labels', 'values', labelled), ''] : []),
    ...(stages.length ? [...stages, ''] : []),
    ...mapBlock('stage.static_labels', 'values', statics),
    '}',
  ].join('\n');
}

/** Alloy configuration text with one `loki.process` per JSON source of the pack. */
export function lokiAlloyConfig(packs: readonly PackSource[] = PACK_SOURCES): string {
  return `// ${GENERATED_BY}\n\n${packs.flatMap((p) => component(p) ?? []).join('\n\n')}\n`;
}
