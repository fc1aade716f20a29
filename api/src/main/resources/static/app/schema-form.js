// A form generated from a JSON Schema that speaks human: each property's title is its label, its description the
// hint, its errorMessage (ajv-errors style: {"pattern": "..."} on the property, {"required": {"name": "..."}} beside
// "required") the error. Dates are date pickers, enums are radios (a few) or a select, arrays of enums are
// checkboxes, yes/no are radios, base64 content and schemas marked x-kith-document are a file upload with a preview.
// Values are read from the page at the moment they are asked for, so nothing typed is lost. Errors are shown for a
// field once the person has changed and left it, and for all fields when they try to save.
import { h } from './ui.js';
import { t, formatNumber } from './i18n.js';
import { setFieldError } from './forms.js';

let counter = 0;
const RADIO_LIMIT = 5;

function kind(spec) {
  if (spec.contentEncoding === 'base64') return 'file';
  if (spec.enum) return spec.enum.length <= RADIO_LIMIT ? 'radios' : 'select';
  if (spec.type === 'boolean') return 'yesno';
  if (spec.type === 'array' && spec.items && spec.items.enum) return 'checkboxes';
  if (spec.type === 'object' || spec.type === 'array') return 'json';
  if (spec.type === 'integer' || spec.type === 'number') return 'number';
  if (spec.format === 'date') return 'date';
  if (spec.format === 'date-time') return 'datetime';
  return 'text';
}

/** The words for an enum value: the schema's x-enum-titles, else the value. */
export function enumTitle(spec, value) {
  const i = (spec.enum || []).indexOf(value);
  return i >= 0 && spec['x-enum-titles'] && spec['x-enum-titles'][i] ? spec['x-enum-titles'][i] : String(value);
}

function localDateTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = n => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function choice(type, name, id, value, label, checked, describedBy) {
  return h('div', { class: 'choice' }, h('input', { type, name, id, value, checked, 'aria-describedby': describedBy }),
    h('label', { for: id }, label));
}

function fileField(id, name, accept, hintId, onFile) {
  const input = h('input', { type: 'file', id, name, accept, 'aria-describedby': hintId, 'data-file': name });
  const preview = h('div', { class: 'preview', 'aria-live': 'polite' });
  input.addEventListener('change', async () => {
    const file = input.files[0];
    preview.replaceChildren();
    if (!file) return onFile(null);
    const content = await readBase64(file);
    const info = { file, content, type: file.type || 'application/octet-stream', size: file.size, name: file.name };
    if (file.type.startsWith('image/')) {
      const url = URL.createObjectURL(file);
      const img = h('img', { src: url, alt: t('data.form.preview', { name: file.name }) });
      await new Promise(r => { img.onload = r; img.onerror = r; });
      info.width = img.naturalWidth || undefined;
      info.height = img.naturalHeight || undefined;
      preview.append(img);
    }
    preview.append(h('p', { class: 'muted' }, t('data.form.chosen', { name: file.name,
      size: formatNumber(Math.ceil(file.size / 1024)) })));
    onFile(info);
  });
  return { input, preview };
}

export function readBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(',')[1] || '');
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

async function sha256(base64) {
  const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...digest].map(b => b.toString(16).padStart(2, '0')).join('');
}

