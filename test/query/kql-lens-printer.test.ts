import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import seed from '../../dashboards/twistlock-overview.js';
import { defineSource, from, variable } from '../../src/index.js';
import { QueryBuilder } from '../../src/query/builder.js';
import type { Diagnostic } from '../../src/query/fidelity.js';
import { fidelityOf, UnsupportedConstruct } from '../../src/query/fidelity.js';
import { mapQuery } from '../../src/query/mapping.js';
import type { AnchorPart, GlobPart, PanelQuery, Query } from '../../src/query/nodes.js';
import type { LensColumn, LensOutput } from '../../src/query/outputs.js';
import { literal, type RegexNode } from '../../src/query/regex/ast.js';
import { parseRegex } from '../../src/query/regex/parse.js';
import { kqlField, kqlGlob, kqlNumber, kqlQuoted } from '../../src/query/printers/kql-escape.js';
import { lexKql, type KqlToken } from '../../src/query/printers/kql-lexer.js';
import { fixedInterval, LensPrinter } from '../../src/query/printers/lens.js';
import { grokPattern, painlessString, painlessStringLiterals } from '../../src/query/printers/painless.js';
import { anchorRegex } from '../../src/query/regex/anchor.js';
import { assertSingleLiteral, HOSTILE, hostileValue, type Lexed, runs } from '../helpers/injection.js';
import { app } from '../helpers/sources.js';
import { type Compiled, compiledAs } from '../helpers/compiled.js';


function lens(q: QueryBuilder | PanelQuery): Compiled<LensOutput> {
  const r = compiledAs<LensOutput>(q, 'kibana-lens');
  return r;
}
const out = (q: QueryBuilder | PanelQuery): LensOutput => {
  const r = lens(q);
  assert.notEqual(r.fidelity, 'unsupported', JSON.stringify(r.diagnostics));
  return r.output!;
};
const kql = (q: QueryBuilder | PanelQuery): string => out(q).kql;
const codes = (r: Compiled<LensOutput>): string[] => r.diagnostics.map((d) => d.code).sort();
const unsupportedCode = (q: QueryBuilder | PanelQuery): string => {
  const r = lens(q);
  assert.equal(r.fidelity, 'unsupported', JSON.stringify(r.output));
  assert.equal(r.output, undefined);
  return r.diagnostics[0]!.code;
};

// Sources bound like query-languages.md §5.2.
const twistlockLogs = defineSource({ id: 'twistlock_logs', elastic: { dataView: 'logs-*', filter: { 'event.dataset': 'twistlock_logs' } }, fields: { host: { elastic: 'host.name' } } });
const twistlockExample = defineSource({ id: 'twistlock_example', elastic: { dataView: 'logs-*', filter: { 'event.dataset': 'twistlock/example' } }, fields: { host: { elastic: 'host.name' } } });

const Q3_SCRIPT = String.raw`def m = params._source['message']; if (m instanceof String) { def v = grok('The command (?<command>.*?) (?<action>.*?) for user (?<user>.*?) by rule (?<rulename>.*?)\'').extract(m)?.get('user'); if (v != null) { emit(v); } }`;
const Q4_SCRIPT = String.raw`def m = params._source['message']; if (m instanceof String) { def v = grok('\\.go:(?<linenumber>.*?) (?<violation_type>.*?) violation ').extract(m)?.get('violation_type'); if (v != null) { emit(v); } }`;

