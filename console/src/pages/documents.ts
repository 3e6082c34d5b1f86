import { api, seg, uploadFiles } from '../api';
import { errorBox, field, fmtTime, h, jsonBlock, render, run, table } from '../ui';

interface Collection {
  name: string;
  createdAt: string;
  documents: number;
  chunks: number;
}
interface IngestResponse {
  collection: string;
  documents: { documentId: string; chunks: number; replaced: boolean }[];
  chunks: number;
  tookMs: number;
}
interface Hit {
  documentId: string;
  chunkId: string;
  title: string;
  text: string;
  score: number;
}
interface SearchResult {
  mode: string;
  hits: Hit[];
  tookMs: number;
}

const MODES = ['bm25', 'dense', 'hybrid'] as const;

/** Documents: collections, upload with progress, bm25/dense/hybrid side by side, corpus statistics. */
export function documentsPage(root: HTMLElement): void {
  const collections = h('section', { class: 'card' });
  const collectionOptions: HTMLSelectElement[] = [];
  const select = (testid: string) => {
    const s = h('select', { 'data-testid': testid });
    collectionOptions.push(s);
    return s;
  };

  // --- collections ---
  const listOut = h('div', { 'data-testid': 'collections' });
  const newName = h('input', { placeholder: 'handbook', 'data-testid': 'collection-name' });
  const create = h('button', { type: 'submit', 'data-testid': 'collection-create' }, 'Create');
  async function loadCollections(): Promise<void> {
    const list = await api<{ collections: Collection[] }>('/v1/collections');
    render(
      listOut,
      table(
        list.collections,
        [
          ['name', (c) => c.name],
          ['documents', (c) => c.documents],
          ['chunks', (c) => c.chunks],
          ['created', (c) => fmtTime(c.createdAt)],
        ],
        'No collections yet: create one.',
      ),
    );
    for (const s of collectionOptions) {
      const keep = s.value;
      render(s, list.collections.map((c) => h('option', { value: c.name }, c.name)));
      if (list.collections.some((c) => c.name === keep)) s.value = keep;
    }
  }
  render(
    collections,
    h('h2', {}, 'Collections'),
    h(
      'form',
      {
        class: 'row',
        onsubmit: (e: Event) => {
          e.preventDefault();
          void run(create, collections, async () => {
            const name = newName.value.trim();
            await api('/v1/collections', { body: { name } });
            newName.value = '';
            await loadCollections();
            for (const s of collectionOptions) s.value = name;
          });
        },
      },
      field('New collection', newName),
      create,
    ),
    listOut,
  );

  // --- upload ---
  const upload = h('section', { class: 'card' });
  const uploadCollection = select('upload-collection');
  const file = h('input', { type: 'file', multiple: true, 'data-testid': 'upload-file', accept: '.txt,.md,.markdown,.html,.htm,.pdf,text/*,application/pdf' });
  const progress = h('progress', { max: 100, value: 0, 'data-testid': 'upload-progress' });
  const progressLabel = h('span', { class: 'muted' }, '');
  const uploadOut = h('div', { 'data-testid': 'upload-result' });
  const send = h('button', { type: 'submit', class: 'primary', 'data-testid': 'upload' }, 'Upload');
  render(
    upload,
    h('h2', {}, 'Upload files'),
    h('p', { class: 'muted' }, 'Plain text, Markdown, HTML or PDF; each file becomes a document (id = file name), searchable when the upload returns.'),
    h(
      'form',
      {
        class: 'row',
        onsubmit: (e: Event) => {
          e.preventDefault();
          void run(send, uploadOut, async () => {
            const files = file.files;
            if (!uploadCollection.value) throw new Error('Create or pick a collection first.');
            if (!files || files.length === 0) throw new Error('Choose a file to upload.');
            const form = new FormData();
            for (const f of Array.from(files)) form.append('file', f, f.name);
            progress.value = 0;
            progressLabel.textContent = '0%';
            render(uploadOut);
            const r = await uploadFiles<IngestResponse>(
              `/v1/collections/${seg(uploadCollection.value)}/documents`,
              form,
              (fraction) => {
                progress.value = Math.round(fraction * 100);
                progressLabel.textContent = fraction >= 1 ? 'sent; indexing…' : `${Math.round(fraction * 100)}%`;
              },
            );
            progressLabel.textContent = `indexed in ${r.tookMs} ms`;
            render(
              uploadOut,
              h(
                'div',
                { class: 'ok', 'data-testid': 'upload-ok' },
                `Indexed ${r.documents.length} document(s), ${r.chunks} chunk(s): `,
                r.documents.map((d) => `${d.documentId}${d.replaced ? ' (replaced)' : ''}`).join(', '),
              ),
            );
            await loadCollections();
          });
        },
      },
      field('Collection', uploadCollection),
      field('File', file),
      send,
    ),
    h('div', { class: 'row' }, progress, progressLabel),
    uploadOut,
  );

  // --- search, three modes side by side ---
  const search = h('section', { class: 'card' });
  const searchCollection = select('search-collection');
  const query = h('input', { placeholder: 'how is green tea made', 'data-testid': 'search-query', size: 40 });
  const k = h('input', { type: 'number', min: 1, max: 100, value: 5, class: 'narrow-input' });
  const go = h('button', { type: 'submit', class: 'primary', 'data-testid': 'search' }, 'Compare');
  const columns = h('div', { class: 'columns', 'data-testid': 'search-results' });
  render(
    search,
    h('h2', {}, 'Search: bm25 · dense · hybrid'),
    h(
      'form',
      {
        class: 'row',
        onsubmit: (e: Event) => {
          e.preventDefault();
          void run(go, search, async () => {
            if (!searchCollection.value) throw new Error('Create or pick a collection first.');
            const q = query.value.trim();
            const cols = MODES.map((mode) => {
              const body = h('div', {}, h('span', { class: 'muted' }, 'searching…'));
              const col = h('div', { class: 'column', 'data-testid': `results-${mode}` }, h('h3', {}, mode), body);
              api<SearchResult>(`/v1/collections/${seg(searchCollection.value)}/search`, {
                body: { query: q, k: Number(k.value) || 5, mode },
              })
                .then((r) => render(body, hitsView(r)))
                .catch((err) => render(body, errorBox(err)));
              return col;
            });
            render(columns, cols);
          });
        },
      },
      field('Collection', searchCollection),
      field('Query', query),
      field('k', k),
      go,
    ),
    columns,
  );

  // --- corpus statistics ---
  const corpus = h('section', { class: 'card' });
  const corpusQuery = h('input', { placeholder: 'Elizabeth AND Darcy', 'data-testid': 'corpus-query', size: 40 });
  const corpusType = h(
    'select',
    { 'data-testid': 'corpus-type' },
    ['count', 'prob', 'ntd', 'search_docs'].map((t) => h('option', { value: t }, t)),
  );
  const corpusOut = h('div', { 'data-testid': 'corpus-result' });
  const ask = h('button', { type: 'submit', class: 'primary', 'data-testid': 'corpus-run' }, 'Query');
  const status = h('button', { type: 'button' }, 'Index status');
  status.addEventListener('click', () =>
    run(status, corpusOut, async () => render(corpusOut, jsonBlock(await api('/v1/corpus')))),
  );
  render(
    corpus,
    h('h2', {}, 'Corpus statistics'),
    h(
      'p',
      { class: 'muted' },
      'Infini-gram-style queries over the shared reference corpus: count an n-gram or a CNF such as ',
      h('code', {}, 'A AND B'),
      '. The first query may answer 503 while the index is built.',
    ),
    h(
      'form',
      {
        class: 'row',
        onsubmit: (e: Event) => {
          e.preventDefault();
          void run(ask, corpusOut, async () => {
            const r = await api<Record<string, unknown>>('/v1/corpus/query', {
              body: { query_type: corpusType.value, query: corpusQuery.value },
            });
            render(
              corpusOut,
              r['count'] !== undefined
                ? h(
                    'p',
                    { class: 'big', 'data-testid': 'corpus-count' },
                    `count: ${String(r['count'])}${r['approx'] ? ' (approximate)' : ''}`,
                    h('span', { class: 'muted' }, ` · ${String(r['latency'])} ms in the engine`),
                  )
                : null,
              jsonBlock(r),
            );
          });
        },
      },
      field('Query', corpusQuery),
      field('Type', corpusType),
      ask,
      status,
    ),
    corpusOut,
  );

  const out = h('div', {});
  render(root, h('h1', {}, 'Documents'), out, collections, upload, search, corpus);
  run(null, out, loadCollections).catch((e) => out.append(errorBox(e)));
}

function hitsView(r: SearchResult): HTMLElement {
  const list = h(
    'ol',
    { class: 'hits' },
    r.hits.map((hit) =>
      h(
        'li',
        { 'data-testid': 'hit' },
        h('div', {}, h('strong', {}, hit.title || hit.documentId), h('span', { class: 'score' }, hit.score.toFixed(4))),
        h('div', { class: 'muted small' }, hit.documentId),
        h('div', { class: 'snippet' }, hit.text.length > 300 ? hit.text.slice(0, 300) + '…' : hit.text),
      ),
    ),
  );
  return h(
    'div',
    {},
    h('div', { class: 'muted small' }, `${r.hits.length} hit(s) in ${r.tookMs.toFixed(1)} ms`),
    r.hits.length ? list : h('p', { class: 'muted' }, 'No hits.'),
  );
}