/** One property as a .field wrapper; returns {wrapper, read(), focusable}. */
function propertyField(name, spec, required, value, formId) {
  const id = `${formId}-${name}`;
  const label = required ? spec.title || name : t('data.form.optionalLabel', { label: spec.title || name });
  const hintId = spec.description ? id + '-hint' : undefined;
  const hint = spec.description ? h('p', { class: 'hint', id: hintId }, spec.description) : null;
  const req = required ? { required: true, 'aria-required': 'true' } : {};
  const k = kind(spec);
  let control;
  let read;
  if (k === 'radios' || k === 'yesno' || k === 'checkboxes') {
    const options = k === 'yesno' ? [[true, t('data.form.yes')], [false, t('data.form.no')]]
      : k === 'radios' ? spec.enum.map(v => [v, enumTitle(spec, v)])
        : spec.items.enum.map(v => [v, enumTitle(spec.items, v)]);
    const type = k === 'checkboxes' ? 'checkbox' : 'radio';
    const chosen = k === 'checkboxes' ? (Array.isArray(value) ? value : []) : [value];
    const boxes = options.map(([v, text], i) => choice(type, `${formId}-${name}`, `${id}-${i}`, String(v), text,
      chosen.includes(v), hintId));
    if (required && type === 'radio') boxes.forEach(b => { b.querySelector('input').required = true; });
    control = h('fieldset', { id, class: 'field', 'data-field': name, 'data-control': '', 'aria-describedby': hintId },
    h('legend', {}, label), hint, h('div', { class: 'choices' }, boxes));
    read = () => {
      const checked = [...control.querySelectorAll('input:checked')].map(b => options[+b.id.split('-').pop()][0]);
      return k === 'checkboxes' ? (checked.length ? checked : undefined) : checked[0];
    };
    return { wrapper: control, read, first: () => control.querySelector('input') };
  }
  if (k === 'select') {
    control = h('select', { id, name, ...req, 'aria-describedby': hintId },
      h('option', { value: '' }, t('data.form.choose')),
      spec.enum.map(v => h('option', { value: String(v), selected: v === value }, enumTitle(spec, v))));
    read = () => (control.value === '' ? undefined : spec.enum.find(v => String(v) === control.value));
  } else if (k === 'file') {
    let content = typeof value === 'string' ? value : undefined;
    const { input, preview } = fileField(id, name, spec.contentMediaType, hintId, info => {
      content = info ? info.content : undefined;
    });
    control = input;
    if (required && content === undefined) Object.assign(control, { required: true });
    const wrapper = h('div', { class: 'field', 'data-field': name }, h('label', { for: id }, label), hint, control,
      preview);
    return { wrapper, read: () => content, first: () => control };
  } else if (k === 'json') {
    control = h('textarea', { id, name, rows: 4, ...req, 'aria-describedby': hintId, spellcheck: 'false' },
      value === undefined ? '' : JSON.stringify(value, null, 2));
    read = () => {
      if (!control.value.trim()) return undefined;
      try { return JSON.parse(control.value); } catch (e) { return { invalidJson: control.value }; }
    };
  } else {
    const type = { date: 'date', datetime: 'datetime-local', number: 'text' }[k]
      || (spec.format === 'email' ? 'email' : 'text');
    const shown = value === undefined || value === null ? '' : k === 'datetime' ? localDateTime(value) : String(value);
    control = h('input', { id, name, type, value: shown, ...req, 'aria-describedby': hintId,
      inputmode: k === 'number' ? (spec.type === 'integer' ? 'numeric' : 'decimal') : undefined,
      autocomplete: { given_names: 'given-name', family_name: 'family-name', email: 'email', phone: 'tel',
        date_of_birth: 'bday', postcode: 'postal-code', street1: 'address-line1', street2: 'address-line2',
        city: 'address-level2' }[name] || 'off',
      readonly: spec.readOnly || undefined, maxlength: spec.maxLength });
    read = () => {
      const v = control.value.trim();
      if (v === '') return undefined;
      if (k === 'number') return Number.isFinite(Number(v)) ? Number(v) : v;
      if (k === 'datetime') return Number.isNaN(new Date(v).getTime()) ? v : new Date(v).toISOString();
      return v;
    };
  }
  const wrapper = h('div', { class: 'field', 'data-field': name }, h('label', { for: id }, label), hint, control);
  return { wrapper, read, first: () => control };
}

function message(spec, keyword, fallbackKey, vars) {
  const custom = spec.errorMessage;
  if (typeof custom === 'string') return custom;
  if (custom && typeof custom[keyword] === 'string') return custom[keyword];
  return t(fallbackKey, vars);
}

/** The first problem with one property's value, in the schema's words; null if none. */
export function problemOf(schema, name, value) {
  const spec = schema.properties[name];
  const label = spec.title || name;
  const required = (schema.required || []).includes(name);
  if (value === undefined) {
    if (!required) return null;
    const words = schema.errorMessage && schema.errorMessage.required;
    return (words && typeof words === 'object' && words[name]) || t('data.form.required', { label });
  }
  const vars = { label, min: spec.minimum ?? spec.minLength, max: spec.maximum ?? spec.maxLength };
  if (value && value.invalidJson !== undefined) return t('data.form.json', { label });
  if (spec.enum && !spec.enum.includes(value)) return message(spec, 'enum', 'data.form.enum', vars);
  if ((spec.type === 'integer' || spec.type === 'number')) {
    if (typeof value !== 'number' || (spec.type === 'integer' && !Number.isInteger(value))) {
      return message(spec, 'type', 'data.form.number', vars);
    }
    if (spec.minimum !== undefined && value < spec.minimum) return message(spec, 'minimum', 'data.form.minimum', vars);
    if (spec.maximum !== undefined && value > spec.maximum) return message(spec, 'maximum', 'data.form.maximum', vars);
  }
  if (typeof value === 'string') {
    if (spec.minLength !== undefined && value.length < spec.minLength) {
      return message(spec, 'minLength', 'data.form.minLength', vars);
    }
    if (spec.maxLength !== undefined && value.length > spec.maxLength) {
      return message(spec, 'maxLength', 'data.form.maxLength', vars);
    }
    if (spec.pattern && !new RegExp(spec.pattern, 'u').test(value)) {
      return message(spec, 'pattern', 'data.form.pattern', vars);
    }
    if (spec.format === 'date' && Number.isNaN(new Date(value + 'T00:00:00Z').getTime())) {
      return message(spec, 'format', 'data.form.pattern', vars);
    }
  }
  return null;
}

