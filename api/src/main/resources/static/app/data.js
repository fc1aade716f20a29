// Kith onboarding app: the person's own data. The list names each object in plain words (the schema's title, a
// summary of its values, dates in the person's locale) with Edit, Delete (after a confirmation) and "Shared with";
// Add offers only the schemas a person may write (the API's writer "person") and asks one question per page; the
// forms come from the schema (schema-form.js). Saving sends one request per intent, however often Save is pressed.
import { h, api, page, href, go } from './ui.js';
import { t, formatDate } from './i18n.js';
import { showErrors, confirmAction, plain } from './forms.js';
import { schemaForm, enumTitle } from './schema-form.js';
import { scanView } from './scan.js';

let schemaCache = null;
let flash = null;

/** Every current schema by full name, refs resolved (loaded once per page load, again after an unknown name). */
export async function loadSchemas(refresh = false) {
  if (!schemaCache || refresh) {
    const list = (await api('GET', '/v1/db/schemas?schema_type=all&version_current=true&expand=true')).schemas;
    schemaCache = Object.fromEntries(list.map(s => [s.name, s]));
  }
  return schemaCache;
}

/** A message for the next page of the list (kept here, so a change of page does not lose it). */
export function notice(text) {
  flash = text;
}

export async function myObjects() {
  const [result] = await Promise.all([
    api('POST', '/v1/db/profile-objects/read', { permissions: ['IS_OWNER'], limit: 1000 }),
    loadSchemas().catch(() => null),
  ]);
  return result.profile_objects || [];
}

export function schemaOf(o) {
  return o.schema || (o.labels && o.labels[0]) || '';
}

/** The schema's title in plain words (never its internal name, unless it has no title). */
export function schemaTitle(name) {
  const s = schemaCache && schemaCache[name];
  return (s && s.schema && s.schema.title) || String(name).replace(/^(ss|us|ps)_/, '').replaceAll('_', ' ');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A short account of an object's values: names first, then a few others, dates in the person's locale. */
export function describe(o) {
  const schema = (schemaCache && schemaCache[schemaOf(o)] && schemaCache[schemaOf(o)].schema) || {};
  const specs = schema.properties || {};
  const p = o.properties || {};
  const parts = [];
  const name = [p.given_names, p.family_name].filter(Boolean).join(' ');
  if (name) parts.push(name);
  for (const [key, value] of Object.entries(p)) {
    if (parts.length >= 3) break;
    if (key === 'given_names' || key === 'family_name' || value === null || typeof value === 'object') continue;
    const spec = specs[key] || {};
    if (spec.readOnly) continue;
    let text = String(value);
    if (UUID.test(text) || (text.length > 40 && !/\s/.test(text))) continue;
    if (spec.format === 'date' || spec.format === 'date-time') text = formatDate(text);
    else if (spec.enum) text = enumTitle(spec, value);
    else if (typeof value === 'boolean') {
      text = (spec.title || key) + ': ' + t(value ? 'data.form.yes' : 'data.form.no');
    }
    else if (schemaCache && schemaCache[text]) text = schemaTitle(text);
    parts.push(spec.format === 'date' && spec.title ? `${spec.title} ${text}` : text);
  }
  return parts.join(' · ');
}

/** The object in one line of plain words: "Passport — Anna Maria Smith · Date of birth 12 Aug 1974". */
export function summary(o) {
  const words = describe(o);
  return schemaTitle(schemaOf(o)) + (words ? ' — ' + words : '');
}

function writable(name) {
  const s = schemaCache && schemaCache[name];
  return !!s && s.writer !== 'system';
}

function objectItem(o, list) {
  const title = schemaTitle(schemaOf(o));
  const hidden = text => h('span', { class: 'visually-hidden' }, ' ' + text);
  const remove = h('button', { type: 'button', class: 'link' }, t('data.list.delete'), hidden(title));
  const item = h('li', { class: 'object', 'data-object': o.n_id }, h('h3', {}, title),
    h('p', {}, describe(o) || t('data.list.empty')),
    h('p', { class: 'muted' }, t('data.list.added', { date: formatDate(o.created_at) })),
    h('div', { class: 'button-group actions' },
      writable(schemaOf(o)) ? h('a', { href: href('/edit?object=' + encodeURIComponent(o.n_id)) },
        t('data.list.edit'), hidden(title)) : null,
      h('a', { href: href('/shares?object=' + encodeURIComponent(o.n_id)) }, t('data.list.shared'), hidden(title)),
      remove));
  remove.addEventListener('click', async () => {
    const sure = await confirmAction(t('data.delete.question', { title }), t('data.delete.consequence'),
      t('data.delete.action'));
    if (!sure) return remove.focus();
    remove.disabled = true;
    try {
      await api('DELETE', '/v1/db/profile-objects/' + encodeURIComponent(o.n_id));
      item.remove();
      list.note(t('data.deleted', { title }));
    } catch (e) {
      remove.disabled = false;
      list.note(plain(e.message), true);
    }
  });
  return item;
}

async function dataView() {
  const objects = await myObjects();
  const note = h('div', { class: 'note', role: 'status' });
  const noteOf = (text, bad) => { note.className = bad ? 'note bad' : 'note'; note.textContent = text; };
  if (flash) { noteOf(flash); flash = null; }
  const ul = h('ul', { class: 'objects', 'aria-label': t('data.list.label') });
  const list = { note: (text, bad) => { noteOf(text, bad); if (!ul.children.length) ul.replaceWith(empty()); } };
  const empty = () => h('p', {}, t('data.list.none'), ' ', h('a', { href: href('/add') }, t('data.list.addFirst')));
  objects.sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)))
    .forEach(o => ul.append(objectItem(o, list)));
  return page(t('data.list.title'), note, objects.length ? ul : empty(),
    objects.length ? h('p', {}, h('a', { href: href('/add'), class: 'button' }, t('data.list.add'))) : null);
}

