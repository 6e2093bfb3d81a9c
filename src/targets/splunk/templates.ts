// The handlebars environment for Splunk XML. Every value goes through a helper: `xml` escapes
// element text (& < >), `attr` attribute values (& < > " '); both refuse characters that XML
// 1.0 cannot carry.

import { readFileSync } from 'node:fs';
import Handlebars from './handlebars.vendor.js';

const TEMPLATE_DIR = new URL('../../../templates/splunk/', import.meta.url);
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function checked(value: unknown): string {
  const text = String(value ?? '');
  if (NOT_XML.test(text)) throw new Error(`a value holds a character XML cannot carry: ${JSON.stringify(text.slice(0, 80))}`);
  return text;
}

/** Element text: `>` is escaped too, so `]]>` can never appear. */
export function xmlText(value: unknown): string {
  return checked(value).replace(/[&<>]/g, (c) => ENTITIES[c]!);
}

export function xmlAttr(value: unknown): string {
  return checked(value).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

let env: typeof Handlebars | undefined;

function environment(): typeof Handlebars {
  if (env) return env;
  env = Handlebars.create();
  env.registerHelper('xml', (v: unknown) => new Handlebars.SafeString(xmlText(v)));
  env.registerHelper('attr', (v: unknown) => new Handlebars.SafeString(xmlAttr(v)));
  env.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  for (const partial of ['input', 'panel']) env.registerPartial(partial, readFileSync(new URL(`${partial}.hbs`, TEMPLATE_DIR), 'utf8'));
  return env;
}

const compiled = new Map<string, HandlebarsTemplateDelegate>();

export function renderTemplate(name: string, view: object): string {
  let t = compiled.get(name);
  if (!t) {
    t = environment().compile(readFileSync(new URL(`${name}.hbs`, TEMPLATE_DIR), 'utf8'), { strict: true, noEscape: false });
    compiled.set(name, t);
  }
  return t(view);
}
