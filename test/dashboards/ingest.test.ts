// What the pack's sources need at ingest, generated from their bindings: Splunk props.conf and
// fields.conf, Sumo Logic Field Extraction Rules, Elasticsearch pipelines and index templates,
// and Alloy components for Loki. The tests tie each artifact back to the bindings, run the
// Elasticsearch pipeline's logic on the sample events, and check that nothing the build would
// put in dist/ trips the vendors' conformance checker.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { elasticIngest, ingestArtifacts, lokiAlloyConfig, splunkFieldsConf, splunkPropsConf, sumoFieldExtractionRules } from '../../dashboards/ingest/index.js';
import { PACK_SOURCES, productName } from '../../dashboards/ingest/pack.js';
import { generateSamples } from '../../dashboards/samples/generate.js';
import type { RawField } from '../../dashboards/sources/raw-fields.js';

/** props.conf stanzas: sourcetype → settings. */
function parseProps(text: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const line of text.split('\n')) {
    const stanza = /^\[(.+)\]$/.exec(line);
    if (stanza) out.set(stanza[1]!, (current = new Map()));
    else if (current && /^\S+ = /.test(line)) {
      const at = line.indexOf(' = ');
      current.set(line.slice(0, at), line.slice(at + 3));
    }
  }
  return out;
}

describe('ingest artifacts of the pack', () => {
  it('give every sourcetype a props.conf stanza with its time settings and JSON extraction', () => {
    const props = parseProps(splunkPropsConf());
    for (const { source, rawFields } of PACK_SOURCES) {
      const stanza = props.get(source.splunk!.sourcetype!);
      assert.ok(stanza, source.id);
      assert.ok(stanza.has('TIME_PREFIX') && stanza.has('TIME_FORMAT'), source.id);
      assert.equal(stanza.get('KV_MODE'), rawFields ? 'json' : 'auto');
    }
    assert.equal(props.get('sysdig:monitor:alert')!.get('TIME_FORMAT'), '%s%6N');
  });

  it('make every Splunk field of a JSON source either its JSON path or a calculated field', () => {
    const props = parseProps(splunkPropsConf());
    const indexed = splunkFieldsConf();
    for (const { source, rawFields } of PACK_SOURCES) {
      const stanza = props.get(source.splunk!.sourcetype!)!;
      for (const [logical, where] of Object.entries(rawFields ?? {}) as [string, RawField][]) {
        const name = productName(source, logical, 'splunk')!;
        if ('json' in where && name === where.json.join('.')) continue;
        if ('collector' in where) assert.match(indexed, new RegExp(`^\\[${name}\\]\\nINDEXED = true$`, 'm'), `${source.id} ${logical}`);
        else assert.ok(stanza.has(`EVAL-${name}`), `${source.id} ${logical}: no EVAL-${name}`);
      }
    }
    assert.equal(props.get('kube:apiserver:audit')!.get('EVAL-decision'), "'annotations.authorization.k8s.io/decision'");
    assert.equal(props.get('sysdig:monitor:alert')!.get('EVAL-severity_weight'), "8 - 'alert.severity'");
  });

  it('give every JSON source a Field Extraction Rule scoped to its category that extracts each Sumo Logic field', () => {
    const rules = sumoFieldExtractionRules();
    for (const { source, rawFields } of PACK_SOURCES) {
      if (!rawFields) continue;
      const rule = rules.find((r) => r.name === `polydash ${source.id}`);
      assert.ok(rule, source.id);
      assert.equal(rule.scope, `_sourceCategory="${source.sumologic!.sourceCategory}"`);
      for (const [logical, where] of Object.entries(rawFields) as [string, RawField][]) {
        const name = productName(source, logical, 'sumologic')!;
        if ('collector' in where) assert.doesNotMatch(rule.parseExpression, new RegExp(` as ${name}\\b`));
        else assert.match(rule.parseExpression, new RegExp(` as ${name}( nodrop)?( \\||$)`), `${source.id} ${logical}`);
      }
    }
    const falcoRule = rules.find((r) => r.name === 'polydash falco')!;
    assert.match(falcoRule.parseExpression, /json "output_fields\['k8s\.ns\.name'\]" as namespace nodrop/);
  });

  it('build Elasticsearch pipelines and data-stream templates for the webhook sources', () => {
    const ingest = elasticIngest();
    assert.deepEqual(ingest.map((i) => i.sourceId), ['sysdig-secure', 'sysdig-monitor', 'kaudit']);
    for (const i of ingest) {
      const pack = PACK_SOURCES.find((p) => p.source.id === i.sourceId)!;
      assert.deepEqual(i.requests.map((r) => `${r.method} ${r.path}`), [`PUT _ingest/pipeline/${i.pipelineName}`, `PUT _index_template/${i.templateName}`]);
      const template = i.template as { index_patterns: string[]; template: { settings: Record<string, string>; mappings: { properties: Record<string, unknown> } } };
      assert.deepEqual(template.index_patterns, [pack.source.elastic!.dataView]);
      assert.equal(template.template.settings['index.default_pipeline'], i.pipelineName);
      // every bound elastic field is mapped
      const text = JSON.stringify(template.template.mappings);
      for (const logical of Object.keys(pack.rawFields!)) {
        const name = productName(pack.source, logical, 'elastic')!;
        assert.ok(text.includes(`"${name.split('.').pop()}":{"type":`), `${i.sourceId}: ${name} is not mapped`);
      }
      const processors = (i.pipeline as { processors: Record<string, { field?: string; target_field?: string }>[] }).processors;
      assert.ok(processors.some((p) => p['date']?.target_field === '@timestamp'), `${i.sourceId}: no @timestamp`);
    }
    const monitor = JSON.stringify(ingest[1]!.pipeline);
    assert.match(monitor, /100000000000000L \? v \/ 1000L/, 'microseconds are divided by 1,000');
    assert.match(monitor, /severity_weight'\] = 8 - /);
  });

  it('derive @timestamp from the webhooks\' microsecond timestamps as the pipeline does', () => {
    const samples = generateSamples({ sources: ['sysdig-secure', 'sysdig-monitor'] });
    for (const events of Object.values(samples)) {
      for (const e of events.slice(0, 50)) {
        const micros = (JSON.parse(e.message) as { timestamp: number }).timestamp;
        assert.ok(micros >= 100_000_000_000_000 && micros < 100_000_000_000_000_000, 'microseconds');
        assert.equal(new Date(Math.floor(micros / 1000)).toISOString(), e['@timestamp']);
      }
    }
  });

  it('label Loki streams as the bindings expect', () => {
    const alloy = lokiAlloyConfig();
    assert.match(alloy, /k8s_ns_name = "output_fields\.\\"k8s\.ns\.name\\""/);
    assert.match(alloy, /template = "\{\{ sub 8 \.polydash_severity_weight_from \}\}"/);
    for (const { source } of PACK_SOURCES) {
      if (source.id === 'twistlock') continue;
      assert.match(alloy, new RegExp(`job = "${source.loki!.selector['job']}"`));
    }
  });

  it('write no file the conformance checker would take for a dashboard', () => {
    for (const a of ingestArtifacts()) {
      assert.doesNotMatch(a.path, /\.(json|ndjson|xml)$/i, a.path);
      assert.doesNotMatch(a.path, /(^|\/)\./, a.path);
      assert.ok(a.content.length > 100, a.path);
    }
  });
});
