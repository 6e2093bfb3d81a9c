// The pack's sample events: deterministic, plentiful, shaped like the vendors' events, and
// consistent with the sources' logical fields and the dashboards' filters.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_NOW, generateSamples, SAMPLE_SOURCE_IDS, SAMPLE_SOURCES, type SampleEvent, type SampleSourceId, toNdjson } from '../../dashboards/samples/generate.js';
import { falco } from '../../dashboards/sources/falco.js';
import { kaudit, kubernetesAudit } from '../../dashboards/sources/kubernetes-audit.js';
import { jsonValue, type RawFields, severityWeight } from '../../dashboards/sources/raw-fields.js';
import { sysdigMonitor, sysdigSecure } from '../../dashboards/sources/sysdig.js';
import { twistlock } from '../../dashboards/sources/twistlock.js';
import type { DashboardDef, Pred, Query, SourceDef } from '../../src/index.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SOURCES: Record<SampleSourceId, SourceDef> = {
  twistlock,
  falco,
  'sysdig-secure': sysdigSecure,
  'sysdig-monitor': sysdigMonitor,
  'k8s-audit': kubernetesAudit,
  kaudit,
};
const WEEK = 7 * 86_400_000;

const digest = (samples: Record<string, readonly SampleEvent[]>): string =>
  createHash('sha256').update(Object.entries(samples).map(([id, events]) => `${id}\n${toNdjson(events)}`).join('')).digest('hex');

