// DOM building for the console: every string becomes a text node (never parsed as HTML), links are limited to in-page hashes and http(s), events are attached as listeners.
import { safeHttpUrl } from './format.js';
import { deadlineFlag, zhOf } from './labels.js';

const BOOLEAN_PROPS = new Set(['checked', 'disabled', 'hidden', 'selected', 'required']);

/** Appends children: nodes as they are, strings and numbers as text, arrays flattened, null/undefined/false skipped. */
export function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
  return parent;
}

/** Creates an element. `props`: `class`, `on<event>` listeners, `href` (hash or http(s) only), `value`, boolean properties, other attributes as text. */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = String(value);
    else if (key === 'href') {
      const href = String(value).startsWith('#') ? String(value) : safeHttpUrl(value);
      if (href) el.setAttribute('href', href);
    } else if (key === 'value') el.value = String(value);
    else if (BOOLEAN_PROPS.has(key)) el[key] = Boolean(value);
    else el.setAttribute(key, String(value));
  }
  return append(el, children);
}

/** A bilingual label: Chinese first, English secondary. */
export function bi(zh, en) {
  return h('span', { class: 'bi' }, zh, ' ', h('span', { class: 'en' }, en));
}

/** A code shown with its Chinese label (from the labels table) and the code itself as the English term. */
export function coded(group, code, cls) {
  if (code === undefined || code === null) return h('span', { class: 'muted' }, '—');
  return h('span', { class: `coded ${cls ?? ''}`.trim() }, zhOf(group, code), ' ', h('code', null, String(code)));
}

/** A small coloured badge. */
export function badge(text, kind) {
  return h('span', { class: `badge ${kind ?? ''}`.trim() }, text);
}

/** The one deadline badge of a case (overdue wins over at risk), with the `deadline-flag` class; null when neither holds. */
export function deadlineBadge(overdue, atRisk) {
  const flag = deadlineFlag(overdue, atRisk);
  return flag ? badge(`${flag.zh} ${flag.en}`, `${flag.kind} deadline-flag`) : null;
}

/** A table: headers as bilingual pairs [zh, en], rows as arrays of cells. `empty` shown when there are no rows. */
export function table(headers, rows, empty, cls) {
  if (rows.length === 0) return h('p', { class: 'muted empty' }, empty ?? '无 None');
  return h(
    'table',
    { class: `grid ${cls ?? ''}`.trim() },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        headers.map(([zh, en]) => h('th', null, bi(zh, en))),
      ),
    ),
    h(
      'tbody',
      null,
      rows.map((cells) =>
        h(
          'tr',
          null,
          cells.map((cell) => h('td', null, cell)),
        ),
      ),
    ),
  );
}

/** A definition list from [zh, en, value] entries. */
export function facts(entries) {
  return h(
    'dl',
    { class: 'facts' },
    entries.map(([zh, en, value]) => [h('dt', null, bi(zh, en)), h('dd', null, value)]),
  );
}

/** A titled section card. */
export function section(zh, en, ...children) {
  return h('section', { class: 'card' }, h('h2', null, bi(zh, en)), ...children);
}

/** An error box from an API failure or any error. */
export function errorBox(error) {
  const issues = Array.isArray(error?.issues) ? error.issues : [];
  return h(
    'div',
    { class: 'error', role: 'alert' },
    h('strong', null, '出错了 Error'),
    ' ',
    error?.code ? h('code', null, error.code) : null,
    ' ',
    String(error?.message ?? error),
    issues.length
      ? h(
          'ul',
          null,
          issues.map((i) => h('li', null, h('code', null, i.path), ' ', i.message)),
        )
      : null,
  );
}
