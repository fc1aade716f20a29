// Kith onboarding app: the person's own data (list, add, scan an ID), forms by JSON Editor (webjar).
import { h, Problem, api, say, act, page, href } from './ui.js';

const SCANNABLE = [['ss_NZ_DriverLicence', 'NZ driver licence'], ['ss_NZ_Passport', 'NZ passport']];

export async function myObjects() {
  const page = await api('POST', '/v1/db/profile-objects/read', { permissions: ['IS_OWNER'], limit: 1000 });
  return page.profile_objects || [];
}

export function schemaOf(o) {
  return o.schema || (o.labels && o.labels[0]) || '';
}

export function summary(o) {
  const p = o.properties || {};
  const name = [p.given_names, p.family_name].filter(Boolean).join(' ');
  return schemaOf(o) + (name ? ' — ' + name : '') + (p.name ? ' — ' + p.name : '');
}

async function dataView() {
  const objects = await myObjects();
  const list = objects.length === 0 ? h('p', {}, 'You have no data yet. ', h('a', { href: href('/add') }, 'Add some'), '.')
    : h('ul', { class: 'plain', 'aria-label': 'My profile objects' }, objects.map(o => h('li', {},
      h('strong', {}, summary(o)), h('br'), h('span', { class: 'muted' }, o.n_id))));
  return page('My data', list);
}

/** A JSON Editor form for a schema (refs already resolved by Kith), with an optional starting value. */
async function schemaForm(container, schemaName, startval) {
  const [type, ...rest] = schemaName.split('_');
  const stored = await api('GET', `/v1/db/schemas/${type}/${rest.join('_')}?expand=true`);
  const schema = structuredClone(stored.schema);
  delete schema.$schema;
  delete schema.$id;
  schema.title = schema.title || schemaName;
  container.replaceChildren();
  const editor = new window.JSONEditor(container, { schema, startval, theme: 'html', iconlib: null,
    disable_edit_json: true, disable_properties: true, disable_collapse: true, disable_array_reorder: true,
    show_errors: 'interaction', prompt_before_delete: false, no_additional_properties: false,
    remove_empty_properties: true });
  await new Promise(resolve => editor.on('ready', resolve));
  return editor;
}

async function addView() {
  const schemas = (await api('GET', '/v1/db/schemas?schema_type=all&version_current=true')).schemas;
  const usable = schemas.filter(s => !s.name.startsWith('ss_Clarity') && s.name !== 'ss_Verification');
  const select = h('select', { id: 'schema', name: 'schema' }, h('option', { value: '' }, 'Choose…'),
    usable.map(s => h('option', { value: s.name }, (s.schema && s.schema.title) || s.name)));
  const holder = h('div', { id: 'form-holder' });
  const save = h('button', { type: 'button', hidden: true }, 'Save');
  let editor = null;
  select.addEventListener('change', () => act(select, async () => {
    save.hidden = true;
    if (!select.value) return holder.replaceChildren();
    editor = await schemaForm(holder, select.value);
    save.hidden = false;
  }));
  save.addEventListener('click', () => act(save, async () => {
    const errors = editor.validate();
    if (errors.length) {
      throw new Problem({ detail: 'Please correct the form.', errors: errors.map(e => ({ path: e.path, message: e.message })) });
    }
    const created = await api('POST', '/v1/db/profile-objects', { schema: select.value, properties: editor.getValue() });
    say(`Saved (${created[0].n_id}).`);
  }));
  return page('Add data', h('section', { class: 'card' }, h('label', { for: 'schema' }, 'What do you want to add?'), select,
    holder, save));
}

function readAsBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(',')[1]);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

function scanView() {
  const type = h('select', { id: 'doc-type', name: 'doc-type' }, SCANNABLE.map(([v, l]) => h('option', { value: v }, l)));
  const file = h('input', { id: 'doc-photo', name: 'doc-photo', type: 'file', accept: 'image/*', capture: 'environment',
    required: true });
  const read = h('button', { type: 'submit' }, 'Read my ID');
  const review = h('div', { id: 'review' });
  const form = h('form', { 'aria-label': 'Scan an ID' }, h('label', { for: 'doc-type' }, 'Document'), type,
    h('label', { for: 'doc-photo' }, 'Photo of your ID'), file, read);
  form.addEventListener('submit', ev => { ev.preventDefault(); act(read, async () => {
    if (!file.files.length) throw new Problem({ detail: 'Choose a photo of your ID first.' });
    say('Reading your document…');
    const image = await readAsBase64(file.files[0]);
    const signed = await api('POST', '/v1/clarity/extract-verify', { form_data: [image], schema_name: type.value });
    const mapped = await api('POST', '/v1/clarity/map', signed);
    await reviewForm(review, type.value, signed, mapped);
    say('Please check what we read, correct anything that is wrong, and save.');
  }); });
  return page('Scan an ID', h('section', { class: 'card' }, form), review);
}

async function reviewForm(review, schemaName, signed, mapped) {
  const checks = (signed.data.verifications || []).map(c => h('li', {}, (c.passed ? '✓ ' : '✗ ') + c.name
    + (c.detail ? ' — ' + c.detail : '')));
  const holder = h('div', { id: 'review-form' });
  const save = h('button', { type: 'button' }, 'Save with verification');
  review.replaceChildren(h('section', { class: 'card', 'aria-label': 'Review' }, h('h3', {}, 'Check the details'),
    h('ul', { 'aria-label': 'Checks' }, checks), holder, save));
  const editor = await schemaForm(holder, schemaName, mapped.properties);
  save.addEventListener('click', () => act(save, async () => {
    const errors = editor.validate();
    if (errors.length) {
      throw new Problem({ detail: 'Please correct the form.', errors: errors.map(e => ({ path: e.path, message: e.message })) });
    }
    const created = await api('POST', '/v1/db/profile-objects', { schema: schemaName, properties: editor.getValue() });
    const nId = created[0].n_id;
    await api('POST', '/v1/verify/records', { data: signed.data, signature: signed.signature, subject_n_id: nId });
    review.replaceChildren();
    say(`Saved your ${schemaName.replace(/^ss_/, '').replaceAll('_', ' ')} (${nId}) with its signed verification.`);
  }));
}


/** This module's pages by path (the router in app.js merges every module's table). */
export const routes = { '/data': dataView, '/add': addView, '/scan': scanView };
