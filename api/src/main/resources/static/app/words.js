// Kith onboarding app: profile objects and applications in plain words for the consent pages: a schema's title and
// its fields' titles (from the schema, else the field name made readable), values as a person writes them.
import { h, api } from './ui.js';
import { t, formatDate } from './i18n.js';

const schemas = new Map();
const DAY = { dateStyle: 'medium', timeZone: 'UTC' };

/** A schema by its full name (ss_NZ_Person), expanded; null if the caller may not read it. Fetched once a page. */
export function schema(name) {
  if (!schemas.has(name)) {
    const [type, ...rest] = String(name).split('_');
    schemas.set(name, api('GET', `/v1/db/schemas/${encodeURIComponent(type)}/${encodeURIComponent(rest.join('_'))}`
      + '?expand=true').then(s => s.schema || null, () => null));
  }
  return schemas.get(name);
}

/** "given_names" → "Given names": a field's name made readable when its schema gives no title. */
export function readable(key) {
  const words = String(key).replace(/^(ss|us|ps)_/, '').replace(/[_-]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2')
    .trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** What a kind of data is called: the schema's title, else its name made readable (never the raw ss_ name). */
export async function kindOf(name) {
  const s = await schema(name);
  return (s && typeof s.title === 'string' && s.title) || readable(name);
}

function value(v, spec) {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'boolean') return v ? t('consent.yes') : t('consent.no');
  // a calendar date (no time, no zone) is the same day everywhere: read and written as UTC
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return formatDate(v, DAY);
  if (Array.isArray(v)) return v.map(x => value(x, spec && spec.items)).filter(Boolean).join(', ') || null;
  if (typeof v === 'object') return Object.values(v).map(x => value(x)).filter(Boolean).join(', ') || null;
  if (typeof v === 'string' && v.length > 200) return t('consent.long_value', { count: v.length });
  return String(v);
}

/**
 * An object in plain words: {kind, name, fields: [[title, value]]} — what the person would read aloud, in the
 * schema's order; documents and pictures are named, not shown.
 */
export async function describe(o) {
  const name = o.schema || (o.labels && o.labels[0]) || '';
  const s = await schema(name);
  const props = (s && s.properties) || {};
  const p = o.properties || {};
  const keys = [...Object.keys(props).filter(k => k in p), ...Object.keys(p).filter(k => !(k in props))];
  const fields = [];
  for (const k of keys) {
    const spec = props[k] || {};
    const shown = value(p[k], spec);
    if (shown !== null) fields.push([(typeof spec.title === 'string' && spec.title) || readable(k), shown]);
  }
  const person = [p.given_names, p.family_name].filter(v => typeof v === 'string' && v).join(' ');
  const place = [p.street1, p.city].filter(v => typeof v === 'string' && v).join(', ');
  return { kind: (s && s.title) || readable(name), name: person || place || (typeof p.name === 'string' ? p.name : ''),
    fields };
}

/** "Your details: Aroha Ngata" */
export function headline(d) {
  return d.name ? `${d.kind}: ${d.name}` : d.kind;
}

/** The fields as a description list, e.g. Given names — Aroha. */
export function fieldList(d) {
  if (!d.fields.length) return h('p', { class: 'muted' }, t('consent.no_details'));
  return h('dl', { class: 'fields' }, d.fields.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

/** An application as a person knows it: "Harbour Bank (Harbour Holdings)". */
export function appTitle(label) {
  if (!label) return t('consent.app_gone');
  return label.organisation ? t('consent.app_of_org', { app: label.name, org: label.organisation }) : label.name;
}
