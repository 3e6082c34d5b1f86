import { api, postForEvents, seg } from '../api';
import { errorBox, field, h, jsonBlock, render, run } from '../ui';

interface Session {
  sessionId: string;
  userId: string;
  turnCount: number;
}

interface Citation {
  n: number;
  source: string;
  id: string;
  title: string;
  reference: string;
  quote: string;
}

interface TurnEvent {
  event: string;
  turnId: string;
  sequence: number;
  text: string;
  route?: string;
  mode?: string;
  citations?: Citation[];
  traceUrl?: string;
}

const SESSION = 'mnemos.console.chat.session';

/** Chat: a session for a user, turns sent with Accept: text/event-stream, answers with route, citations and trace. */
export function chatPage(root: HTMLElement): void {
  const saved = JSON.parse(sessionStorage.getItem(SESSION) ?? 'null') as Session | null;
  const userId = h('input', { 'data-testid': 'chat-user', placeholder: 'alice', value: saved?.userId ?? '' });
  const sessionLine = h('div', { class: 'muted', 'data-testid': 'chat-session' });
  const log = h('div', { class: 'chat-log', 'data-testid': 'chat-log' });
  const text = h('textarea', { 'data-testid': 'chat-text', rows: 3, placeholder: 'Say something…' });
  const out = h('div', {});
  let session: Session | null = saved;

  const showSession = () =>
    render(
      sessionLine,
      session ? ['Session ', h('code', {}, session.sessionId), ` for user ${session.userId}`] : 'No session yet.',
    );
  showSession();

  const start = h('button', { type: 'button', 'data-testid': 'chat-start' }, 'New session');
  start.addEventListener('click', () =>
    run(start, out, async () => {
      const u = userId.value.trim();
      if (!u) throw new Error('Enter a user id first.');
      session = await api<Session>('/v1/sessions', { body: { userId: u } });
      sessionStorage.setItem(SESSION, JSON.stringify(session));
      log.replaceChildren();
      showSession();
    }),
  );

  const send = h('button', { type: 'submit', class: 'primary', 'data-testid': 'chat-send' }, 'Send');
  const form = h(
    'form',
    {
      class: 'chat-form',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const message = text.value.trim();
        if (!message) return;
        void run(send, out, async () => {
          if (!session) throw new Error('Start a session first (user id, then "New session").');
          const s = session;
          const turn = h('div', { class: 'turn' }, h('div', { class: 'bubble user' }, message));
          const status = h('div', { class: 'muted status', 'data-testid': 'turn-status' }, 'sending…');
          turn.append(status);
          log.append(turn);
          text.value = '';
          try {
            await postForEvents(`/v1/sessions/${seg(s.sessionId)}/turns`, { text: message }, (ev) => {
              const data = JSON.parse(ev.data) as TurnEvent;
              if (ev.event === 'accepted') {
                status.textContent = `accepted as turn #${data.sequence}; waiting for the answer…`;
              } else if (ev.event === 'answer') {
                status.remove();
                turn.append(answerView(s.sessionId, data));
              } else {
                status.textContent = `${ev.event}: ${data.text ?? ev.data}`;
              }
            });
          } catch (err) {
            status.remove();
            turn.append(errorBox(err));
          }
          log.scrollTop = log.scrollHeight;
        });
      },
    },
    text,
    h('div', { class: 'actions' }, send),
  );

  render(
    root,
    h('h1', {}, 'Chat'),
    h(
      'section',
      { class: 'card' },
      h('div', { class: 'row' }, field('User id', userId), start),
      sessionLine,
      out,
    ),
    h('section', { class: 'card' }, log, form),
  );
}

function answerView(sessionId: string, a: TurnEvent): HTMLElement {
  const trace = h('details', { class: 'trace', 'data-testid': 'trace' }, h('summary', {}, 'Trace'));
  const traceBody = h('div', {}, h('span', { class: 'muted' }, 'loading…'));
  trace.append(traceBody);
  let loaded = false;
  trace.addEventListener('toggle', () => {
    if (!trace.open || loaded) return;
    loaded = true;
    const url = a.traceUrl ?? `/v1/sessions/${seg(sessionId)}/turns/${seg(a.turnId)}/trace`;
    api(url)
      .then((t) => render(traceBody, jsonBlock(t, 'trace-json')))
      .catch((e) => {
        loaded = false;
        render(traceBody, errorBox(e));
      });
  });
  return h(
    'div',
    { class: 'bubble answer', 'data-testid': 'answer' },
    h('div', { class: 'answer-text', 'data-testid': 'answer-text' }, a.text),
    h(
      'div',
      { class: 'meta' },
      h('span', { class: 'tag', 'data-testid': 'answer-route' }, `route: ${a.route ?? '—'}`),
      h('span', { class: 'tag' }, `mode: ${a.mode ?? '—'}`),
      h('span', { class: 'tag' }, `turn #${a.sequence}`),
    ),
    a.citations && a.citations.length
      ? h(
          'ol',
          { class: 'citations', 'data-testid': 'citations' },
          a.citations.map((c) =>
            h(
              'li',
              { value: c.n },
              h('strong', {}, c.title || c.id),
              ` — ${c.source}${c.reference ? ` (${c.reference})` : ''}`,
              c.quote ? h('blockquote', {}, c.quote) : null,
            ),
          ),
        )
      : h('div', { class: 'muted' }, 'No citations.'),
    trace,
  );
}