/**
 * Renders {@code schema} (refs resolved) with a starting {@code value} (and, for a schema marked x-kith-document,
 * the file upload unless {@code upload} is false: a saved object's document is not replaced); returns
 * {element, values(), document(), check(all)}: check marks the fields with problems (all, or those the person has touched) and returns
 * [{path, message}] for an error summary.
 */
export function schemaForm(schema, value = {}, { upload = true } = {}) {
  const formId = 'sf' + (++counter);
  const required = schema.required || [];
  const fields = {};
  const touched = new Set();
  const element = h('div', { class: 'schema-form' });
  let documentInfo = null;
  const doc = schema['x-kith-document'];
  if (doc && upload) {
    const id = formId + '-document';
    const hintId = id + '-hint';
    const { input, preview } = fileField(id, 'document', doc.accept, hintId, async info => {
      documentInfo = info;
      if (!info) return;
      const auto = { filename: info.name, content_type: info.type, size: info.size, sha256: await sha256(info.content),
        width: info.width, height: info.height };
      for (const [k, v] of Object.entries(auto)) {
        const f = fields[k];
        if (!f || v === undefined) continue;
        const control = f.first();
        if (control.tagName === 'SELECT' || control.type === 'text') control.value = String(v);
        else if (control.type === 'radio') {
          f.wrapper.querySelectorAll('input').forEach(b => { b.checked = b.value === String(v); });
        }
      }
    });
    input.required = true;
    input.setAttribute('aria-required', 'true');
    element.append(h('div', { class: 'field', 'data-field': 'document' }, h('label', { for: id }, t('data.form.file')),
      h('p', { class: 'hint', id: hintId }, t('data.form.fileHint')), input, preview));
  }
  for (const [name, spec] of Object.entries(schema.properties || {})) {
    const f = propertyField(name, spec, required.includes(name), value[name], formId);
    fields[name] = f;
    element.append(f.wrapper);
    // a field's error shows once the person has changed it and moved on to another field (not when they press
    // Save: the message would move the button away from under the pointer; Save checks every field anyway), and
    // goes away (or changes) as they correct it
    const recheck = () => { touched.add(name); if (f.wrapper.classList.contains('field-invalid')) check(false, name); };
    f.wrapper.addEventListener('input', recheck);
    f.wrapper.addEventListener('change', recheck);
    f.wrapper.addEventListener('focusout', ev => {
      const next = ev.relatedTarget;
      if (!touched.has(name) || (next && f.wrapper.contains(next))) return;
      if (next && next.type === 'submit') return;
      check(false, name);
    });
  }
  function values() {
    const out = {};
    for (const [name, f] of Object.entries(fields)) {
      const v = f.read();
      if (v !== undefined) out[name] = v;
    }
    return out;
  }
  function check(all, only) {
    const errors = [];
    const current = values();
    if (doc && upload && !documentInfo && all) {
      errors.push({ path: 'document', message: t('data.form.fileMissing') });
      const w = element.querySelector('.field[data-field="document"]');
      setFieldError(w, t('data.form.fileMissing'));
    }
    for (const name of Object.keys(fields)) {
      if (only && name !== only) continue;
      const problem = problemOf(schema, name, current[name]);
      if (all || touched.has(name) || only === name) setFieldError(fields[name].wrapper, problem);
      if (problem) errors.push({ path: name, message: problem });
    }
    return errors;
  }
  return {
    element,
    values,
    check,
    document: () => (documentInfo ? { content: documentInfo.content, type: documentInfo.type } : undefined),
  };
}