// ---- column shapes from real Kibana exports ------------------------------------------------
// Copied (values shortened) from /work/shared/vendor-schemas/kibana/examples and vendor-formats.md §2.4.
const REAL: Record<string, object> = {
  // elastic-package-format/system-Logs-syslog-dashboard.json
  count: { customLabel: true, dataType: 'number', isBucketed: false, label: 'Count', operationType: 'count', params: { emptyAsNull: true }, scale: 'ratio', sourceField: '___records___' },
  terms: {
    customLabel: true, dataType: 'string', isBucketed: true, label: 'host.hostname: Descending', operationType: 'terms', scale: 'ordinal', sourceField: 'host.hostname',
    params: { exclude: [], excludeIsRegex: false, include: [], includeIsRegex: false, missingBucket: false, orderBy: { columnId: 'x', type: 'column' }, orderDirection: 'desc', otherBucket: false, parentFormat: { id: 'terms' }, size: 5 },
  },
  date_histogram: { customLabel: true, dataType: 'date', isBucketed: true, label: '@timestamp', operationType: 'date_histogram', params: { dropPartials: false, includeEmptyRows: false, interval: 'auto' }, scale: 'interval', sourceField: '@timestamp' },
  // vendor-formats.md §2.4, the nginx lens object from elastic/integrations
  unique_count: { dataType: 'number', isBucketed: false, label: 'Up', customLabel: true, operationType: 'unique_count', params: { emptyAsNull: true }, scale: 'ratio', sourceField: 'host.hostname' },
  // elastic-package-format/system-Metrics-system-overview.json (min/max); sum and average are
  // built by the same Lens metric operation builder and carry the same params.
  max: { customLabel: true, dataType: 'number', isBucketed: false, label: 'm', operationType: 'max', params: { emptyAsNull: false }, scale: 'ratio', sourceField: 'system.network.in.bytes' },
  // query-languages.md §1.3: percentile with params.percentile
  percentile: { customLabel: true, dataType: 'number', isBucketed: false, label: 'p', operationType: 'percentile', params: { percentile: 95 }, scale: 'ratio', sourceField: 'f' },
};
REAL.min = { ...REAL.max, operationType: 'min' };
REAL.sum = { ...REAL.max, operationType: 'sum' };
REAL.average = { ...REAL.max, operationType: 'average' };

/** Keys and JSON types, one level into objects (params, orderBy). */
function shape(o: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(o)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, Array.isArray(v) ? 'array' : v !== null && typeof v === 'object' ? (k === 'orderBy' ? 'object' : shape(v)) : typeof v]),
  );
}
function assertRealShape(columns: Readonly<Record<string, LensColumn>>): void {
  for (const [id, c] of Object.entries(columns)) {
    const real = REAL[c.operationType];
    assert.ok(real, `${id}: no real example for ${c.operationType}`);
    assert.deepEqual(shape(c), shape(real), `${id}: ${c.operationType} column differs from a real export`);
  }
}

