import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import seed from '../../dashboards/twistlock-overview.js';
import { from, raw } from '../../src/index.js';
import { chooseKibanaForm } from '../../src/query/kibana-form.js';
import type { PanelQuery } from '../../src/query/nodes.js';
import { app } from '../helpers/sources.js';

describe('choosing the Kibana form per panel', () => {
  it('uses Lens for plain aggregations and ES|QL for queries that parse text (the seed dashboard)', () => {
    const choices = seed.panels.flatMap((p) => ('query' in p ? [chooseKibanaForm(p.query as PanelQuery)] : []));
    assert.deepEqual(choices.map((c) => c.form), ['lens', 'lens', 'lens', 'lens', 'esql', 'esql', 'lens']);
    assert.match(choices[4]!.reason, /parses text/);
    assert.equal(choices[4]!.compiled.language, 'esql');
    assert.equal(choices[0]!.compiled.language, 'kibana-lens');
  });

  it('honours a forced form and says so', () => {
    const c = chooseKibanaForm(from(app).parse('u=* ', ['who']).count().by('who').build(), 'lens');
    assert.equal(c.form, 'lens');
    assert.equal(c.reason, "the panel sets kibana.form: 'lens'");
    assert.equal(c.compiled.fidelity, 'exact');
  });

  it('takes the other form when the preferred one is less faithful', () => {
    // ES|QL is preferred for parsing, so test the reverse: a plain query Lens cannot show.
    const bad = from(app).count().by('host').orderBy('host', 'desc').orderBy('count', 'asc').build();
    // Lens orders terms by one key only; ES|QL sorts by both.
    assert.equal(chooseKibanaForm(bad, 'lens').compiled.fidelity, 'approximate');
    const choice = chooseKibanaForm(bad);
    assert.equal(choice.form, 'esql');
    assert.equal(choice.reason, 'ES|QL is exact for this query where Lens is approximate');
  });

  it('keeps ES|QL for parsing when Lens cannot parse at all', () => {
    // A Lens runtime field cannot parse another runtime field; ES|QL can GROK a GROK capture.
    const q = from(app).parse('user=* ', ['who']).parse('*@*', ['name', 'domain'], { field: 'who' }).count().by('domain').build();
    const c = chooseKibanaForm(q, undefined);
    assert.equal(chooseKibanaForm(q, 'lens').compiled.fidelity, 'unsupported');
    assert.notEqual(c.compiled.fidelity, 'unsupported');
    assert.equal(c.form, 'esql');
    assert.equal(chooseKibanaForm(q).compiled.fidelity, 'exact');
  });

  it('uses the esql entry of a raw query when there is one', () => {
    assert.equal(chooseKibanaForm(raw({ esql: 'FROM x | STATS c = COUNT(*)' })).form, 'esql');
    const kqlOnly = chooseKibanaForm(raw({ kql: 'message:"x"', splunk: 'index=x' }));
    assert.deepEqual([kqlOnly.form, kqlOnly.compiled.output], ['lens', 'message:"x"']);
  });
});
