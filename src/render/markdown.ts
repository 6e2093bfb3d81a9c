// Markdown to safe HTML, for products that show HTML rather than markdown (Splunk <html>
// panels, the local preview). A deliberately small subset: headings, paragraphs, lists,
// block quotes, fenced code, rules, emphasis, inline code and links. Every character of the
// source is escaped; raw HTML in the markdown is shown as text; links are limited to
// http(s), mailto and relative addresses.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function safeHref(url: string): string | undefined {
  const u = url.trim();
  if (/^(https?:|mailto:)/i.test(u) || /^[/#?]/.test(u) || /^[\w.-]+(\/|$)/.test(u)) {
    if (/^[\w.-]+:/.test(u) && !/^(https?|mailto):/i.test(u)) return undefined;
    return u;
  }
  return undefined;
}

/** Inline markup on one line of text. */
function inline(text: string): string {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const code = /^`([^`]+)`/.exec(rest);
    if (code) {
      out.push(`<code>${escapeHtml(code[1]!)}</code>`);
      i += code[0].length;
      continue;
    }
    const link = /^\[([^\]]+)\]\(([^)\s]+)\)/.exec(rest);
    if (link) {
      const href = safeHref(link[2]!);
      out.push(href ? `<a href="${escapeHtml(href)}">${inline(link[1]!)}</a>` : inline(link[1]!));
      i += link[0].length;
      continue;
    }
    const strong = /^(\*\*|__)(?=\S)(.+?)(?<=\S)\1/.exec(rest);
    if (strong) {
      out.push(`<strong>${inline(strong[2]!)}</strong>`);
      i += strong[0].length;
      continue;
    }
    const em = /^(\*|_)(?=\S)(.+?)(?<=\S)\1/.exec(rest);
    if (em) {
      out.push(`<em>${inline(em[2]!)}</em>`);
      i += em[0].length;
      continue;
    }
    out.push(escapeHtml(text[i]!));
    i++;
  }
  return out.join('');
}

export function markdownToHtml(markdown: string): string {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const html: string[] = [];
  let paragraph: string[] = [];
  let list: { tag: 'ul' | 'ol'; items: string[] } | undefined;
  const flushParagraph = (): void => {
    if (paragraph.length) html.push(`<p>${paragraph.map(inline).join('<br/>')}</p>`);
    paragraph = [];
  };
  const flushList = (): void => {
    if (list) html.push(`<${list.tag}>${list.items.map((i) => `<li>${inline(i)}</li>`).join('')}</${list.tag}>`);
    list = undefined;
  };
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    if (/^\s*```/.test(line)) {
      flushParagraph();
      flushList();
      const body: string[] = [];
      for (n++; n < lines.length && !/^\s*```/.test(lines[n]!); n++) body.push(lines[n]!);
      html.push(`<pre><code>${escapeHtml(body.join('\n'))}</code></pre>`);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    if (heading) {
      flushParagraph();
      flushList();
      html.push(`<h${heading[1]!.length}>${inline(heading[2]!)}</h${heading[1]!.length}>`);
    } else if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      flushParagraph();
      flushList();
      html.push('<hr/>');
    } else if (bullet || numbered) {
      flushParagraph();
      const tag = bullet ? 'ul' : 'ol';
      if (list && list.tag !== tag) flushList();
      list ??= { tag, items: [] };
      list.items.push((bullet ?? numbered)![1]!);
    } else if (/^\s*>/.test(line)) {
      flushParagraph();
      flushList();
      html.push(`<blockquote>${inline(line.replace(/^\s*>\s?/, ''))}</blockquote>`);
    } else if (line.trim() === '') {
      flushParagraph();
      flushList();
    } else {
      flushList();
      paragraph.push(line.trim());
    }
  }
  flushParagraph();
  flushList();
  return html.join('\n');
}
