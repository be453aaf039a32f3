/**
 * The SmarterOS chat widget, pasted on a tenant's site:
 *
 *     <script src="https://SERVER/widget.js" data-inbox="INBOX_ID" async></script>
 *
 * Optional identity verification: data-user-id, data-user-hash (hex HMAC-SHA256 of the user id with the inbox's
 * identity secret, computed on the site's server) and data-user-name. Plain DOM in a shadow root (the page's styles do
 * not reach it, its styles do not leak); Spanish (es-CL, usted) or English by the page's language. Keyboard: the
 * launcher opens the panel and focuses the text box, Enter sends, Shift+Enter breaks the line, Escape closes and
 * returns focus to the launcher. New messages are announced (role="log").
 */

interface Message {
  id: string;
  client_message_id: string | null;
  direction: 'incoming' | 'outgoing';
  sender_type: string;
  content: string | null;
  status: string;
  sent_at: string;
}

const WORDS = {
  es: {
    open: 'Abrir chat',
    close: 'Cerrar chat',
    title: 'Chat con nosotros',
    greeting: 'Hola, ¿en qué podemos ayudarle?',
    label: 'Escriba su mensaje',
    placeholder: 'Escriba su mensaje…',
    send: 'Enviar',
    you: 'Usted',
    team: 'Equipo',
    failed: 'No se pudo enviar. Reintentar',
    offline: 'Reconectando…',
  },
  en: {
    open: 'Open chat',
    close: 'Close chat',
    title: 'Chat with us',
    greeting: 'Hi, how can we help you?',
    label: 'Type your message',
    placeholder: 'Type your message…',
    send: 'Send',
    you: 'You',
    team: 'Team',
    failed: 'Not sent. Retry',
    offline: 'Reconnecting…',
  },
} as const;

const CSS = `
:host{all:initial}
*{box-sizing:border-box;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.launch{position:fixed;right:20px;bottom:20px;z-index:2147483000;width:56px;height:56px;border-radius:50%;border:0;background:#1f4fd1;color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);display:flex;align-items:center;justify-content:center}
.launch svg{width:28px;height:28px;fill:currentColor}
button:focus-visible,textarea:focus-visible{outline:3px solid #f5a623;outline-offset:2px}
.panel{position:fixed;right:20px;bottom:88px;z-index:2147483000;width:min(360px,calc(100vw - 24px));height:min(520px,calc(100vh - 110px));background:#fff;color:#1b1b1b;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.3);display:flex;flex-direction:column;overflow:hidden}
.panel[hidden]{display:none}
header{display:flex;align-items:center;justify-content:space-between;padding:12px 14px;background:#1f4fd1;color:#fff}
h2{margin:0;font-size:16px;font-weight:600}
.x{background:transparent;border:0;color:#fff;font-size:22px;line-height:1;cursor:pointer;padding:4px 8px;border-radius:6px}
ol{list-style:none;margin:0;padding:12px;flex:1;overflow-y:auto;display:flex;flex-direction:column;gap:8px;font-size:14px;line-height:1.4}
li{max-width:85%;padding:8px 11px;border-radius:12px;white-space:pre-wrap;word-wrap:break-word}
li.in{align-self:flex-end;background:#1f4fd1;color:#fff;border-bottom-right-radius:4px}
li.out{align-self:flex-start;background:#eef1f6;border-bottom-left-radius:4px}
li.hello{align-self:flex-start;background:#eef1f6}
.who{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
li button{display:block;margin-top:4px;background:none;border:0;color:inherit;text-decoration:underline;cursor:pointer;padding:0;font-size:12px}
.state{font-size:12px;color:#555;padding:0 14px}
form{display:flex;gap:8px;padding:10px;border-top:1px solid #e2e5ea}
textarea{flex:1;resize:none;height:42px;padding:10px;border:1px solid #b8bfca;border-radius:8px;font-size:14px;color:#1b1b1b}
.send{border:0;border-radius:8px;background:#1f4fd1;color:#fff;padding:0 14px;font-size:14px;cursor:pointer}
@media (prefers-reduced-motion:no-preference){.panel{transition:opacity .15s}}
`;