describe('KQL + Lens formBased printer', () => {
  describe('the five reference queries (query-languages.md §5.2)', () => {
    it('Q1: KQL filter; terms host (breakdown) + date_histogram 5m + count', () => {
      const r = lens(from(twistlockLogs).search('Process', 'violation').timeslice('5m').count('count').by('host').transpose('timeslice', 'host'));
      const o = r.output!;
      assert.equal(o.kql, 'event.dataset:"twistlock_logs" and message:"Process" and message:"violation"');
      assert.deepEqual(o.layer, {
        columnOrder: ['group_host', 'bucket', 'metric_count'],
        columns: {
          group_host: {
            label: 'host', customLabel: true, dataType: 'string', operationType: 'terms', isBucketed: true, scale: 'ordinal', sourceField: 'host.name',
            params: { size: 300, orderBy: { type: 'column', columnId: 'metric_count' }, orderDirection: 'desc', otherBucket: false, missingBucket: false, parentFormat: { id: 'terms' }, include: [], exclude: [], includeIsRegex: false, excludeIsRegex: false },
          },
          bucket: { label: 'timeslice', customLabel: true, dataType: 'date', operationType: 'date_histogram', isBucketed: true, scale: 'interval', sourceField: '@timestamp', params: { interval: '5m', includeEmptyRows: false, dropPartials: false } },
          metric_count: { label: 'count', customLabel: true, dataType: 'number', operationType: 'count', isBucketed: false, scale: 'ratio', sourceField: '___records___', params: { emptyAsNull: true } },
        },
      });
      assert.deepEqual(o.roles, { x: 'bucket', breakdown: 'group_host', groups: [], metrics: ['metric_count'] });
      assert.deepEqual(o.sort, []);
      assert.deepEqual(o.runtimeFields, []);
      assert.equal(r.fidelity, 'exact');
      assert.deepEqual(codes(r), ['kql.analysed-text', 'lens.interval-scaling', 'lens.terms-cap']);
      assertRealShape(o.layer!.columns);
    });

    it('Q2: fixed 24h buckets (never calendar 1d), sorted newest first in the table', () => {
      const r = lens(from(twistlockExample).search('violation').timeslice('24h').count().orderBy('timeslice', 'desc'));
      const o = r.output!;
      assert.equal(o.kql, 'event.dataset:"twistlock/example" and message:"violation"');
      assert.deepEqual(o.layer!.columnOrder, ['bucket', 'metric_count']);
      assert.deepEqual(o.layer!.columns.bucket!.params, { interval: '24h', includeEmptyRows: false, dropPartials: false });
      assert.deepEqual(o.roles, { x: 'bucket', groups: [], metrics: ['metric_count'] });
      assert.deepEqual(o.sort, [{ columnId: 'bucket', direction: 'desc' }]);
      assert.equal(r.fidelity, 'approximate');
      assert.ok(codes(r).includes('lens.bucket-alignment'));
      assertRealShape(o.layer!.columns);
    });

    it('Q3: grok runtime field, terms alphabetical ascending', () => {
      const r = lens(from(twistlockExample).search('Denied').parse("The command * * for user * by rule *'", ['command', 'action', 'user', 'rulename']).count().by('user').orderBy('user', 'asc'));
      const o = r.output!;
      assert.equal(o.kql, 'event.dataset:"twistlock/example" and message:"Denied"');
      assert.equal(o.runtimeFields.length, 1);
      const [user] = o.runtimeFields;
      assert.match(user!.name, /^pd_[0-9a-f]{8}_user$/);
      assert.equal(user!.type, 'keyword');
      assert.equal(user!.script, Q3_SCRIPT);
      const col = o.layer!.columns.group_user!;
      assert.equal(col.sourceField, user!.name);
      assert.equal(col.label, 'user');
      assert.equal(col.customLabel, true);
      assert.deepEqual(col.params!.orderBy, { type: 'alphabetical', fallback: false });
      assert.equal(col.params!.orderDirection, 'asc');
      assert.equal(col.params!.size, 300);
      assert.equal(col.params!.otherBucket, false);
      assert.deepEqual(o.layer!.columnOrder, ['group_user', 'metric_count']);
      assert.deepEqual(o.roles, { groups: ['group_user'], metrics: ['metric_count'] });
      assert.deepEqual(o.sort, [{ columnId: 'group_user', direction: 'asc' }]);
      assert.deepEqual(codes(r), ['kql.analysed-text', 'lens.runtime-source', 'lens.terms-cap']);
      assert.match(r.diagnostics.find((d) => d.code === 'lens.runtime-source')!.message, /no doc values/);
      assertRealShape(o.layer!.columns);
    });

    it('Q4: grok runtime field, terms by count descending', () => {
      const o = out(from(twistlockExample).search('violation').parse('.go:* * violation ', ['linenumber', 'violation_type']).count().by('violation_type').orderBy('count', 'desc'));
      assert.equal(o.kql, 'event.dataset:"twistlock/example" and message:"violation"');
      assert.equal(o.runtimeFields[0]!.script, Q4_SCRIPT);
      const col = o.layer!.columns.group_violation_type!;
      assert.equal(col.sourceField, o.runtimeFields[0]!.name);
      assert.deepEqual(col.params!.orderBy, { type: 'column', columnId: 'metric_count' });
      assert.equal(col.params!.orderDirection, 'desc');
      assert.deepEqual(o.sort, [{ columnId: 'metric_count', direction: 'desc' }]);
      assertRealShape(o.layer!.columns);
    });

    it('Q5: raw events are KQL only (a saved search), no layer', () => {
      const r = lens(from(twistlockLogs).search('Process', 'violation').where('host', '=', 'cto-stable-ubuntu.c.cto-sandbox.internal').search('nc'));
      assert.deepEqual(r.output, {
        kql: 'event.dataset:"twistlock_logs" and message:"Process" and message:"violation" and host.name:"cto-stable-ubuntu.c.cto-sandbox.internal" and message:"nc"',
        roles: { groups: [], metrics: [] },
        sort: [],
        runtimeFields: [],
        variableFilters: [],
      });
      assert.equal(r.fidelity, 'exact');
    });
  });

  it('compiles the seed dashboard: seven panels, host variable as a control', () => {
    const results = seed.panels.map((p) => ('query' in p ? lens(p.query) : undefined));
    assert.deepEqual(
      results.map((r) => r?.output?.kql),
      [
        'message:"violation"',
        'message:"Network" and message:"violation"',
        'message:"Process" and message:"violation"',
        'message:"violation"',
        'message:"Denied"',
        'message:"violation"',
        'message:"Process" and message:"violation"',
      ],
    );
    for (const r of results) {
      assert.deepEqual(r!.output!.variableFilters, [{ variable: 'host', field: 'host.name', negate: false }]);
      assert.ok(r!.diagnostics.some((d) => d.code === 'lens.variable-control' && /every panel/.test(d.message)));
      assertRealShape(r!.output!.layer!.columns);
    }
    const layers = results.map((r) => r!.output!.layer!);
    assert.deepEqual(layers.map((l) => l.columnOrder), [
      ['bucket', 'metric_count'], ['bucket', 'metric_count'], ['bucket', 'metric_count'], ['bucket', 'metric_count'],
      ['group_user', 'metric_count'], ['group_violation_type', 'metric_count'], ['group_host', 'bucket', 'metric_count'],
    ]);
    assert.equal(layers[3]!.columns.bucket!.params!.interval, '24h', "timeslice('1d') is a fixed 24h interval");
    assert.deepEqual(results.map((r) => r!.output!.sort), [
      [{ columnId: 'bucket', direction: 'desc' }], [{ columnId: 'bucket', direction: 'desc' }], [{ columnId: 'bucket', direction: 'desc' }],
      [{ columnId: 'bucket', direction: 'asc' }], [{ columnId: 'group_user', direction: 'asc' }], [{ columnId: 'metric_count', direction: 'desc' }], [],
    ]);
    assert.equal(results[4]!.output!.runtimeFields[0]!.script, Q3_SCRIPT);
    assert.equal(results[5]!.output!.runtimeFields[0]!.script, Q4_SCRIPT);
    assert.deepEqual(results[6]!.output!.roles, { x: 'bucket', breakdown: 'group_host', groups: [], metrics: ['metric_count'] });
  });

  describe('filters', () => {
    it('prints fields, numbers, lists, negation and exists', () => {
      assert.equal(kql(from(app).where('host', '!=', 'web1').where('user', '=', 'root').where('status', '>=', 500).count()), 'not host.name:"web1" and user.name:"root" and http.response.status_code >= 500');
      assert.equal(kql(from(app).where('status', 'in', [500, 503]).count()), 'http.response.status_code:(500 or 503)');
      assert.equal(kql(from(app).where('user', 'in', ['a', 'b']).count()), 'user.name:("a" or "b")');
      assert.equal(kql(from(app).where('user', 'in', ['a']).count()), 'user.name:"a"');
      assert.equal(kql(from(app).where('user', 'exists').count()), 'user.name:*');
      assert.equal(kql(from(app).where('status', '=', 404).count()), 'http.response.status_code:404');
    });
    it('prints or/not with the parentheses KQL needs (not never takes another not)', () => {
      assert.equal(kql(from(app).or((w) => w.search('a'), (w) => w.search('b').search('c')).not((w) => w.search('debug')).count()), '(message:"a" or (message:"b" and message:"c")) and not message:"debug"');
      assert.equal(kql(from(app).not((w) => w.where('user', '!=', 'x')).count()), 'not (not user.name:"x")');
      assert.equal(kql(from(app).not((w) => w.where('user', '=', 'x').search('y')).count()), 'not (user.name:"x" and message:"y")');
    });
    it('prints wildcards unquoted, with * only from the pattern', () => {
      assert.equal(kql(from(app).where('host', 'wildcard', 'web-*').count()), 'host.name:web-*');
      assert.equal(kql(from(app).where('host', 'wildcard', 'a\\*b(c):*').count()), 'host.name:a\\*b\\(c\\)\\:*');
      assert.equal(kql(from(app).where('host', 'wildcard', 'plain').count()), 'host.name:"plain"');
      assert.equal(kql(from(app).where('host', 'wildcard', '*').count()), 'host.name:*');
      const r = lens(from(app).where('host', 'wildcard', '*cannot').count());
      assert.equal(r.output!.kql, 'host.name:*can\\u006eot');
      assert.ok(codes(r).includes('kql.leading-wildcard'));
    });
    it('phrases are quoted like terms', () => {
      assert.equal(kql(from(app).phrase('Process violation').count()), 'message:"Process violation"');
    });
  });

  describe('variables become controls, never KQL text', () => {
    const host = variable({ name: 'host', values: ['a', 'b'] });
    it('= and != at the top level (negated too)', () => {
      assert.deepEqual(out(from(app).where('host', '=', host).search('x').count()).variableFilters, [{ variable: 'host', field: 'host.name', negate: false }]);
      assert.equal(kql(from(app).where('host', '=', host).search('x').count()), 'message:"x"');
      assert.deepEqual(out(from(app).where('host', '!=', host).count()).variableFilters, [{ variable: 'host', field: 'host.name', negate: true }]);
      assert.deepEqual(out(from(app).not((w) => w.where('host', '=', host)).count()).variableFilters, [{ variable: 'host', field: 'host.name', negate: true }]);
      assert.equal(kql(from(app).where('host', '!=', host).count()), '');
    });
    it('on an extracted field the control uses the runtime field', () => {
      const o = out(from(app).parse('user=*;', ['who']).where('who', '=', host).count().by('who'));
      assert.equal(o.variableFilters[0]!.field, o.layer!.columns.group_who!.sourceField);
    });
    it('inside or, or as a search term: unsupported', () => {
      assert.equal(unsupportedCode(from(app).or((w) => w.where('host', '=', host), (w) => w.search('x')).count()), 'kql.variable-nested');
      assert.equal(unsupportedCode(from(app).search(host).count()), 'kql.variable-term');
    });
  });

  describe('text parsing as runtime fields', () => {
    it('names are deterministic, shared by identical parses and distinct for different ones', () => {
      const a = out(from(app).parse('user=* ', ['who']).count().by('who')).runtimeFields[0]!;
      const b = out(from(app).search('x').parse('user=* ', ['who']).count().by('who')).runtimeFields[0]!;
      const c = out(from(app).parse('name=* ', ['who']).count().by('who')).runtimeFields[0]!;
      assert.equal(a.name, b.name);
      assert.notEqual(a.name, c.name);
      assert.match(c.name, /^pd_[0-9a-f]{8}_who$/);
    });
    it('anchor parses run as grok: a leading capture from the start, %{ in a literal never a pattern reference', () => {
      assert.match(out(from(app).parse('* x', ['a']).count().by('a')).runtimeFields[0]!.script, /grok\('\(\?<a>\.\*\?\) x'\)/);
      const r = lens({ ...from(app).count().by('a').build(), extract: [{ kind: 'parse', parts: ['50%{x} ', { capture: 'a' }, ';'] }] });
      assert.match(r.output!.runtimeFields[0]!.script, /grok\('50\\\\x\{25\}\\\\\{x\\\\\} \(\?<a>\.\*\?\);'\)/);
      assert.equal(painlessString("it's", 'v'), String.raw`'it\'s'`);
      assert.equal(painlessString('a\\b"', 'v'), String.raw`'a\\b"'`);
      assert.equal(painlessString('a\nb', 'v'), "'a\nb'");
      assert.throws(() => painlessString('\udc00', 'v'), /lone surrogate/);
    });
    it('grok patterns', () => {
      assert.equal(grokPattern(anchorRegex(['50%{x} ', { capture: 'v' }])), '50\\x{25}\\{x\\} (?<v>.*)');
      assert.equal(grokPattern(parseRegex('^x[^$^]\\$%{2}$')), '\\Ax[^$\\^]\\$\\x{25}{2}\\z');
    });
  });

  describe('lexer', () => {
    it('tokens and decoded values', () => {
      const t = lexKql('a:"x\\"y\\n" and not (b:c\\:d* or n >= 5) or e:*');
      assert.deepEqual(t.map((x) => x.kind), ['literal', 'colon', 'string', 'keyword', 'keyword', 'lparen', 'literal', 'colon', 'literal', 'keyword', 'literal', 'range', 'literal', 'rparen', 'keyword', 'literal', 'colon', 'wildcard']);
      assert.equal(t[2]!.value, 'x"y\n');
      assert.deepEqual(t[8]!.glob, ['c:d', { wildcard: '*' }]);
    });
    it('follows the grammar where it surprises: \\n before the keyword escape, not ends a literal', () => {
      assert.deepEqual(lexKql('f:x\\not*')[2]!.glob, ['x\not', { wildcard: '*' }]);
      assert.deepEqual(lexKql('f:x\\u006eot*')[2]!.glob, ['xnot', { wildcard: '*' }]);
      assert.deepEqual(lexKql('f:\\n\\u00a0x*')[2]!.glob, ['x', { wildcard: '*' }], 'unquoted values are trimmed after decoding');
      assert.deepEqual(lexKql('f:*cannot and g:y').map((x) => x.text), ['f', ':', '*can', 'not', 'and', 'g', ':', 'y']);
      assert.throws(() => lexKql('f:a\\ b'), /invalid escape/);
    });
  });

  describe('injection: a value never changes the structure of the query', () => {
    const sameKinds = ['string'];
    const contexts: { name: string; print: (v: string) => QueryBuilder }[] = [
      { name: 'search term', print: (v) => from(app).search(v).count() },
      { name: 'phrase', print: (v) => from(app).phrase(v).count() },
      { name: 'field value', print: (v) => from(app).where('user', '!=', v).count() },
      { name: 'list value', print: (v) => from(app).where('user', 'in', [v, 'z']).count() },
    ];
    for (const c of contexts) {
      it(`${c.name}: hostile corpus and generated values`, () => {
        const benign = lexKql(kql(c.print('benign')));
        const check = (v: string): void => {
          let query;
          try {
            query = c.print(v);
          } catch (e) {
            assert.match(v, /^\s*$/, `${c.name}: the builder refused ${JSON.stringify(v)}: ${(e as Error).message}`);
            return;
          }
          const r = lens(query);
          if (r.fidelity === 'unsupported') {
            assert.equal(r.diagnostics[0]!.code, 'kql.invalid-unicode', `${c.name} ${JSON.stringify(v)}`);
            assert.match(v, /[\ud800-\udfff]/);
            return;
          }
          assertSingleLiteral(lexKql(r.output!.kql), benign, sameKinds, (t) => t.value === v, `${c.name} ${JSON.stringify(v).slice(0, 60)}`);
        };
        for (const v of HOSTILE) check(v);
        fc.assert(fc.property(hostileValue(), (v) => check(v)), { numRuns: runs(1500) });
      });
    }

    it('wildcard literal part: one literal whose text is the value, * only from the pattern', () => {
      const escape = (v: string): string => `${v.replace(/[\\*]/g, '\\$&')}*`;
      const benign = lexKql(kql(from(app).where('user', 'wildcard', 'benign*').count()));
      const check = (v: string): void => {
        if (v === '') return; // a lone * is an existence test, another construct
        const r = lens(from(app).where('user', 'wildcard', escape(v)).count());
        if (r.fidelity === 'unsupported') {
          const code = r.diagnostics[0]!.code;
          const expected = /[\ud800-\udfff]/.test(v.replace(/[\ud800-\udbff][\udc00-\udfff]/g, '')) ? 'kql.invalid-unicode'
            : /[ \t\n\r\u3000]/.test(v) || /^\s/.test(v) ? 'kql.glob-whitespace'
            : 'kql.glob-wildcard-marker';
          assert.equal(code, expected, `${JSON.stringify(v)}: ${r.diagnostics[0]!.message}`);
          return;
        }
        const isValue = (t: Lexed): boolean => JSON.stringify((t as KqlToken).glob) === JSON.stringify([v, { wildcard: '*' }]);
        assertSingleLiteral(lexKql(r.output!.kql), benign, ['literal'], isValue, `wildcard ${JSON.stringify(v).slice(0, 60)}`);
      };
      for (const v of HOSTILE) check(v);
      fc.assert(fc.property(hostileValue(), (v) => check(v)), { numRuns: runs(2000) });
    });

    /** The script with its string literals replaced by placeholders, and the literals. */
    const skeleton = (script: string) => {
      const literals = painlessStringLiterals(script);
      let code = script;
      for (const l of literals) code = code.replace(l.text, '<str>');
      return { code, values: literals.map((l) => l.value) };
    };
    /** A printed grok regex as a JavaScript regex (same escapes, `\A`/`\z` anchors). */
    const grokAsJs = (printed: string): RegExp =>
      new RegExp(`^${printed.replace(/\\(x\{[0-9a-f]+\}|[^])/gu, (e, c: string) => (c === 'A' ? '^' : c === 'z' ? '$' : c.startsWith('x{') ? `\\u${c.slice(1)}` : e))}$`, 'u');
    const lone = (v: string): boolean => /[\ud800-\udfff]/.test(v.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''));

    it('anchor literal text inside the Painless script: the string decodes to the pattern, whose literal is the value', () => {
      const query = (parts: AnchorPart[]): Query => ({ ...from(app).count().by('rest').build(), extract: [{ kind: 'parse', parts }] });
      const benign = skeleton(out(query(['benign', { capture: 'rest' }])).runtimeFields[0]!.script);
      const check = (v: string): void => {
        if (v === '') return;
        const r = lens(query([v, { capture: 'rest' }]));
        if (r.fidelity === 'unsupported') {
          assert.equal(r.diagnostics[0]!.code, 'painless.invalid-unicode');
          assert.ok(lone(v));
          return;
        }
        assert.equal(r.output!.runtimeFields.length, 1);
        const script = r.output!.runtimeFields[0]!.script;
        const { code, values } = skeleton(script);
        assert.equal(code, benign.code, `${JSON.stringify(v)}: the code around the literals changed`);
        assert.equal(values.length, 3);
        assert.equal(values[0], 'message');
        assert.equal(values[2], 'rest');
        assert.ok(!values[1]!.includes('%'), 'no % reaches grok');
        const lit = values[1]!.slice(0, values[1]!.indexOf('(?<rest>'));
        assert.ok(grokAsJs(lit).test(v), `${JSON.stringify(v)} -> ${lit}`);
      };
      for (const v of HOSTILE) check(v);
      fc.assert(fc.property(hostileValue(), (v) => check(v)), { numRuns: runs(1500) });
    });

    it('regex literal text inside the Painless script: grok matches exactly the value', () => {
      const regexOf = (v: string): RegexNode => ({ kind: 'seq', items: [literal(v), { kind: 'group', capture: 'rest', item: { kind: 'repeat', item: { kind: 'any' }, min: 0, lazy: false } }] });
      const query = (v: string): Query => ({ ...from(app).count().by('rest').build(), extract: [{ kind: 'parseRegex', regex: regexOf(v), source: '', captures: ['rest'] }] });
      const benign = skeleton(out(query('benign')).runtimeFields[0]!.script);
      const check = (v: string): void => {
        const r = lens(query(v));
        if (r.fidelity === 'unsupported') {
          assert.equal(r.diagnostics[0]!.code, 'painless.invalid-unicode');
          assert.ok(lone(v));
          return;
        }
        const { code, values } = skeleton(r.output!.runtimeFields[0]!.script);
        assert.equal(code, benign.code);
        assert.equal(values[1], grokPattern(regexOf(v)));
        assert.ok(!/%\{/.test(values[1]!));
        const lit = values[1]!.slice(0, values[1]!.indexOf('(?<rest>'));
        assert.ok(grokAsJs(lit).test(v), `${JSON.stringify(v)} -> ${lit}`);
      };
      for (const v of HOSTILE) check(v);
      fc.assert(fc.property(hostileValue(), (v) => check(v)), { numRuns: runs(1500) });
    });
  });
});
