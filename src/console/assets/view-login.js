// The sign-in view: the API key is typed once, checked against the API, and kept in sessionStorage for this tab.
import { ApiFailure, api, forgetKey, storeKey } from './api.js';
import { bi, errorBox, h } from './dom.js';

/** Renders the key form; calls `done` once a key is accepted by the API. */
export function renderLogin(main, done, notice) {
  const input = h('input', {
    type: 'password',
    id: 'api-key',
    name: 'apiKey',
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: 'lj_…',
    required: true,
  });
  const status = h('div', { class: 'status' }, notice ? errorBox(notice) : null);
  const form = h(
    'form',
    {
      class: 'card login',
      onsubmit: async (event) => {
        event.preventDefault();
        const key = input.value.trim();
        if (!key) return;
        storeKey(key);
        status.replaceChildren(h('p', { class: 'muted' }, '验证中… Checking…'));
        try {
          await api('GET', '/v1/cases?limit=1');
          done();
        } catch (error) {
          forgetKey();
          status.replaceChildren(
            errorBox(
              error instanceof ApiFailure && error.status === 401
                ? { code: error.code, message: 'API 密钥无效或已吊销 The API key is not valid or was revoked' }
                : error,
            ),
          );
        }
      },
    },
    h('h2', null, bi('输入 API 密钥', 'Enter your API key')),
    h(
      'p',
      { class: 'muted' },
      '密钥只保存在本标签页 (sessionStorage),关闭后需重新输入。The key is kept in this tab only (sessionStorage).',
    ),
    h('label', { for: 'api-key' }, bi('API 密钥', 'API key')),
    input,
    h('button', { type: 'submit', class: 'primary', id: 'sign-in' }, '进入 Sign in'),
    status,
  );
  main.replaceChildren(form);
  input.focus();
}
