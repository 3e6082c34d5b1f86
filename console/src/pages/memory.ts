import { api, seg } from '../api';
import { errorBox, field, fmtTime, h, render, run, table } from '../ui';

interface Fact {
  id: string;
  attribute: string;
  value: string;
  polarity: string;
  confidence: number;
  evidenceCount: number;
  source: string;
  status: string;
  validFrom: string;
  validTo?: string | null;
  version: number;
}
interface Contradiction {
  id: string;
  attribute: string;
  factA: string;
  factB: string;
  reason: string;
  status: string;
  detectedAt: string;
}
interface Template {
  id: string;
  level: string;
  pattern: string;
  support: number;
  keywords: string[];
  steps: unknown[];
  updatedAt: string;
}
interface Script {
  id: string;
  taskPattern: string;
  steps: number;
  status: string;
  runs: number;
  successRate: number;
  updatedAt: string;
}
interface StoredTurn {
  sequence: number;
  speaker: string;
  text: string;
  timestamp: string;
}
interface Receipt {
  erasureId: string;
  tenant: string;
  userId?: string | null;
  userDigest: string;
  erasedAt: string;
  requestedBy: string;
  stores: { store: string; counts: Record<string, number> }[];
}

/** Memory of one user: profile facts (history, contradictions), templates, scripts, turns of a session, erasure. */
export function memoryPage(root: HTMLElement): void {
  const userId = h('input', { 'data-testid': 'memory-user', placeholder: 'alice' });
  const lastChat = JSON.parse(sessionStorage.getItem('mnemos.console.chat.session') ?? 'null') as { userId?: string } | null;
  if (lastChat?.userId) userId.value = lastChat.userId;
  const history = h('input', { type: 'checkbox', 'data-testid': 'memory-history' });
  const load = h('button', { type: 'submit', class: 'primary', 'data-testid': 'memory-load' }, 'Load');
  const out = h('div', {});
  const facts = h('section', { class: 'card', 'data-testid': 'facts' }, h('h2', {}, 'Profile facts'));
  const contradictions = h('section', { class: 'card' }, h('h2', {}, 'Contradictions'));
  const templates = h('section', { class: 'card' }, h('h2', {}, 'Experience templates'));
  const scripts = h('section', { class: 'card' }, h('h2', {}, 'Action scripts'));
  const turns = h('section', { class: 'card' });
  const erase = h('section', { class: 'card danger' });

  const user = () => userId.value.trim();

  async function loadFacts(): Promise<void> {
    const u = user();
    const list = await api<{ facts: Fact[] }>(
      `/v1/users/${seg(u)}/profile/facts${history.checked ? '?include=history' : ''}`,
    );
    const body = h('div', {});
    render(
      facts,
      h('h2', {}, `Profile facts of ${u}`, history.checked ? ' (with history)' : ''),
      body,
      table(
        list.facts,
        [
          ['attribute', (f) => f.attribute],
          ['value', (f) => (f.polarity === 'NEGATIVE' ? `not ${f.value}` : f.value)],
          ['confidence', (f) => f.confidence.toFixed(2)],
          ['evidence', (f) => f.evidenceCount],
          ['status', (f) => h('span', { class: `tag ${f.status.toLowerCase()}` }, f.status)],
          ['valid', (f) => `${fmtTime(f.validFrom)}${f.validTo ? ' → ' + fmtTime(f.validTo) : ''}`],
          ['source', (f) => f.source],
          [
            '',
            (f) => [
              f.status === 'CURRENT'
                ? h(
                    'button',
                    {
                      class: 'small',
                      onclick: (e: Event) =>
                        run(e.currentTarget as HTMLButtonElement, body, async () => {
                          const value = prompt(`New value for ${f.attribute}`, f.value);
                          if (value === null || value.trim() === '') return;
                          await api(`/v1/users/${seg(u)}/profile/facts/${seg(f.id)}`, {
                            method: 'PUT',
                            body: { value: value.trim(), version: f.version },
                          });
                          await loadFacts();
                        }),
                    },
                    'Edit',
                  )
                : null,
              h(
                'button',
                {
                  class: 'small danger',
                  'data-testid': 'fact-delete',
                  onclick: (e: Event) =>
                    run(e.currentTarget as HTMLButtonElement, body, async () => {
                      if (!confirm(`Delete the fact ${f.attribute} = ${f.value} for good?`)) return;
                      await api(`/v1/users/${seg(u)}/profile/facts/${seg(f.id)}`, { method: 'DELETE' });
                      await Promise.all([loadFacts(), loadContradictions()]);
                    }),
                },
                'Delete',
              ),
            ],
          ],
        ],
        'No facts for this user.',
      ),
      addFactForm(u, body, loadFacts),
    );
  }

  async function loadContradictions(): Promise<void> {
    const u = user();
    const list = await api<{ contradictions: Contradiction[] }>(
      `/v1/users/${seg(u)}/profile/contradictions?status=all`,
    );
    render(
      contradictions,
      h('h2', {}, 'Contradictions'),
      table(
        list.contradictions,
        [
          ['attribute', (c) => c.attribute],
          ['fact A', (c) => h('code', {}, c.factA.slice(0, 8))],
          ['fact B', (c) => h('code', {}, c.factB.slice(0, 8))],
          ['reason', (c) => c.reason],
          ['status', (c) => c.status],
          ['detected', (c) => fmtTime(c.detectedAt)],
        ],
        'No contradictions.',
      ),
    );
  }

  async function loadTemplates(): Promise<void> {
    const list = await api<{ templates: Template[] }>('/v1/experience/templates');
    render(
      templates,
      h('h2', {}, 'Experience templates'),
      h('p', { class: 'muted' }, 'Templates are shared by the tenant (learned from all its users).'),
      table(
        list.templates,
        [
          ['level', (t) => t.level],
          ['pattern', (t) => t.pattern],
          ['steps', (t) => t.steps.length],
          ['support', (t) => t.support],
          ['updated', (t) => fmtTime(t.updatedAt)],
          [
            '',
            (t) =>
              h(
                'button',
                {
                  class: 'small danger',
                  onclick: (e: Event) =>
                    run(e.currentTarget as HTMLButtonElement, templates, async () => {
                      if (!confirm(`Delete the template "${t.pattern}"?`)) return;
                      await api(`/v1/experience/templates/${seg(t.id)}`, { method: 'DELETE' });
                      await loadTemplates();
                    }),
                },
                'Delete',
              ),
          ],
        ],
        'No templates learned yet.',
      ),
    );
  }

  async function loadScripts(): Promise<void> {
    const list = await api<{ scripts: Script[] }>('/v1/actions/scripts');
    render(
      scripts,
      h('h2', {}, 'Action scripts'),
      h('p', { class: 'muted' }, 'Replay scripts are shared by the tenant.'),
      table(
        list.scripts,
        [
          ['task', (s) => s.taskPattern],
          ['steps', (s) => s.steps],
          ['status', (s) => s.status],
          ['runs', (s) => s.runs],
          ['success rate', (s) => `${Math.round(s.successRate * 100)}%`],
          ['updated', (s) => fmtTime(s.updatedAt)],
          [
            '',
            (s) =>
              h(
                'button',
                {
                  class: 'small danger',
                  onclick: (e: Event) =>
                    run(e.currentTarget as HTMLButtonElement, scripts, async () => {
                      if (!confirm(`Delete the script "${s.taskPattern}"?`)) return;
                      await api(`/v1/actions/scripts/${seg(s.id)}`, { method: 'DELETE' });
                      await loadScripts();
                    }),
                },
                'Delete',
              ),
          ],
        ],
        'No scripts yet.',
      ),
    );
  }

  // Conversation turns of one session (memory-service's copy).
  // Pre-filled with the Chat page's current session, if any.
  const chatSession = JSON.parse(sessionStorage.getItem('mnemos.console.chat.session') ?? 'null') as {
    sessionId?: string;
    userId?: string;
  } | null;
  const sessionId = h('input', {
    'data-testid': 'turns-session',
    placeholder: 'session id (UUID)',
    size: 40,
    value: chatSession?.sessionId ?? '',
  });
  const turnsOut = h('div', { 'data-testid': 'turns' });
  const turnsButton = h('button', { type: 'submit' }, 'Show turns');
  render(
    turns,
    h('h2', {}, 'Conversation turns of a session'),
    h(
      'form',
      {
        class: 'row',
        onsubmit: (e: Event) => {
          e.preventDefault();
          void run(turnsButton, turnsOut, async () => {
            const list = await api<{ turns: StoredTurn[] }>(`/v1/sessions/${seg(sessionId.value.trim())}/turns`);
            render(
              turnsOut,
              table(
                list.turns,
                [
                  ['#', (t) => t.sequence],
                  ['speaker', (t) => t.speaker],
                  ['text', (t) => t.text],
                  ['at', (t) => fmtTime(t.timestamp)],
                ],
                'No turns stored.',
              ),
            );
          });
        },
      },
      field('Session id', sessionId),
      turnsButton,
    ),
    turnsOut,
  );

  // Erasure.
  const eraseOut = h('div', { 'data-testid': 'erase-result' });
  const eraseButton = h('button', { type: 'button', class: 'danger', 'data-testid': 'erase' }, 'Erase this user');
  eraseButton.addEventListener('click', () =>
    run(eraseButton, eraseOut, async () => {
      const u = user();
      if (!u) throw new Error('Enter a user id first.');
      if (!confirm(`Erase everything memory holds about "${u}"? This cannot be undone.`)) return;
      const r = await api<Receipt>(`/v1/users/${seg(u)}/memory`, { method: 'DELETE' });
      render(eraseOut, receiptView(r));
    }),
  );
  render(
    erase,
    h('h2', {}, 'Erase the user'),
    h(
      'p',
      { class: 'muted' },
      'Removes conversation turns and sessions, profile facts, the user\'s episodes, traces and derived indexes, in one transaction, and answers a receipt. Needs the memory:erase scope.',
    ),
    eraseButton,
    eraseOut,
  );

  const form = h(
    'form',
    {
      class: 'card row',
      onsubmit: (e: Event) => {
        e.preventDefault();
        void run(load, out, async () => {
          if (!user()) throw new Error('Enter a user id.');
          const results = await Promise.allSettled([loadFacts(), loadContradictions(), loadTemplates(), loadScripts()]);
          const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
          render(out, failed.map((f) => errorBox(f.reason)));
        });
      },
    },
    field('User id', userId),
    h('label', { class: 'check' }, history, ' include history'),
    load,
  );

  render(root, h('h1', {}, 'Memory'), form, out, facts, contradictions, templates, scripts, turns, erase);
}

