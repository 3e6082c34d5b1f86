// The console's only door to Mnemos: the gateway, same origin, with the API key kept in sessionStorage.

const KEY_STORAGE = 'mnemos.console.apiKey';

export function apiKey(): string | null {
  return sessionStorage.getItem(KEY_STORAGE);
}

export function setApiKey(key: string | null): void {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

/** An error answer of the API: RFC 9457 problem+json when the server sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly problem: Record<string, unknown> | null,
  ) {
    super(detail ? `${title}: ${detail}` : title);
  }

  /** Field errors of a validation problem, as "field: message" lines. */
  fieldErrors(): string[] {
    const errors = this.problem?.['errors'];
    if (!Array.isArray(errors)) return [];
    return errors.map((e) => {
      const o = e as Record<string, unknown>;
      const field = o['field'] ?? o['name'] ?? o['pointer'] ?? '';
      const msg = o['message'] ?? o['detail'] ?? o['reason'] ?? JSON.stringify(o);
      return field ? `${String(field)}: ${String(msg)}` : String(msg);
    });
  }
}

/** Turns a failed response into an ApiError (problem+json title/detail, or the status line and body text). */
export async function toApiError(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  return problemFrom(res.status, res.statusText, res.headers.get('content-type'), text);
}

export function problemFrom(status: number, statusText: string, contentType: string | null, text: string): ApiError {
  if (contentType && contentType.includes('json') && text) {
    try {
      const p = JSON.parse(text) as Record<string, unknown>;
      const title = typeof p['title'] === 'string' ? p['title'] : `HTTP ${status}`;
      const detail = typeof p['detail'] === 'string' ? p['detail'] : '';
      return new ApiError(status, title, detail, p);
    } catch {
      // not JSON after all
    }
  }
  const title = `HTTP ${status}${statusText ? ' ' + statusText : ''}`;
  return new ApiError(status, title, text.slice(0, 500), null);
}

function headers(extra?: Record<string, string>): Record<string, string> {
  const h: Record<string, string> = { Accept: 'application/json', ...extra };
  const key = apiKey();
  if (key) h['Authorization'] = `Bearer ${key}`;
  return h;
}

/** Calls the API with JSON in and out; throws ApiError on any non-2xx answer. 204 gives null. */
export async function api<T = unknown>(
  path: string,
  init: { method?: string; body?: unknown; auth?: boolean; headers?: Record<string, string> } = {},
): Promise<T> {
  const extra: Record<string, string> = { ...init.headers };
  if (init.body !== undefined) extra['Content-Type'] = 'application/json';
  const h = init.auth === false ? { Accept: 'application/json', ...extra } : headers(extra);
  const res = await fetch(path, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: h,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return null as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : null) as T;
}

/** One Server-Sent Event. */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/**
 * POSTs JSON and reads the answer as Server-Sent Events through fetch streaming (EventSource cannot POST or send an
 * Authorization header). Calls onEvent for each event; resolves when the server ends the stream.
 */
export async function postForEvents(
  path: string,
  body: unknown,
  onEvent: (e: SseEvent) => void,
  signal?: AbortSignal,
): Promise<void> {
  const res = await fetch(path, {
    method: 'POST',
    headers: headers({ 'Content-Type': 'application/json', Accept: 'text/event-stream' }),
    body: JSON.stringify(body),
    signal,
  });
  if (!res.ok) throw await toApiError(res);
  if (!res.body) throw new ApiError(res.status, 'No stream', 'The response has no body to read events from.', null);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    // Events end with a blank line (\n\n, \r\n\r\n or \r\r).
    buffer = buffer.replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const ev = parseSseBlock(block);
      if (ev) onEvent(ev);
    }
  }
  const last = parseSseBlock(buffer.trim());
  if (last) onEvent(last);
}

export function parseSseBlock(block: string): SseEvent | null {
  let event = 'message';
  let id: string | undefined;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (!line || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id') id = value;
  }
  if (data.length === 0) return null;
  return { event, data: data.join('\n'), id };
}

/**
 * Uploads files as multipart/form-data with XMLHttpRequest, which (unlike fetch) reports upload progress.
 * onProgress gets the fraction sent, 0..1.
 */
export function uploadFiles<T = unknown>(
  path: string,
  form: FormData,
  onProgress: (fraction: number) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    const key = apiKey();
    if (key) xhr.setRequestHeader('Authorization', `Bearer ${key}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.upload.onload = () => onProgress(1);
    xhr.onerror = () => reject(new ApiError(0, 'Network error', 'The upload did not reach the gateway.', null));
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve((xhr.responseText ? JSON.parse(xhr.responseText) : null) as T);
        } catch (e) {
          reject(new ApiError(xhr.status, 'Unreadable answer', String(e), null));
        }
      } else {
        reject(problemFrom(xhr.status, xhr.statusText, xhr.getResponseHeader('content-type'), xhr.responseText));
      }
    };
    xhr.send(form);
  });
}

/** Encodes one path segment. */
export function seg(s: string): string {
  return encodeURIComponent(s);
}
