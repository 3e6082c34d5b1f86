import { api, ApiError, setApiKey } from '../api';
import { errorBox, field, h, render } from '../ui';

const IDENTITY = 'mnemos.console.identity';

/** What the sign-in learned about the key, for the header. */
export function identity(): string | null {
  return sessionStorage.getItem(IDENTITY);
}

interface TenantList {
  tenants: { tenantId?: string; name?: string }[];
}

/**
 * Sign-in with an API key. No endpoint tells who a key belongs to, so the key is checked with a cheap call the gateway
 * answers itself: GET /v1/admin/tenants (200 for an admin key, which also lists the tenants; 403 for a valid key
 * without the admin scope; 401 for a bad key).
 */
export function signInPage(root: HTMLElement, done: () => void): void {
  const key = h('input', {
    type: 'password',
    autocomplete: 'off',
    placeholder: 'mn_…',
    'data-testid': 'api-key',
    size: 50,
  });
  const out = h('div', { 'data-testid': 'sign-in-result' });
  const button = h('button', { type: 'submit', class: 'primary', 'data-testid': 'sign-in' }, 'Sign in');
  const form = h(
    'form',
    {
      class: 'card narrow',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const value = key.value.trim();
        if (!value) {
          render(out, errorBox(new ApiError(0, 'API key required', 'Paste an API key (Authorization: Bearer).', null)));
          return;
        }
        button.disabled = true;
        setApiKey(value);
        try {
          const tenants = await api<TenantList>('/v1/admin/tenants');
          const names = (tenants.tenants ?? []).map((t) => t.tenantId ?? t.name).filter(Boolean);
          sessionStorage.setItem(IDENTITY, `admin key · tenants: ${names.join(', ') || '—'}`);
          done();
        } catch (err) {
          if (err instanceof ApiError && err.status === 403) {
            sessionStorage.setItem(IDENTITY, 'API key (no admin scope)');
            done();
          } else {
            setApiKey(null);
            render(out, errorBox(err));
          }
        } finally {
          button.disabled = false;
        }
      },
    },
    h('h1', {}, 'Sign in'),
    h(
      'p',
      { class: 'muted' },
      'Use an API key of your tenant. It stays in this browser tab (sessionStorage) and is sent as ',
      h('code', {}, 'Authorization: Bearer'),
      '.',
    ),
    field('API key', key),
    h('div', { class: 'actions' }, button),
    out,
  );
  render(root, form);
  key.focus();
}
