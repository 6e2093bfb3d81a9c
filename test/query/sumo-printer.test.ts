import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileQuery, defineSource, from, variable } from '../../src/index.js';
import type { Query } from '../../src/query/nodes.js';
import { lexSumo } from '../../src/query/printers/sumo-lexer.js';
import { app } from '../helpers/sources.js';
import { assertSingleLiteral, HOSTILE, hostileValue, runs } from '../helpers/injection.js';

const sumo = (q: Parameters<typeof compileQuery>[0]) => compileQuery(q, 'sumologic');
const text = (q: Parameters<typeof compileQuery>[0]): string => {
  const r = sumo(q);
  assert.notEqual(r.fidelity, 'unsupported', JSON.stringify(r.diagnostics));
  return r.output as string;
};

const twistlockLogs = defineSource({
  id: 'twistlock',
  sumologic: { sourceCategory: 'twistlock_logs' },
  fields: { host: { sumologic: '_sourceHost' } },
});

describe('Sumo Logic printer', () => {
  describe('the five reference queries (query-languages.md §5.2)', () => {
    it('Q1: terms, 5m buckets, count by bucket and host, transpose', () => {
      assert.equal(
        text(from(twistlockLogs).search('Process', 'violation').timeslice('5m').count('count').by('host').transpose('timeslice', 'host')),
        '_sourceCategory="twistlock_logs" "Process" "violation" | timeslice 5m | count as count by _timeslice, _sourceHost | transpose row _timeslice column _sourceHost',
      );
    });
    it('Q2: 24h buckets sorted newest first', () => {
      assert.equal(
        text(from(twistlockLogs).search('violation').timeslice('24h').count().orderBy('timeslice', 'desc')),
        '_sourceCategory="twistlock_logs" "violation" | timeslice 24h | count as count by _timeslice | sort by _timeslice desc',
      );
    });
    it('Q3: anchor parse, count by user, sort by user', () => {
      assert.equal(
        text(from(twistlockLogs).search('Denied').parse("The command * * for user * by rule *'", ['command', 'action', 'user', 'rulename']).count().by('user').orderBy('user', 'asc')),
        `_sourceCategory="twistlock_logs" "Denied" | parse "The command * * for user * by rule *'" as command, action, user, rulename | count as count by user | sort by user asc`,
      );
    });
    it('Q4: anchor parse, count by type, sort by count', () => {
      assert.equal(
        text(from(twistlockLogs).search('violation').parse('.go:* * violation ', ['linenumber', 'violation_type']).count().by('violation_type').orderBy('count', 'desc')),
        '_sourceCategory="twistlock_logs" "violation" | parse ".go:* * violation " as linenumber, violation_type | count as count by violation_type | sort by count desc',
      );
    });
    it('Q5: terms and a host in the scope, raw events', () => {
      assert.equal(
        text(from(twistlockLogs).search('Process', 'violation').where('host', '=', 'cto-stable-ubuntu.c.cto-sandbox.internal').search('nc')),
        '_sourceCategory="twistlock_logs" "Process" "violation" _sourceHost="cto-stable-ubuntu.c.cto-sandbox.internal" "nc"',
      );
    });
  });

  describe('filters', () => {
    it('puts metadata filters in the scope and other fields in where', () => {
      assert.equal(
        text(from(app).where('host', '!=', 'web1').where('user', '=', 'root').where('status', '>=', 500)),
        '_sourceCategory="prod/app" NOT _sourceHost="web1" | where user = "root" and num(status) >= 500',
      );
    });
    it('prints or/not with the parentheses precedence needs', () => {
      assert.equal(
        text(from(app).or((w) => w.search('a'), (w) => w.search('b').search('c')).not((w) => w.search('debug'))),
        '_sourceCategory="prod/app" ("a" OR ("b" AND "c")) NOT "debug"',
      );
      assert.equal(
        text(from(app).or((w) => w.where('user', '=', 'a'), (w) => w.where('user', 'in', ['b', 'c']))),
        '_sourceCategory="prod/app" | where user = "a" or user in ("b", "c")',
      );
    });
    it('prints wildcards bare in the scope, with matches in where, and as a regex when a literal * is needed', () => {
      assert.equal(text(from(app).where('host', 'wildcard', 'web-*')), '_sourceCategory="prod/app" _sourceHost=web-*');
      assert.equal(text(from(app).where('user', 'wildcard', 'adm*')), '_sourceCategory="prod/app" | where user matches "adm*"');
      assert.equal(text(from(app).where('user', 'wildcard', 'a\\*b*')), '_sourceCategory="prod/app" | where user matches /^a\\*b.*$/');
    });
    it('uses num() for numeric comparisons and isNull for exists', () => {
      assert.equal(text(from(app).where('status', 'in', [500, 503])), '_sourceCategory="prod/app" | where (num(status) = 500 or num(status) = 503)');
      assert.equal(text(from(app).where('user', 'exists')), '_sourceCategory="prod/app" | where !isNull(user)');
    });
    it('places variables inside quotes: matches "{{host}}" so that All (*) works', () => {
      const host = variable({ name: 'host', values: ['a', 'b'] });
      assert.equal(text(from(app).where('host', '=', host)), '_sourceCategory="prod/app" | where _sourceHost matches "{{host}}"');
      assert.equal(text(from(app).where('host', '!=', host)), '_sourceCategory="prod/app" | where !(_sourceHost matches "{{host}}")');
    });
    it('searches keywords holding * or ? as a substring and says so', () => {
      const r = sumo(from(app).search('a*b'));
      assert.equal(r.output, '_sourceCategory="prod/app" | where contains(_raw, "a*b")');
      assert.equal(r.fidelity, 'approximate');
      assert.match(r.diagnostics[0]!.message, /case-sensitive substring/);
    });
  });

  describe('extraction and aggregation', () => {
    it('prints parse regex with hex escapes for quotes and backslashes', () => {
      assert.equal(
        text(from(app).parseRegex('path="(?<path>[^"\\\\]+)"')),
        '_sourceCategory="prod/app" | parse regex "path=\\x22(?<path>[^\\x22\\x5c]+)\\x22"',
      );
    });
    it('falls back to parse regex when an anchor holds a backslash', () => {
      const q: Query = { ...from(app).build(), extract: [{ kind: 'parse', parts: ['C:\\dir ', { capture: 'file' }, ' end'] }] };
      const r = sumo(q);
      assert.equal(r.output, '_sourceCategory="prod/app" | parse regex "C:\\x5cdir (?<file>.*?) end"');
      assert.equal(r.fidelity, 'exact');
    });
    it('prints json paths with brackets for keys that are not plain names', () => {
      assert.equal(
        text(from(app).json({ pod: ['kubernetes', 'pod.name'], first: 'items[0]' }).count().by('pod')),
        `_sourceCategory="prod/app" | json "kubernetes['pod.name']", "items[0]" as pod, first | count as count by pod`,
      );
    });
    it('prints every measure, and flags the estimated ones', () => {
      const r = sumo(from(app).count('n').countDistinct('user').sum('status').avg('status').min('status').max('status').percentile('status', 95).by('host').orderBy('n', 'desc').limit(10));
      assert.equal(
        r.output,
        '_sourceCategory="prod/app" | count as n, count_distinct(user) as distinct_user, sum(status) as sum_status, avg(status) as avg_status, min(status) as min_status, max(status) as max_status, pct(status, 95) as p95_status by _sourceHost | sort by n desc | limit 10',
      );
      assert.equal(r.fidelity, 'approximate');
      assert.deepEqual(r.diagnostics.map((d) => d.code).sort(), ['sumo.count-distinct', 'sumo.percentile']);
    });
  });

  describe('unsupported constructs give a typed diagnostic, never a wrong query', () => {
    it('a field with no Sumo name', () => {
      const s = defineSource({ id: 'x', sumologic: { sourceCategory: 'x' }, fields: { host: { splunk: 'host' } } });
      const r = sumo(from(s).where('host', '=', 'a'));
      assert.equal(r.fidelity, 'unsupported');
      assert.equal(r.output, undefined);
      assert.equal(r.diagnostics[0]!.code, 'mapping.unmapped-field');
    });
    it('a source with no Sumo binding', () => {
      const s = defineSource({ id: 'y', splunk: { index: 'y' }, fields: {} });
      assert.equal(sumo(from(s).count()).diagnostics[0]!.code, 'sumo.no-binding');
    });
    it('a value holding {{, which Sumo would substitute', () => {
      const r = sumo(from(app).search('{{host}}'));
      assert.equal(r.fidelity, 'unsupported');
      assert.equal(r.diagnostics[0]!.code, 'sumo.template-collision');
    });
    it('a raw query without a Sumo entry', () => {
      assert.equal(sumo({ kind: 'raw', queries: { splunk: 'index=x' } }).diagnostics[0]!.code, 'raw.missing');
    });
  });

  describe('injection: a value never changes the structure of the query', () => {
    const contexts: { name: string; print: (v: string) => Parameters<typeof compileQuery>[0]; kinds: string[]; decode: (v: string) => string }[] = [
      { name: 'search term', print: (v) => from(app).search(v).count(), kinds: ['string'], decode: (v) => (/[*?]/.test(v) ? v : v.replace(/[\t\n\r ]+/g, ' ')) },
      { name: 'phrase', print: (v) => from(app).phrase(v).count(), kinds: ['string'], decode: (v) => (/[*?]/.test(v) ? v : v.replace(/[\t\n\r ]+/g, ' ')) },
      { name: 'metadata value', print: (v) => from(app).where('host', '=', v).count(), kinds: ['string'], decode: (v) => v },
      { name: 'field value', print: (v) => from(app).where('user', '!=', v).count(), kinds: ['string'], decode: (v) => v },
      { name: 'list value', print: (v) => from(app).where('user', 'in', [v, 'z']).count(), kinds: ['string'], decode: (v) => v },
    ];
    const shapeOf = (v: string): string => (/[*?]/.test(v) ? 'wild' : 'plain');
    for (const c of contexts) {
      it(`${c.name}: hostile corpus and generated values`, () => {
        const benign = { plain: 'benign', wild: 'ben*ign' };
        const check = (v: string): void => {
          let query;
          try {
            query = c.print(v);
          } catch (e) {
            assert.match(v, /^\s*$/, `${c.name}: the builder refused ${JSON.stringify(v)}: ${(e as Error).message}`);
            return;
          }
          const r = compileQuery(query, 'sumologic');
          if (r.fidelity === 'unsupported') {
            // only for what no Sumo string can hold
            assert.ok(/\{\{|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\ud800-\udfff]/.test(v) || (/[\n\r\t]/.test(v) && (!/term|phrase/.test(c.name) || /[*?]/.test(v))), `${c.name} ${JSON.stringify(v)}: ${JSON.stringify(r.diagnostics)}`);
            return;
          }
          const b = compileQuery(c.print(benign[shapeOf(v) as 'plain' | 'wild']), 'sumologic');
          assertSingleLiteral(lexSumo(r.output as string), lexSumo(b.output as string), c.kinds, (t) => t.value === c.decode(v), `${c.name} ${JSON.stringify(v).slice(0, 60)}`);
        };
        for (const v of HOSTILE) check(v);
        fc.assert(fc.property(hostileValue(), (v) => check(v)), { numRuns: runs(2000) });
      });
    }

    it('regex literal text: the printed regex matches exactly the literal', () => {
      const toJs = (printed: string): RegExp => new RegExp(`^${printed.replace(/\\x\{([0-9a-f]+)\}/g, '\\u{$1}')}$`, 'u');
      const check = (v: string): void => {
        if (/[\ud800-\udfff]/.test(v.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))) return; // lone surrogates are not text
        const q: Query = { ...from(app).build(), extract: [{ kind: 'parse', parts: [`${v}\\`, { capture: 'rest' }] }] };
        const r = compileQuery(q, 'sumologic');
        if (r.fidelity === 'unsupported') {
          assert.match(v, /\{\{/);
          return;
        }
        const tokens = lexSumo(r.output as string);
        const pattern = tokens.find((t) => t.kind === 'string' && t.value!.includes('(?<rest>'))!;
        assert.ok(pattern, r.output as string);
        assert.equal(tokens.filter((t) => t.kind === 'comment' || t.kind === 'template').length, 0);
        const literalPart = pattern.value!.slice(0, pattern.value!.indexOf('(?<rest>'));
        assert.ok(toJs(literalPart).test(`${v}\\`), `${JSON.stringify(v)} -> ${literalPart}`);
        assert.ok(!literalPart.includes('"') && !/\\\\/.test(literalPart), 'no quote or escaped backslash reaches the string layer');
      };
      for (const v of HOSTILE) check(v);
      fc.assert(fc.property(hostileValue(), (v) => check(v)), { numRuns: runs(2000) });
    });
  });
});
