import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { markdownToHtml } from '../../src/render/markdown.js';

describe('markdown to safe HTML', () => {
  it('renders headings, paragraphs, lists, quotes, rules, code, emphasis and links', () => {
    const md = [
      '# Runbook',
      'First line',
      'second *line* with **bold** and `code`',
      '',
      '- one',
      '- [two](https://example.com/a?b=1&c=2)',
      '1. first',
      '> quoted',
      '---',
      '```',
      '<b>raw</b>',
      '```',
    ].join('\n');
    assert.equal(
      markdownToHtml(md),
      [
        '<h1>Runbook</h1>',
        '<p>First line<br/>second <em>line</em> with <strong>bold</strong> and <code>code</code></p>',
        '<ul><li>one</li><li><a href="https://example.com/a?b=1&amp;c=2">two</a></li></ul>',
        '<ol><li>first</li></ol>',
        '<blockquote>quoted</blockquote>',
        '<hr/>',
        '<pre><code>&lt;b&gt;raw&lt;/b&gt;</code></pre>',
      ].join('\n'),
    );
  });

  it('shows raw HTML as text and drops unsafe link targets', () => {
    assert.equal(markdownToHtml('<script>alert(1)</script> & "x"'), '<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;</p>');
    assert.equal(markdownToHtml('[click](javascript:alert(1))'), '<p>click)</p>');
    assert.equal(markdownToHtml('[click](JavaScript:alert)'), '<p>click</p>');
    assert.equal(markdownToHtml('[img](data:text/html,x)'), '<p>img</p>');
    assert.equal(markdownToHtml('[rel](/app/search/x)'), '<p><a href="/app/search/x">rel</a></p>');
  });

  it('never lets a character of the input become markup', () => {
    for (const s of ['"><img src=x onerror=1>', "' onmouseover='x", '</p><p>', '&lt;', ']]>']) {
      const html = markdownToHtml(s);
      assert.doesNotMatch(html.replace(/<\/?(p|br\/)>/g, ''), /[<>]/, html);
    }
  });
});