describe('sample events', () => {
  let samples: Record<SampleSourceId, SampleEvent[]>;
  before(() => {
    samples = generateSamples();
  });

  it('are the same on every run, and differ with another anchor', () => {
    assert.equal(digest(generateSamples()), digest(samples));
    const later = generateSamples({ now: '2030-01-01T00:00:00.000Z', sources: ['falco'] });
    assert.notEqual(later.falco[0]!['@timestamp'], samples.falco[0]!['@timestamp']);
  });

  it('cover every source id of the pack with at least 1,000 events each, oldest first, in the 7 days before the anchor', () => {
    assert.deepEqual(Object.keys(samples).sort(), Object.keys(SOURCES).sort());
    for (const id of SAMPLE_SOURCE_IDS) {
      const events = samples[id];
      assert.ok(events.length >= 1000, `${id}: ${events.length} events`);
      assert.equal(SOURCES[id].id, id);
      const times = events.map((e) => Date.parse(e['@timestamp']));
      const end = Date.parse(DEFAULT_NOW);
      assert.ok(times.every((t, i) => t >= end - WEEK && t < end && (i === 0 || t >= times[i - 1]!)), `${id}: times out of the window or out of order`);
      assert.ok(times[times.length - 1]! > end - 6 * 3_600_000, `${id}: the newest event is more than 6 hours before the anchor`);
      assert.ok(times[0]! < end - WEEK + 12 * 3_600_000, `${id}: the oldest event is more than 12 hours after the window start`);
    }
  });

  it('use the logical field names of their source as keys, besides @timestamp and message, and fill every field', () => {
    for (const id of SAMPLE_SOURCE_IDS) {
      const fields = Object.keys(SOURCES[id].fields);
      const seen = new Set<string>();
      for (const e of samples[id]) {
        const keys = Object.keys(e);
        assert.equal(keys[0], '@timestamp');
        assert.equal(keys[keys.length - 1], 'message');
        for (const k of keys.slice(1, -1)) {
          assert.ok(fields.includes(k), `${id}: key ${k} is not a logical field of the source`);
          seen.add(k);
        }
      }
      assert.deepEqual([...seen].sort(), [...fields].sort(), `${id}: fields never filled`);
    }
  });

  it('carry the raw JSON event as message, and logical values that match it', () => {
    for (const id of SAMPLE_SOURCE_IDS) {
      const rawFields: RawFields | undefined = (SAMPLE_SOURCES[id] as { rawFields?: RawFields }).rawFields;
      if (!rawFields) continue;
      for (const e of samples[id].slice(0, 300)) {
        const raw = JSON.parse(e.message) as unknown;
        for (const [name, where] of Object.entries(rawFields)) {
          if ('json' in where) {
            const v = jsonValue(raw, where.json);
            assert.equal(e[name], v === null ? undefined : v, `${id} ${name}`);
          } else if ('severityWeightOf' in where) {
            assert.equal(e[name], severityWeight(jsonValue(raw, where.severityWeightOf) as number), `${id} ${name}`);
          } else assert.equal(typeof e[name], 'string', `${id} ${name} (from the collector)`);
        }
      }
    }
  });

  it('give Twistlock syslog lines the shapes the seed dashboard parses', () => {
    const lines = samples.twistlock.map((e) => e.message);
    for (const line of lines) assert.match(line, /^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ Twistlock-(Console|Defender)\[\d+\]: time="[^"]+Z" type="[a-z_]+" /);
    for (const e of samples.twistlock) assert.equal(e.message.split(/ +/)[3], e['host']);
    // "The command * * for user * by rule *'"
    const denials = lines.filter((l) => /\bdenied\b/i.test(l)).map((l) => /The command (.*?) (.*?) for user (.*?) by rule (.*?)'/.exec(l)).filter(Boolean);
    assert.ok(denials.length >= 50, `${denials.length} Docker denials`);
    assert.ok(denials.every((m) => m![2] === 'denied' && m![3]!.length > 0));
    // ".go:* * violation "
    const kinds = new Set(lines.filter((l) => /\bviolation\b/i.test(l)).map((l) => /\.go:(.*?) (.*?) violation /.exec(l)?.[2]));
    assert.deepEqual([...kinds].sort(), ['Filesystem', 'Network', 'Process', 'Syscall']);
    // only runtime audits mention violations, and only a kind's own lines its name
    for (const l of lines) {
      if (/\bviolation\b/i.test(l)) assert.match(l, /type="(container|host)_runtime_audit"/);
      const kind = /\.go:\d+ (\w+) violation /.exec(l)?.[1];
      if (kind !== 'Process') assert.doesNotMatch(l, /\bprocess\b.*\bviolation\b|\bviolation\b.*\bprocess\b/i);
    }
    for (const type of ['access_audit', 'container_runtime_audit', 'host_runtime_audit', 'container_app_firewall_audit', 'container_network_firewall_audit', 'management_audit']) {
      assert.ok(lines.some((l) => l.includes(` type="${type}" `)), type);
    }
    assert.ok(lines.some((l) => l.includes('attack_type="sqli"')) && lines.some((l) => l.includes('attack_type="xss"')));
  });

  it('hold the values the dashboards filter on', async () => {
    const files = readdirSync(path.join(repo, 'dashboards')).filter((f) => f.endsWith('.ts'));
    let checked = 0;
    for (const file of files) {
      const def = ((await import(pathToFileURL(path.join(repo, 'dashboards', file)).href)) as { default?: DashboardDef }).default;
      if (def?.kind !== 'dashboard') continue;
      const queries = [...def.panels.flatMap((p) => ('query' in p && p.query.kind === 'query' ? [p.query] : [])), ...def.variables.flatMap((v) => (v.query ? [v.query] : []))];
      for (const q of queries as Query[]) {
        const events = samples[q.source.id as SampleSourceId];
        assert.ok(events, `${def.uid}: no samples for source ${q.source.id}`);
        const walk = (p: Pred | undefined): void => {
          if (!p) return;
          if (p.kind === 'and' || p.kind === 'or') p.args.forEach(walk);
          else if (p.kind === 'not') walk(p.arg);
          else if (p.kind === 'compare' && p.op === '=' && typeof p.value !== 'object' && !p.field.extracted) {
            checked++;
            assert.ok(events.some((e) => e[p.field.name] === p.value), `${def.uid}: no ${q.source.id} sample has ${p.field.name} = ${JSON.stringify(p.value)}`);
          } else if (p.kind === 'term' && typeof p.value === 'string') {
            checked++;
            const word = new RegExp(`\\b${p.value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i');
            assert.ok(events.some((e) => word.test(e.message)), `${def.uid}: no ${q.source.id} sample contains ${p.value}`);
          }
        };
        walk(q.filter);
      }
      for (const v of def.variables) {
        if (!v.values) continue;
        const q = def.panels.flatMap((p) => ('query' in p && p.query.kind === 'query' ? [p.query] : []))[0] as Query;
        const present = new Set(samples[q.source.id as SampleSourceId].map((e) => String(e[v.name])));
        assert.ok(v.values.filter((x) => present.has(x)).length >= Math.min(4, v.values.length), `${def.uid}: variable ${v.name} offers values the samples hardly have`);
      }
    }
    assert.ok(checked > 20, `${checked} filters checked`);
  });
});
