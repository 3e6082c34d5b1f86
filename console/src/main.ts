import './style.css';
import { apiKey, setApiKey } from './api';
import { h, render } from './ui';
import { signInPage, identity } from './pages/signin';
import { chatPage } from './pages/chat';
import { memoryPage } from './pages/memory';
import { documentsPage } from './pages/documents';
import { systemPage } from './pages/system';

type Page = (root: HTMLElement) => void;

const pages: Record<string, [string, Page]> = {
  chat: ['Chat', chatPage],
  memory: ['Memory', memoryPage],
  documents: ['Documents', documentsPage],
  system: ['System', systemPage],
};

const app = document.getElementById('app')!;

function route(): void {
  const name = location.hash.replace(/^#\/?/, '') || 'chat';
  if (!apiKey()) {
    renderShell(null, (root) => signInPage(root, () => go('chat')));
    return;
  }
  const page = pages[name] ?? pages['chat'];
  renderShell(name in pages ? name : 'chat', page[1]);
}

function go(name: string): void {
  if (location.hash === `#/${name}`) route();
  else location.hash = `#/${name}`;
}

function renderShell(active: string | null, page: Page): void {
  const who = identity();
  const nav = active
    ? h(
        'nav',
        {},
        Object.entries(pages).map(([key, [title]]) =>
          h('a', { href: `#/${key}`, class: key === active ? 'active' : null, 'data-testid': `nav-${key}` }, title),
        ),
      )
    : null;
  const account = active
    ? h(
        'div',
        { class: 'account' },
        h('span', { 'data-testid': 'identity' }, who ?? 'signed in'),
        h(
          'button',
          {
            class: 'link',
            'data-testid': 'sign-out',
            onclick: () => {
              setApiKey(null);
              sessionStorage.removeItem('mnemos.console.identity');
              go('chat');
            },
          },
          'Sign out',
        ),
      )
    : null;
  const main = h('main', {});
  render(app, h('header', {}, h('a', { class: 'brand', href: '#/chat' }, 'Mnemos console'), nav, account), main);
  page(main);
}

window.addEventListener('hashchange', route);
route();