const uuid = (): string =>
  typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) => (Number(c) ^ (crypto.getRandomValues(new Uint8Array(1))[0]! & (15 >> (Number(c) / 4)))).toString(16));

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function start(script: HTMLScriptElement): void {
  const inbox = script.dataset.inbox ?? '';
  if (!/^[0-9a-f-]{36}$/i.test(inbox)) {
    console.warn('SmarterOS chat: data-inbox is missing or not an inbox id');
    return;
  }
  const api = `${new URL(script.src).origin}/api/v1/chat/web/${inbox}`;
  const lang = (document.documentElement.lang || navigator.language || 'es').toLowerCase().startsWith('en') ? 'en' : 'es';
  const w = WORDS[lang];
  const storeKey = `smarteros-chat:${inbox}`;
  let token = '';
  let lastEventId = '';
  let streaming = false;
  const shown = new Map<string, HTMLLIElement>();

  const call = async (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${api}${path}`, { ...init, headers: { 'content-type': 'application/json', ...(token ? { 'x-visitor-token': token } : {}), ...(init.headers as Record<string, string> | undefined) } });

  // The UI, in a shadow root.
  const host = el('div', { 'data-smarteros-chat': '' });
  const root = host.attachShadow({ mode: 'open' });
  const style = el('style', {}, CSS);
  const launch = el('button', { class: 'launch', type: 'button', 'aria-label': w.open, 'aria-expanded': 'false', 'aria-controls': 'smarteros-chat-panel' });
  launch.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/></svg>';
  const panel = el('section', { class: 'panel', id: 'smarteros-chat-panel', role: 'dialog', 'aria-labelledby': 'smarteros-chat-title', lang: lang === 'es' ? 'es-CL' : 'en' });
  panel.hidden = true;
  const header = el('header');
  const title = el('h2', { id: 'smarteros-chat-title' }, w.title);
  const close = el('button', { class: 'x', type: 'button', 'aria-label': w.close }, '×');
  header.append(title, close);
  const log = el('ol', { role: 'log', 'aria-live': 'polite', 'aria-label': w.title });
  const hello = el('li', { class: 'hello' });
  log.append(hello);
  const state = el('p', { class: 'state', role: 'status' });
  const form = el('form');
  const boxId = 'smarteros-chat-input';
  const label = el('label', { for: boxId, class: 'who' }, w.label);
  const box = el('textarea', { id: boxId, rows: '1', placeholder: w.placeholder, maxlength: '4096', autocomplete: 'off' });
  const send = el('button', { class: 'send', type: 'submit' }, w.send);
  form.append(label, box, send);
  panel.append(header, log, state, form);
  root.append(style, launch, panel);

  function render(m: Message): void {
    const key = m.client_message_id ? `c:${m.client_message_id}` : `m:${m.id}`;
    let li = shown.get(key) ?? shown.get(`m:${m.id}`);
    if (!li) {
      li = el('li', { class: m.direction === 'incoming' ? 'in' : 'out' });
      log.append(li);
      log.scrollTop = log.scrollHeight;
    }
    shown.set(key, li);
    shown.set(`m:${m.id}`, li);
    li.replaceChildren(el('span', { class: 'who' }, `${m.direction === 'incoming' ? w.you : w.team}: `), document.createTextNode(m.content ?? ''));
  }

  async function post(clientId: string, content: string, li: HTMLLIElement): Promise<void> {
    try {
      const res = await call('/messages', { method: 'POST', body: JSON.stringify({ client_message_id: clientId, content }) });
      if (!res.ok) throw new Error(String(res.status));
      render((await res.json()) as Message);
    } catch {
      // Sent again with the same id: stored once, however many tries.
      const retry = el('button', { type: 'button' }, w.failed);
      retry.addEventListener('click', () => {
        retry.remove();
        void post(clientId, content, li);
      });
      li.append(retry);
    }
  }

  async function load(): Promise<void> {
    const res = await call('/messages');
    if (res.ok) for (const m of ((await res.json()) as { items: Message[] }).items) render(m);
  }

  /** The visitor's live replies: SSE over fetch (the token in a header), reconnecting from the last event seen. */
  async function stream(): Promise<void> {
    if (streaming) return;
    streaming = true;
    for (let wait = 1000; ; wait = Math.min(wait * 2, 30_000)) {
      try {
        const res = await call('/stream', { headers: lastEventId ? { 'last-event-id': lastEventId } : {} });
        // An expired token: a new session, then the wait below.
        if (res.status === 401) await session();
        if (!res.ok || !res.body) throw new Error(String(res.status));
        state.textContent = '';
        wait = 1000;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            let event = 'message';
            let data = '';
            for (const line of block.split('\n')) {
              if (line.startsWith('id: ')) lastEventId = line.slice(4);
              else if (line.startsWith('event: ')) event = line.slice(7);
              else if (line.startsWith('data: ')) data += line.slice(6);
            }
            if (event === 'message' && data) render(JSON.parse(data) as Message);
            else if (event === 'reset') await load();
          }
        }
      } catch {
        // Falls through to the wait below.
      }
      state.textContent = w.offline;
      await new Promise((done) => setTimeout(done, wait));
    }
  }

  async function session(): Promise<boolean> {
    let saved: string | null = null;
    try {
      saved = localStorage.getItem(storeKey);
    } catch {
      // Storage blocked: a new visitor on every page.
    }
    const d = script.dataset;
    const body = { ...(saved ? { token: saved } : {}), ...(d.userId && d.userHash ? { user_id: d.userId, user_hash: d.userHash, ...(d.userName ? { name: d.userName } : {}) } : {}) };
    token = '';
    const res = await call('/session', { method: 'POST', body: JSON.stringify(body) });
    if (!res.ok) return false;
    const out = (await res.json()) as { token: string; inbox: { greeting: string | null } };
    token = out.token;
    hello.textContent = out.inbox.greeting ?? w.greeting;
    try {
      localStorage.setItem(storeKey, token);
    } catch {
      // As above.
    }
    return true;
  }

  function toggle(open: boolean): void {
    panel.hidden = !open;
    launch.setAttribute('aria-expanded', String(open));
    launch.setAttribute('aria-label', open ? w.close : w.open);
    if (open) {
      box.focus();
      void load().then(stream);
    } else launch.focus();
  }

  launch.addEventListener('click', () => toggle(launch.getAttribute('aria-expanded') !== 'true'));
  close.addEventListener('click', () => toggle(false));
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') toggle(false);
  });
  box.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const content = box.value.trim();
    if (!content) return;
    box.value = '';
    const clientId = uuid();
    render({ id: `local-${clientId}`, client_message_id: clientId, direction: 'incoming', sender_type: 'contact', content, status: 'pending', sent_at: new Date().toISOString() });
    void post(clientId, content, shown.get(`c:${clientId}`)!);
  });

  // Shown only where the server serves this site (an origin the inbox does not allow gets nothing).
  void session().then(
    (ok) => {
      if (ok) document.body.append(host);
      else console.warn('SmarterOS chat: this site is not allowed for the inbox');
    },
    () => console.warn('SmarterOS chat: this site is not allowed for the inbox, or the server is unreachable'),
  );
}

const current = document.currentScript;
if (current instanceof HTMLScriptElement) {
  if (document.body) start(current);
  else document.addEventListener('DOMContentLoaded', () => start(current));
}
