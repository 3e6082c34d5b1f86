import { api, toApiError } from '../api';
import { errorBox, fmtTime, h, jsonBlock, render, run, table } from '../ui';

const SERVICES: [string, string][] = [
  ['orchestrator-llm', 'orchestrator'],
  ['memory-service', 'memory'],
  ['retrieval-service', 'retrieval'],
  ['speech-service', 'speech'],
  ['vision-service', 'vision'],
];

/** GET /v1/admin/system/kafka-lag */
interface LagReport {
  fetchedAt: string;
  bootstrap: string;
  groups: LagGroup[];
}

interface LagGroup {
  groupId: string;
  state: string;
  members: number;
  totalLag: number;
  partitions: { topic: string; partition: number; committedOffset: number; endOffset: number | null; lag: number | null }[];
}

/** GET /v1/admin/system/errors */
interface RecentErrorList {
  capacity: number;
  errors: {
    time: string;
    requestId: string;
    tenant: string | null;
    route: string;
    method: string;
    path: string;
    status: number;
    title: string | null;
    detail: string | null;
  }[];
}

interface RouteCount {
  route: string;
  status: string;
  count: number;
}

/**
 * System: the gateway's own /actuator/health; whether each service answers through the gateway (its OpenAPI document,
 * routed like any other call); responses per route and status from /actuator/prometheus; Kafka lag per consumer group
 * and this gateway instance's recent errors from the admin API (admin keys only; a tenant admin sees its own errors).
 */
