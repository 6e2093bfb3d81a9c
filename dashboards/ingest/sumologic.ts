// Sumo Logic Field Extraction Rules for the pack's JSON sources, generated from the sources'
// Sumo Logic bindings and raw-field maps.
//
// The dashboards never run `json` at query time (Elasticsearch could not follow them there):
// they use fields that a Field Extraction Rule extracted at ingest. Each rule is scoped to the
// source's category and extracts every bound field with its own `json ... nodrop` step, so a
// key missing from one event (a host-level Falco alert has no namespace) does not cost the
// others. `severity_weight` is a field expression on the extracted severity. Fields that the
// collector adds (the `cluster` of audit Events) are not extracted here: Sumo Logic's
// Kubernetes collection sets them as fields.
//
// Each rule is the body of `POST /api/v1/extractionRules` (`name`, `scope`, `parseExpression`,
// `enabled`). The fields they name must exist in the organisation's field schema
// (Manage Data > Logs > Fields), which holds at most a few hundred fields: the pack shares names
// (`namespace`, `cluster`, `severity` ...) between sources on purpose.

import { compileQuery, from } from 'polydash';
import { GENERATED_BY, type PackSource, PACK_SOURCES, productName } from './pack.js';
import { type RawField, SEVERITY_WEIGHT_BASE } from '../sources/raw-fields.js';

export interface SumoFieldExtractionRule {
  readonly name: string;
  readonly scope: string;
  readonly parseExpression: string;
  readonly enabled: boolean;
}

/** `[scope, stage]` of a compiled Sumo Logic query with one pipe. */
function split(query: string): [string, string] {
  const at = query.indexOf(' | ');
  if (at < 0) throw new Error(`polydash ingest: expected a scope and one stage in ${JSON.stringify(query)}`);
  return [query.slice(0, at), query.slice(at + 3)];
}

/** `json "a.b" as name` through polydash's own Sumo Logic printer (its quoting and path syntax). */
function jsonStep(pack: PackSource, name: string, path: readonly string[]): { scope: string; step: string } {
  const compiled = compileQuery(from(pack.source).json({ [name]: [...path] }), 'sumologic');
  if (compiled.fidelity === 'unsupported' || typeof compiled.output !== 'string') {
    throw new Error(`polydash ingest: cannot write a Sumo Logic json step for ${name}: ${compiled.diagnostics.map((d) => d.message).join('; ')}`);
  }
  const [scope, step] = split(compiled.output);
  return { scope, step: `${step} nodrop` };
}

function rule(pack: PackSource): SumoFieldExtractionRule | undefined {
  if (!pack.rawFields || !pack.source.sumologic) return undefined;
  let scope: string | undefined;
  const steps: string[] = [];
  const derived: string[] = [];
  for (const [logical, where] of Object.entries(pack.rawFields) as [string, RawField][]) {
    const name = productName(pack.source, logical, 'sumologic');
    if (name === undefined || 'collector' in where) continue;
    if ('json' in where) {
      const s = jsonStep(pack, name, where.json);
      scope ??= s.scope;
      steps.push(s.step);
    } else {
      const severity = Object.entries(pack.rawFields).find(([, w]) => 'json' in w && w.json.join('\u0000') === where.severityWeightOf.join('\u0000'));
      const severityName = severity && productName(pack.source, severity[0], 'sumologic');
      if (!severityName) throw new Error(`polydash ingest: ${logical} needs the field at ${where.severityWeightOf.join('.')} to be extracted too`);
      derived.push(`${SEVERITY_WEIGHT_BASE} - num(${severityName}) as ${name}`);
    }
  }
  if (scope === undefined) return undefined;
  return { name: `polydash ${pack.source.id}`, scope, parseExpression: [...steps, ...derived].join(' | '), enabled: true };
}

/** One Field Extraction Rule per JSON source of the pack. */
export function sumoFieldExtractionRules(packs: readonly PackSource[] = PACK_SOURCES): SumoFieldExtractionRule[] {
  return packs.flatMap((p) => rule(p) ?? []);
}

/** JSON Lines, one rule per line, after a `#` comment: the file the build writes. */
export function sumoFieldExtractionRulesText(packs: readonly PackSource[] = PACK_SOURCES): string {
  return `# ${GENERATED_BY}\n# One Field Extraction Rule per line: POST each to /api/v1/extractionRules.\n${sumoFieldExtractionRules(packs)
    .map((r) => JSON.stringify(r))
    .join('\n')}\n`;
}