function addFactForm(u: string, out: HTMLElement, reload: () => Promise<void>): HTMLElement {
  const attribute = h('input', { placeholder: 'food.preference', 'data-testid': 'fact-attribute' });
  const value = h('input', { placeholder: 'green tea', 'data-testid': 'fact-value' });
  const add = h('button', { type: 'submit', 'data-testid': 'fact-add' }, 'Add fact');
  return h(
    'form',
    {
      class: 'row',
      onsubmit: (e: Event) => {
        e.preventDefault();
        void run(add, out, async () => {
          await api(`/v1/users/${seg(u)}/profile/facts`, {
            body: { attribute: attribute.value.trim(), value: value.value.trim() },
          });
          await reload();
        });
      },
    },
    field('Attribute', attribute),
    field('Value', value),
    add,
  );
}

function receiptView(r: Receipt): HTMLElement {
  const total = r.stores.reduce((sum, s) => sum + Object.values(s.counts).reduce((a, b) => a + b, 0), 0);
  return h(
    'div',
    { class: 'receipt', 'data-testid': 'receipt' },
    h('h3', {}, 'Erasure receipt'),
    h(
      'dl',
      {},
      h('dt', {}, 'erasure id'),
      h('dd', { 'data-testid': 'receipt-id' }, h('code', {}, r.erasureId)),
      h('dt', {}, 'user'),
      h('dd', {}, r.userId ?? '(not kept)'),
      h('dt', {}, 'user digest'),
      h('dd', {}, h('code', {}, r.userDigest)),
      h('dt', {}, 'erased at'),
      h('dd', {}, fmtTime(r.erasedAt)),
      h('dt', {}, 'requested by'),
      h('dd', {}, r.requestedBy),
      h('dt', {}, 'items removed'),
      h('dd', { 'data-testid': 'receipt-total' }, String(total)),
    ),
    table(
      r.stores,
      [
        ['store', (s) => s.store],
        [
          'removed',
          (s) =>
            Object.entries(s.counts)
              .map(([k, v]) => `${k}: ${v}`)
              .join(', ') || '—',
        ],
      ],
      'No stores reported.',
    ),
  );
}