export function systemPage(root: HTMLElement): void {
  const health = h('section', { class: 'card' }, h('h2', {}, 'Gateway health'));
  const loading = () => h('p', { class: 'muted' }, 'loading…');
  health.append(loading());
  const services = h('section', { class: 'card' }, h('h2', {}, 'Services through the gateway'), loading());
  const traffic = h('section', { class: 'card' }, h('h2', {}, 'Responses by route and status'), loading());
  const kafka = h('section', { class: 'card', 'data-testid': 'kafka-lag' }, h('h2', {}, 'Kafka lag per consumer group'), loading());
  const errors = h('section', { class: 'card', 'data-testid': 'recent-errors' }, h('h2', {}, 'Recent errors'), loading());
  const refresh = h('button', { type: 'button', 'data-testid': 'system-refresh' }, 'Refresh');
  const out = h('div', {});

  async function load(): Promise<void> {
    await Promise.allSettled([loadHealth(), loadServices(), loadTraffic(), loadLag(), loadErrors()]);
  }

  async function loadHealth(): Promise<void> {
    try {
      const res = await fetch('/actuator/health', { headers: { Accept: 'application/json' } });
      const body = (await res.json().catch(() => null)) as { status?: string } | null;
      const status = body?.status ?? `HTTP ${res.status}`;
      render(
        health,
        h('h2', {}, 'Gateway health'),
        h('p', { class: 'big' }, h('span', { class: `tag ${status.toLowerCase()}`, 'data-testid': 'gateway-health' }, status)),
        body ? jsonBlock(body) : null,
      );
    } catch (e) {
      render(health, h('h2', {}, 'Gateway health'), errorBox(e));
    }
  }

  async function loadServices(): Promise<void> {
    const rows = await Promise.all(
      SERVICES.map(async ([name, doc]) => {
        const started = performance.now();
        try {
          const res = await fetch(`/v3/api-docs/${doc}`, { headers: { Accept: 'application/json' } });
          const ms = Math.round(performance.now() - started);
          if (res.ok) return { name, ok: true, note: `answers (${ms} ms)` };
          const err = await toApiError(res);
          return { name, ok: false, note: err.message };
        } catch (e) {
          return { name, ok: false, note: String(e) };
        }
      }),
    );
    render(
      services,
      h('h2', {}, 'Services through the gateway'),
      h(
        'p',
        { class: 'muted' },
        'Whether each service answers a routed request (its OpenAPI document). The gateway does not expose the services\' own health details yet.',
      ),
      table(rows, [
        ['service', (r) => r.name],
        ['state', (r) => h('span', { class: `tag ${r.ok ? 'up' : 'down'}`, 'data-testid': `service-${r.name}` }, r.ok ? 'UP' : 'DOWN')],
        ['', (r) => r.note],
      ]),
    );
  }

  async function loadTraffic(): Promise<void> {
    const res = await fetch('/actuator/prometheus', { headers: { Accept: 'text/plain' } });
    if (!res.ok) {
      render(traffic, h('h2', {}, 'Responses by route and status'), errorBox(await toApiError(res)));
      return;
    }
    const counts = parseRequestCounts(await res.text());
    render(
      traffic,
      h('h2', {}, 'Responses by route and status'),
      h('p', { class: 'muted' }, 'Since the gateway started, all tenants (mnemos_gateway_requests_seconds_count).'),
      table(
        counts,
        [
          ['route', (c) => c.route],
          ['status', (c) => h('span', { class: `tag s${c.status[0]}xx` }, c.status)],
          ['responses', (c) => c.count],
        ],
        'No requests recorded yet.',
      ),
    );
  }

  async function loadLag(): Promise<void> {
    const title = h('h2', {}, 'Kafka lag per consumer group');
    try {
      const report = await api<LagReport>('/v1/admin/system/kafka-lag');
      render(
        kafka,
        title,
        h('p', { class: 'muted' }, `Kafka ${report.bootstrap}, read ${fmtTime(report.fetchedAt)} (reused for a couple of seconds).`),
        report.groups.length === 0
          ? h('p', { class: 'muted', 'data-testid': 'lag-empty' }, 'No consumer groups yet: services create theirs when they first consume an event.')
          : h(
              'table',
              {},
              h('thead', {}, h('tr', {}, ['group', 'state', 'members', 'lag', 'partitions (committed / end)'].map((c) => h('th', {}, c)))),
              h(
                'tbody',
                {},
                report.groups.map((g) =>
                  h(
                    'tr',
                    { 'data-testid': `lag-group-${g.groupId}` },
                    h('td', {}, g.groupId),
                    h('td', {}, h('span', { class: `tag ${g.state === 'STABLE' ? 'up' : 'muted'}` }, g.state)),
                    h('td', { 'data-testid': `lag-members-${g.groupId}` }, g.members),
                    h('td', { 'data-testid': `lag-total-${g.groupId}` }, g.totalLag),
                    h(
                      'td',
                      {},
                      g.partitions.length === 0
                        ? h('span', { class: 'muted' }, 'no committed offsets')
                        : h(
                            'ul',
                            { class: 'plain' },
                            g.partitions.map((p) =>
                              h('li', {}, `${p.topic}-${p.partition}: ${p.committedOffset} / ${p.endOffset ?? '?'} (lag ${p.lag ?? '?'})`),
                            ),
                          ),
                    ),
                  ),
                ),
              ),
            ),
      );
    } catch (e) {
      render(kafka, title, errorBox(e));
    }
  }

  async function loadErrors(): Promise<void> {
    const title = h('h2', {}, 'Recent errors');
    try {
      const list = await api<RecentErrorList>('/v1/admin/system/errors?limit=50');
      render(
        errors,
        title,
        h(
          'p',
          { class: 'muted', 'data-testid': 'recent-errors-loaded' },
          `Responses with status 500 or above on this gateway instance, newest first (it keeps the last ${list.capacity}; with several instances each keeps its own).`,
        ),
        table(
          list.errors,
          [
            ['time', (e) => fmtTime(e.time)],
            ['status', (e) => h('span', { class: `tag s${String(e.status)[0]}xx` }, e.status)],
            ['route', (e) => e.route],
            ['request', (e) => `${e.method} ${e.path}`],
            ['problem', (e) => [e.title ? h('strong', {}, e.title) : null, e.detail ? h('div', {}, e.detail) : null]],
            ['tenant', (e) => e.tenant ?? '-'],
            ['request id', (e) => h('code', {}, e.requestId)],
          ],
          'No failed responses since this gateway instance started.',
        ),
      );
    } catch (e) {
      render(errors, title, errorBox(e));
    }
  }

  refresh.addEventListener('click', () => run(refresh, out, load));
  render(root, h('div', { class: 'row' }, h('h1', {}, 'System'), refresh), out, health, services, traffic, kafka, errors);
  void load();
}

/** Sums mnemos_gateway_requests_seconds_count by route and status (over tenants and methods). */
export function parseRequestCounts(text: string): RouteCount[] {
  const sums = new Map<string, RouteCount>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('mnemos_gateway_requests_seconds_count{')) continue;
    const close = line.lastIndexOf('}');
    const labels = line.slice(line.indexOf('{') + 1, close);
    const value = Number(line.slice(close + 1).trim().split(' ')[0]);
    const get = (name: string) => new RegExp(`(?:^|,)${name}="([^"]*)"`).exec(labels)?.[1] ?? '?';
    const route = get('route');
    const status = get('status');
    const key = `${route} ${status}`;
    const entry = sums.get(key) ?? { route, status, count: 0 };
    entry.count += Number.isFinite(value) ? value : 0;
    sums.set(key, entry);
  }
  return [...sums.values()].sort((a, b) => a.route.localeCompare(b.route) || a.status.localeCompare(b.status));
}