/** Add, step 1: what to add (only what a person may write), one question on the page. */
async function chooseView() {
  const schemas = Object.values(await loadSchemas(true)).filter(s => s.writer !== 'system');
  const radios = schemas.map((s, i) => h('div', { class: 'choice' },
    h('input', { type: 'radio', name: 'schema', id: 'schema-' + i, value: s.name,
      'aria-describedby': s.schema.description ? 'schema-' + i + '-hint' : undefined }),
    h('label', { for: 'schema-' + i }, schemaTitle(s.name)),
    s.schema.description ? h('p', { class: 'hint', id: 'schema-' + i + '-hint' }, s.schema.description) : null));
  radios.forEach(r => { r.querySelector('input').required = true; });
  const fieldset = h('fieldset', { class: 'field', 'data-field': 'schema', id: 'schema', 'data-control': '' },
    h('legend', {}, t('data.add.question')), h('div', { class: 'choices' }, radios));
  const form = h('form', { novalidate: true }, fieldset,
    h('button', { type: 'submit' }, t('data.add.continue')));
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    const chosen = form.querySelector('input[name="schema"]:checked');
    if (!chosen) return showErrors(form, { errors: [{ path: 'schema', message: t('data.add.chooseFirst') }] });
    go('/add?schema=' + encodeURIComponent(chosen.value));
  });
  return page(t('data.add.title'), h('p', {}, t('data.add.intro'), ' ',
    h('a', { href: href('/scan') }, t('data.add.scanInstead'))), form);
}

/** A form for one schema: a new object (POST, once per intent) or a saved one (PUT). */
function objectForm(schemaName, stored, { existing } = {}) {
  const schema = stored.schema;
  const sf = schemaForm(schema, existing ? existing.properties : {}, { upload: !existing });
  const save = h('button', { type: 'submit' }, existing ? t('data.edit.save') : t('data.add.save'));
  const cancel = h('a', { href: href('/data') }, t('data.add.cancel'));
  const form = h('form', { novalidate: true },
    schema.description ? h('p', { class: 'lead' }, schema.description) : null,
    sf.element, h('div', { class: 'button-group' }, save, cancel));
  const intent = crypto.randomUUID();
  let saving = null;
  let saved = false;
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    if (saving || saved) return; // a second press of Save is the same intent: nothing more is sent
    save.disabled = true;
    saving = (async () => {
      const errors = sf.check(true);
      if (errors.length) return showErrors(form, { message: t('data.form.correct'), errors });
      const properties = sf.values();
      if (existing) {
        await api('PUT', '/v1/db/profile-objects/' + encodeURIComponent(existing.n_id), { properties });
      } else {
        await api('POST', '/v1/db/profile-objects', { schema: schemaName, properties, document: sf.document() },
          { headers: { 'Idempotency-Key': intent } });
      }
      saved = true;
      flash = t(existing ? 'data.updated' : 'data.saved', { title: schemaTitle(schemaName) });
      go('/data');
    })().catch(e => showErrors(form, e)).finally(() => {
      saving = null;
      if (!saved) save.disabled = false;
    });
  });
  return form;
}

async function addView(params) {
  const name = params && params.get('schema');
  if (!name) return chooseView();
  const schemas = await loadSchemas();
  if (!schemas[name] || schemas[name].writer === 'system') return chooseView();
  return page(t('data.add.formTitle', { title: schemaTitle(name) }), objectForm(name, schemas[name]));
}

async function editView(params) {
  const nId = params && params.get('object');
  const [object, schemas] = await Promise.all([api('GET', '/v1/db/profile-objects/' + encodeURIComponent(nId || '-')),
    loadSchemas()]);
  const name = schemaOf(object);
  if (!writable(name)) {
    return page(schemaTitle(name), h('p', {}, t('data.edit.system')), h('p', {}, h('a', { href: href('/data') },
      t('data.edit.back'))));
  }
  return page(t('data.edit.title', { title: schemaTitle(name) }),
    objectForm(name, schemas[name], { existing: object }));
}

/** This module's pages by path (the router in app.js merges every module's table). */
export const routes = { '/data': dataView, '/add': addView, '/edit': editView, '/scan': scanView };
