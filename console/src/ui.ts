// Tiny DOM helpers: no framework, just elements.
import { ApiError } from './api';

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | EventListener | null | undefined>;

/** Creates an element: h('button', {class: 'primary', onclick: fn}, 'Send'). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2), v as EventListener);
    } else if (k === 'value' && 'value' in el) {
      (el as unknown as { value: string }).value = String(v);
    } else if (v === true) {
      el.setAttribute(k, '');
    } else {
      el.setAttribute(k, String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el: HTMLElement, children: (Child | Child[])[]): void {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces an element's children. */
export function render(el: HTMLElement, ...children: (Child | Child[])[]): void {
  el.replaceChildren();
  append(el, children);
}

/** A box that shows an API error (problem title, detail and field errors). */
export function errorBox(e: unknown): HTMLElement {
  if (e instanceof ApiError) {
    const fields = e.fieldErrors();
    return h(
      'div',
      { class: 'error', role: 'alert', 'data-testid': 'error' },
      h('strong', {}, `${e.title}${e.status ? ` (${e.status})` : ''}`),
      e.detail ? h('div', {}, e.detail) : null,
      fields.length ? h('ul', {}, fields.map((f) => h('li', {}, f))) : null,
    );
  }
  return h('div', { class: 'error', role: 'alert', 'data-testid': 'error' }, h('strong', {}, 'Error'), h('div', {}, String(e)));
}

/** Runs an async action with a button disabled and errors shown in `out`. Returns the result or undefined. */
export async function run<T>(button: HTMLButtonElement | null, out: HTMLElement, action: () => Promise<T>): Promise<T | undefined> {
  if (button) button.disabled = true;
  out.querySelectorAll(':scope > .error').forEach((n) => n.remove());
  try {
    return await action();
  } catch (e) {
    out.prepend(errorBox(e));
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}

/** Pretty JSON in a <pre>. */
export function jsonBlock(value: unknown, testid?: string): HTMLElement {
  return h('pre', { class: 'json', 'data-testid': testid }, JSON.stringify(value, null, 2));
}

/** A labelled input. */
export function field(label: string, input: HTMLElement): HTMLElement {
  return h('label', { class: 'field' }, h('span', {}, label), input);
}

/** A table from rows and column definitions. */
export function table<T>(rows: T[], columns: [string, (row: T) => Child | Child[]][], empty = 'Nothing here.'): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'muted' }, empty);
  return h(
    'table',
    {},
    h('thead', {}, h('tr', {}, columns.map(([title]) => h('th', {}, title)))),
    h(
      'tbody',
      {},
      rows.map((r) => h('tr', {}, columns.map(([, cell]) => h('td', {}, cell(r))))),
    ),
  );
}

export function fmtTime(s: unknown): string {
  if (typeof s !== 'string') return '';
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? s : d.toLocaleString();
}
