// Form patterns in the style of the GOV.UK Design System: labelled fields with hints, an error summary at the top of
// the form whose links move to the fields, each field's message linked by aria-describedby, aria-invalid on it, and
// a confirmation step for what cannot be undone.
import { h, clearMessages } from './ui.js';

let counter = 0;

/** A labelled input with an optional hint; returns the wrapper (.field) holding label, hint, error slot and input. */
export function textField(label, attrs, hint) {
  const id = attrs.id || 'f-' + attrs.name + '-' + (++counter);
  const hintId = hint ? id + '-hint' : null;
  const input = h('input', { ...attrs, id, 'aria-describedby': hintId });
  return h('div', { class: 'field', 'data-field': attrs.name }, h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null, input);
}

/** Removes the error summary and every field's error state. */
export function clearErrors(form) {
  form.querySelector('.error-summary')?.remove();
  for (const wrapper of form.querySelectorAll('.field')) {
    wrapper.classList.remove('field-invalid');
    wrapper.querySelector('.field-error')?.remove();
    const input = wrapper.querySelector('input, select, textarea');
    input.removeAttribute('aria-invalid');
    const hint = wrapper.querySelector('.hint');
    if (hint) input.setAttribute('aria-describedby', hint.id); else input.removeAttribute('aria-describedby');
  }
}

function fieldName(path) {
  return String(path || '').replace(/^[/$.]+/, '').replace(/[A-Z]/g, c => '_' + c.toLowerCase());
}

/**
 * Shows a problem on a form: each field error next to its field, and all of them in a summary at the top (focused);
 * an error naming no field of the form is put on {@code fallbackField} (the form's main question).
 */
export function showErrors(form, problem, fallbackField) {
  clearMessages();
  clearErrors(form);
  const items = [];
  const errors = problem.errors && problem.errors.length ? problem.errors
    : [{ path: fallbackField, message: problem.message }];
  for (const e of errors) {
    let wrapper = form.querySelector(`.field[data-field="${CSS.escape(fieldName(e.path))}"]`);
    if (!wrapper && fallbackField) wrapper = form.querySelector(`.field[data-field="${CSS.escape(fallbackField)}"]`);
    const message = plain(e.message || problem.message);
    if (wrapper && !wrapper.classList.contains('field-invalid')) {
      const input = wrapper.querySelector('input, select, textarea');
      const errorId = input.id + '-error';
      wrapper.classList.add('field-invalid');
      // GOV.UK order: label, hint, error message, input
      const before = wrapper.querySelector('.hint') || wrapper.querySelector('label');
      before.after(h('p', { class: 'field-error', id: errorId },
        h('span', { class: 'visually-hidden' }, 'Error: '), message));
      input.setAttribute('aria-invalid', 'true');
      const described = [input.getAttribute('aria-describedby'), errorId].filter(Boolean);
      input.setAttribute('aria-describedby', described.join(' '));
      items.push(h('li', {}, h('a', { href: '#' + input.id, onclick: ev => { ev.preventDefault(); input.focus(); } },
        message)));
    } else {
      items.push(h('li', {}, message));
    }
  }
  const titleId = 'es-' + (++counter);
  const summary = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1', 'aria-labelledby': titleId },
    h('h3', { id: titleId }, 'There is a problem'), h('ul', {}, items));
  form.prepend(summary);
  summary.focus();
}

/** The server's words, made to read as a sentence. */
export function plain(message) {
  const text = String(message || 'Something went wrong. Please try again.');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Runs a form's submit work: clears old errors, disables the button, shows a problem on the form. */
export function onSubmit(form, fallbackField, work) {
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    const button = form.querySelector('button[type="submit"]');
    if (button) button.disabled = true;
    clearErrors(form);
    clearMessages();
    try {
      await work(new FormData(form));
    } catch (e) {
      showErrors(form, e, fallbackField);
    } finally {
      if (button) button.disabled = false;
    }
  });
}

/**
 * Asks before something that cannot be undone: a modal dialog with the consequence in plain words, the action
 * button and Cancel. Resolves true if the person confirmed.
 */
export function confirmAction(question, consequence, actionLabel) {
  return new Promise(resolve => {
    const titleId = 'dlg-' + (++counter);
    const yes = h('button', { type: 'button', class: 'warning' }, actionLabel);
    const no = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
    const dialog = h('dialog', { 'aria-labelledby': titleId, class: 'confirm' }, h('h2', { id: titleId }, question),
      h('p', {}, consequence), h('div', { class: 'button-group' }, yes, no));
    const close = answer => { dialog.close(); dialog.remove(); resolve(answer); };
    yes.addEventListener('click', () => close(true));
    no.addEventListener('click', () => close(false));
    dialog.addEventListener('cancel', ev => { ev.preventDefault(); close(false); });
    document.body.append(dialog);
    dialog.showModal();
    no.focus();
  });
}
