import { toApiError } from '../api';
import { errorBox, h, jsonBlock, render, run, table } from '../ui';

const SERVICES: [string, string][] = [
  ['orchestrator-llm', 'orchestrator'],
  ['memory-service', 'memory'],
  ['retrieval-service', 'retrieval'],
  ['speech-service', 'speech'],
  ['vision-service', 'vision'],
];

interface RouteCount {
  route: string;
  status: string;
  count: number;
}

/**
 * System: what the gateway exposes today. Its own /actuator/health; whether each service answers through the gateway
 * (its OpenAPI document, routed like any other call); responses per route and status from /actuator/prometheus.
 * Kafka consumer lag and a recent-errors log have no endpoint yet, and are shown as not available.
 */
export function systemPage(root: HTMLElement): void {
  const health = h('section', { class: 'card' }, h('h2', {}, 'Gateway health'));
  const loading = () => h('p', { class: 'muted' }, 'loading…');
  health.append(loading());
  const services = h('section', { class: 'card' }, h('h2', {}, 'Services through the gateway'), loading());
  const traffic = h('section', { class: 'card' }, h('h2', {}, 'Responses by route and status'), loading());
  const kafka = h(
    'section',
    { class: 'card' },
    h('h2', {}, 'Kafka lag per consumer group'),
    h('p', { class: 'na', 'data-testid': 'kafka-lag' }, 'Not available yet: no endpoint of the gateway exposes consumer lag.'),
  );
  const errors = h(
    'section',
    { class: 'card' },
    h('h2', {}, 'Recent errors'),
    h(
      'p',
      { class: 'na', 'data-testid': 'recent-errors' },
      'Not available yet: no endpoint lists recent errors. The 4xx/5xx counts per route above come from the gateway\'s metrics.',
    ),
  );
  const refresh = h('button', { type: 'button', 'data-testid': 'system-refresh' }, 'Refresh');
  const out = h('div', {});

  async function load(): Promise<void> {
    await Promise.allSettled([loadHealth(), loadServices(), loadTraffic()]);
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

