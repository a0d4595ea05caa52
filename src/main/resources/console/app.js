// The swfd web console: a single page that calls the SWF JSON API of the server it came from
// (POST / with X-Amz-Target), signed with SigV4 like any client. It has no powers of its own:
// with credentials configured on the server it asks for an access key and can do what that key can.
'use strict';

(() => {
  const ANONYMOUS = { accessKeyId: 'swfd-console', secretAccessKey: 'swfd-console' };
  const AUTH_ERRORS = new Set(['UnrecognizedClientException', 'MissingAuthenticationTokenException', 'InvalidSignatureException',
    'IncompleteSignatureException', 'InvalidClientTokenId', 'SignatureDoesNotMatch', 'ExpiredTokenException']);
  const PAGE = 50;
  const store = window.sessionStorage;

  const state = {
    region: store.getItem('swfd.region') || 'us-east-1',
    creds: JSON.parse(store.getItem('swfd.creds') || 'null'),
    virtualNow: null, // the server's virtual clock, when it runs with time control
    timer: null,
    loginShown: false,
  };

  // ---------------------------------------------------------------- the API

  class SwfError extends Error {
    constructor(type, message, status) {
      super(message ? `${type}: ${message}` : type);
      this.type = type;
      this.detail = message;
      this.status = status;
    }
  }

  async function swf(operation, input) {
    const body = JSON.stringify(input || {});
    const creds = state.creds || ANONYMOUS;
    const headers = {
      host: location.host,
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'SimpleWorkflowService.' + operation,
    };
    if (creds.sessionToken) headers['x-amz-security-token'] = creds.sessionToken;
    const signed = await SigV4.sign({
      method: 'POST', path: '/', headers, body, region: state.region, service: 'swf',
      accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey,
    });
    const sent = { ...headers, 'x-amz-date': signed.amzDate, authorization: signed.authorization };
    delete sent.host; // the browser sends it, and it is what was signed
    let response;
    try {
      response = await fetch('/', { method: 'POST', headers: sent, body, cache: 'no-store', credentials: 'omit' });
    } catch (e) {
      throw new SwfError('NetworkError', 'cannot reach the server (' + e.message + ')', 0);
    }
    const text = await response.text();
    let json = {};
    try {
      json = text ? JSON.parse(text) : {};
    } catch (e) {
      throw new SwfError('HTTP ' + response.status, text.slice(0, 200), response.status);
    }
    if (!response.ok) {
      const type = String(json.__type || json.code || ('HTTP ' + response.status)).split('#').pop();
      const err = new SwfError(type, json.message || json.Message || '', response.status);
      if (AUTH_ERRORS.has(type)) askForKeys(err);
      throw err;
    }
    return json;
  }

  /** Every page of a list operation, joined. */
  async function allPages(operation, input, field, limit) {
    const out = [];
    let token;
    do {
      const page = await swf(operation, { ...input, ...(token ? { nextPageToken: token } : {}) });
      out.push(...(page[field] || []));
      token = page.nextPageToken;
    } while (token && (!limit || out.length < limit));
    return out;
  }

  async function history(domain, execution) {
    return allPages('GetWorkflowExecutionHistory', { domain, execution, maximumPageSize: 1000 }, 'events');
  }

  async function refreshClock() {
    try {
      const r = await fetch('/swfd/admin/clock', { cache: 'no-store', credentials: 'omit' });
      if (!r.ok) throw new Error();
      const c = await r.json();
      state.virtualNow = Number(c.now);
      const el = document.getElementById('clock');
      el.hidden = false;
      el.textContent = 'virtual clock ' + fmtTime(state.virtualNow) + (c.autoSkip ? ' · auto-skip' : '');
      el.title = 'The server runs with --time-control: event times are on this clock.';
    } catch (e) {
      state.virtualNow = null;
      document.getElementById('clock').hidden = true;
    }
  }

  function now() {
    return state.virtualNow != null ? state.virtualNow : Date.now() / 1000;
  }

  // ---------------------------------------------------------------- small helpers

  function h(tag, props, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v == null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'style') Object.assign(el.style, v);
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (k === 'value') el.value = v;
      else if (k === 'checked' || k === 'disabled' || k === 'hidden' || k === 'selected' || k === 'required') el[k] = !!v;
      else el.setAttribute(k, v === true ? '' : v);
    }
    append(el, children);
    return el;
  }

  function append(el, children) {
    for (const c of children.flat(Infinity)) {
      if (c == null || c === false) continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }

  function pad(n, w = 2) { return String(n).padStart(w, '0'); }

  /** SWF timestamps are seconds since the epoch (with a fraction); shown in UTC, like the CLI. */
  function fmtTime(seconds) {
    if (seconds == null) return '';
    const d = new Date(Math.round(Number(seconds) * 1000));
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:`
      + `${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
  }

  function fmtDuration(seconds) {
    if (seconds == null || isNaN(seconds)) return '';
    const neg = seconds < 0;
    let ms = Math.round(Math.abs(seconds) * 1000);
    const d = Math.floor(ms / 86400000); ms -= d * 86400000;
    const hh = Math.floor(ms / 3600000); ms -= hh * 3600000;
    const mm = Math.floor(ms / 60000); ms -= mm * 60000;
    const ss = ms / 1000;
    const parts = [];
    if (d) parts.push(d + 'd');
    if (d || hh) parts.push(hh + 'h');
    if (d || hh || mm) parts.push(mm + 'm');
    if (!d && !hh) parts.push((mm ? Math.round(ss) : +ss.toFixed(ss < 10 ? 3 : 1)) + 's');
    return (neg ? '-' : '') + parts.join(' ');
  }

  /** A round duration for the timeline's axis: 5m, 1h 30m, 2d, 500ms. */
  function fmtTick(seconds) {
    if (seconds < 1) return Math.round(seconds * 1000) + 'ms';
    const units = [[86400, 'd'], [3600, 'h'], [60, 'm'], [1, 's']];
    const parts = [];
    let rest = Math.round(seconds);
    for (const [n, u] of units) {
      if (rest >= n) { parts.push(Math.floor(rest / n) + u); rest %= n; }
    }
    return parts.join(' ');
  }

  function short(s, n = 12) { return s && s.length > n ? s.slice(0, n) + '…' : s; }

  function link(href, text, props) { return h('a', { href, ...(props || {}) }, text); }

  function route(...parts) { return '#/' + parts.map(encodeURIComponent).join('/'); }

  function statusBadge(info) {
    if (!info) return '';
    if (info.executionStatus === 'OPEN') {
      return h('span', { class: 'badge run' }, info.cancelRequested ? 'OPEN · cancel requested' : 'OPEN');
    }
    const s = info.closeStatus || 'CLOSED';
    const cls = s === 'COMPLETED' ? 'ok' : s === 'CONTINUED_AS_NEW' ? '' : s === 'CANCELED' ? 'warn' : 'bad';
    return h('span', { class: 'badge ' + cls }, s.replace(/_/g, ' '));
  }

  function typeText(t) { return t ? `${t.name} ${t.version}` : ''; }

  function errorBox(e) {
    const box = h('div', { class: 'error' }, e.message || String(e));
    if (e.type && AUTH_ERRORS.has(e.type) || e.type === 'AccessDeniedException') {
      box.append(' ', h('button', { type: 'button', class: 'link', onclick: () => askForKeys(null, true) }, 'Sign in with another key'));
    }
    return box;
  }

  function setCrumbs(...items) {
    const nav = document.getElementById('crumbs');
    nav.replaceChildren();
    items.forEach((it, i) => {
      if (i) nav.append(h('span', { class: 'sep' }, '›'));
      nav.append(it.href ? link(it.href, it.text, { title: it.text }) : h('span', { title: it.text }, it.text));
    });
    document.title = items.length ? items[items.length - 1].text + ' · swfd console' : 'swfd console';
  }

  function main(...children) {
    const m = document.getElementById('main');
    m.replaceChildren();
    append(m, children);
    return m;
  }

  function dtToSeconds(value) { // <input type=datetime-local> read as UTC
    if (!value) return null;
    return Date.parse(value + (value.length === 16 ? ':00' : '') + 'Z') / 1000;
  }

  function secondsToDt(seconds) {
    if (seconds == null || seconds === '') return '';
    return new Date(Number(seconds) * 1000).toISOString().slice(0, 16);
  }

  // ---------------------------------------------------------------- sign-in

  function askForKeys(cause, force) {
    if (state.loginShown && !force) return;
    state.loginShown = true;
    const keyId = h('input', { name: 'accessKeyId', required: true, autocomplete: 'username', spellcheck: 'false',
      value: state.creds ? state.creds.accessKeyId : '' });
    const secret = h('input', { name: 'secretAccessKey', type: 'password', required: true, autocomplete: 'current-password' });
    const token = h('input', { name: 'sessionToken', type: 'password', autocomplete: 'off' });
    const region = h('input', { name: 'region', value: state.region, list: 'regions', spellcheck: 'false' });
    const form = h('form', {
      onsubmit: (ev) => {
        ev.preventDefault();
        state.creds = { accessKeyId: keyId.value.trim(), secretAccessKey: secret.value };
        if (token.value.trim()) state.creds.sessionToken = token.value.trim();
        store.setItem('swfd.creds', JSON.stringify(state.creds));
        setRegion(region.value.trim() || 'us-east-1');
        closeModal();
        state.loginShown = false;
        showWho();
        render();
      },
    },
    h('label', {}, 'Access key ID', keyId),
    h('label', {}, 'Secret access key', secret),
    h('label', {}, 'Session token (temporary credentials only)', token),
    h('label', {}, 'Region', region),
    h('div', { class: 'buttons' },
      h('button', { type: 'button', onclick: () => { closeModal(); state.loginShown = false; } }, 'Cancel'),
      h('button', { type: 'submit', class: 'primary' }, 'Sign in')));
    openModal(h('div', { class: 'dialog', role: 'dialog', 'aria-label': 'Sign in' },
      h('h3', {}, 'Sign in to swfd'),
      h('p', {}, cause ? `The server refused the console's request (${cause.type}). ` : '',
        'This server checks signatures: enter an access key it knows. The console signs each call with it in this ',
        'browser (AWS Signature Version 4); the secret never leaves the page and is kept only for this tab.'),
      form));
    (state.creds ? secret : keyId).focus();
  }

  function showWho() {
    const who = document.getElementById('who');
    const btn = document.getElementById('signin');
    if (state.creds) {
      who.textContent = state.creds.accessKeyId;
      who.title = 'Requests are signed with this access key';
      btn.textContent = 'Sign out';
    } else {
      who.textContent = '';
      btn.textContent = 'Sign in';
    }
  }

  function setRegion(r) {
    state.region = r;
    store.setItem('swfd.region', r);
    document.getElementById('region').value = r;
  }

  function openModal(content) {
    const m = document.getElementById('modal');
    m.replaceChildren(content);
    m.hidden = false;
  }

  function closeModal() {
    const m = document.getElementById('modal');
    m.hidden = true;
    m.replaceChildren();
  }

  function confirmDialog(title, text, fields, okText, danger, action) {
    const err = h('div');
    const form = h('form', {
      onsubmit: async (ev) => {
        ev.preventDefault();
        const values = Object.fromEntries(new FormData(form).entries());
        const ok = form.querySelector('button[type=submit]');
        ok.disabled = true;
        try {
          await action(values);
          closeModal();
          render();
        } catch (e) {
          err.replaceChildren(errorBox(e));
          ok.disabled = false;
        }
      },
    }, fields, err, h('div', { class: 'buttons' },
      h('button', { type: 'button', onclick: closeModal }, 'Cancel'),
      h('button', { type: 'submit', class: danger ? 'danger primary' : 'primary' }, okText)));
    openModal(h('div', { class: 'dialog', role: 'dialog', 'aria-label': title }, h('h3', {}, title), text ? h('p', {}, text) : null, form));
    const first = form.querySelector('input, textarea, select');
    if (first) first.focus();
  }

  // ---------------------------------------------------------------- router

  function parseHash() {
    const [path, query] = location.hash.replace(/^#/, '').split('?');
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    return { parts, params: new URLSearchParams(query || '') };
  }

  let renderId = 0;
  async function render() {
    const id = ++renderId;
    clearInterval(state.timer);
    state.timer = null;
    const { parts, params } = parseHash();
    await refreshClock();
    if (id !== renderId) return;
    try {
      if (parts[0] === 'domain' && parts.length === 2) await viewExecutions(parts[1], params, id);
      else if (parts[0] === 'domain' && parts[2] === 'tasks') await viewTaskLists(parts[1], params, id);
      else if (parts[0] === 'domain' && parts[2] === 'types') await viewTypes(parts[1], params, id);
      else if (parts[0] === 'find') await viewFind(params, id);
      else if (parts[0] === 'domain' && parts[2] === 'execution' && parts.length >= 5) await viewExecution(parts[1], parts[3], parts[4], params, id);
      else await viewDomains(params, id);
    } catch (e) {
      if (id === renderId) main(errorBox(e));
    }
  }

  const current = (id) => id === renderId;

  // ---------------------------------------------------------------- domains

  async function viewDomains(params, id) {
    setCrumbs({ text: 'Domains' });
    main(h('div', { class: 'loading' }, 'Loading domains…'));
    const showDeprecated = params.get('deprecated') === '1';
    const statuses = showDeprecated ? ['REGISTERED', 'DEPRECATED'] : ['REGISTERED'];
    const domains = [];
    for (const s of statuses) domains.push(...await allPages('ListDomains', { registrationStatus: s, maximumPageSize: 1000 }, 'domainInfos'));
    const details = await Promise.all(domains.map(async (d) => {
      const [desc, open] = await Promise.all([
        swf('DescribeDomain', { name: d.name }),
        swf('CountOpenWorkflowExecutions', { domain: d.name, startTimeFilter: { oldestDate: 0 } }).catch(() => null),
      ]);
      return { d, desc, open };
    }));
    if (!current(id)) return;
    const table = h('table', { class: 'grid', id: 'domains' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Domain'), h('th', {}, 'Status'), h('th', {}, 'Retention'),
        h('th', { class: 'num' }, 'Open executions'), h('th', {}, 'Description'), h('th', {}, ''))),
      h('tbody', {}, details.map(({ d, desc, open }) => h('tr', {},
        h('td', {}, link(route('domain', d.name), d.name)),
        h('td', {}, h('span', { class: 'badge ' + (d.status === 'REGISTERED' ? 'ok' : '') }, d.status)),
        h('td', {}, desc.configuration.workflowExecutionRetentionPeriodInDays === 'NONE' ? 'none'
          : desc.configuration.workflowExecutionRetentionPeriodInDays + ' days'),
        h('td', { class: 'num' }, open ? String(open.count) + (open.truncated ? '+' : '') : '–'),
        h('td', {}, d.description || h('span', { class: 'muted' }, '—')),
        h('td', { class: 'nowrap' }, link(route('domain', d.name) + '?status=closed', 'closed'), ' · ',
          link(route('domain', d.name, 'types'), 'types'), ' · ', link(route('domain', d.name, 'tasks'), 'task lists'))))));
    main(
      h('h1', {}, 'Domains', h('span', { class: 'muted' }, `in ${state.region}`)),
      h('div', { class: 'toolbar' },
        h('label', {}, h('input', { type: 'checkbox', checked: showDeprecated, style: { display: 'inline', marginRight: '6px' },
          onchange: (e) => { location.hash = '#/' + (e.target.checked ? '?deprecated=1' : ''); } }), 'Show deprecated domains')),
      domains.length ? table : h('div', { class: 'notice' }, `No domains in ${state.region}. Register one with any SWF client, e.g. `,
        h('code', {}, `aws swf register-domain --name orders --workflow-execution-retention-period-in-days 7 --endpoint-url ${location.origin}`)));
  }

  // ---------------------------------------------------------------- executions

  const CLOSE_STATUSES = ['COMPLETED', 'FAILED', 'CANCELED', 'TERMINATED', 'CONTINUED_AS_NEW', 'TIMED_OUT'];

  function visibilityRequest(domain, p, closed) {
    const req = { domain };
    const timeKind = closed && p.get('time') === 'close' ? 'closeTimeFilter' : 'startTimeFilter';
    const oldest = dtToSeconds(p.get('from'));
    const latest = dtToSeconds(p.get('to'));
    req[timeKind] = { oldestDate: oldest != null ? oldest : 0 };
    if (latest != null) req[timeKind].latestDate = latest;
    if (p.get('workflowId')) req.executionFilter = { workflowId: p.get('workflowId') };
    if (p.get('type')) req.typeFilter = { name: p.get('type'), ...(p.get('version') ? { version: p.get('version') } : {}) };
    if (p.get('tag')) req.tagFilter = { tag: p.get('tag') };
    if (closed && p.get('closeStatus')) req.closeStatusFilter = { status: p.get('closeStatus') };
    return req;
  }

  async function viewExecutions(domain, p, id) {
    const closed = p.get('status') === 'closed';
    setCrumbs({ text: 'Domains', href: '#/' }, { text: domain, href: route('domain', domain) }, { text: closed ? 'Closed executions' : 'Open executions' });
    main(h('div', { class: 'loading' }, 'Loading executions…'));
    const req = visibilityRequest(domain, p, closed);
    const [page, count] = await Promise.all([
      swf(closed ? 'ListClosedWorkflowExecutions' : 'ListOpenWorkflowExecutions', { ...req, maximumPageSize: PAGE }),
      swf(closed ? 'CountClosedWorkflowExecutions' : 'CountOpenWorkflowExecutions', req).catch(() => null),
    ]);
    if (!current(id)) return;

    const q = (k) => p.get(k) || '';
    const field = (name, label, props) => h('label', {}, label, h('input', { name, value: q(name), size: 18, spellcheck: 'false', ...(props || {}) }));
    const form = h('form', {
      class: 'filters panel', id: 'filters',
      onsubmit: (ev) => {
        ev.preventDefault();
        const np = new URLSearchParams();
        if (closed) np.set('status', 'closed');
        for (const [k, v] of new FormData(form).entries()) if (String(v).trim()) np.set(k, String(v).trim());
        location.hash = route('domain', domain) + '?' + np.toString();
      },
    },
    field('workflowId', 'Workflow ID'),
    field('type', 'Type name', { size: 14 }), field('version', 'Type version', { size: 6 }),
    field('tag', 'Tag', { size: 12 }),
    closed ? h('label', {}, 'Close status', h('select', { name: 'closeStatus' }, h('option', { value: '' }, 'any'),
      CLOSE_STATUSES.map((s) => h('option', { value: s, selected: q('closeStatus') === s }, s)))) : null,
    closed ? h('label', {}, 'Time of', h('select', { name: 'time' }, h('option', { value: 'start' }, 'start'),
      h('option', { value: 'close', selected: q('time') === 'close' }, 'close'))) : null,
    h('label', {}, 'From (UTC)', h('input', { type: 'datetime-local', name: 'from', value: secondsToDt(dtToSeconds(q('from'))) })),
    h('label', {}, 'To (UTC)', h('input', { type: 'datetime-local', name: 'to', value: secondsToDt(dtToSeconds(q('to'))) })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Filter'),
      h('button', { type: 'button', onclick: () => { location.hash = route('domain', domain) + (closed ? '?status=closed' : ''); } }, 'Clear')),
    h('div', { class: 'muted', style: { flexBasis: '100%', fontSize: '12px' } },
      'As in SWF, at most one of workflow ID, type, tag and close status can be used at a time.'));

    const tbody = h('tbody');
    const addRows = (infos) => infos.forEach((e) => tbody.append(h('tr', {},
      h('td', {}, link(route('domain', domain, 'execution', e.execution.workflowId, e.execution.runId), e.execution.workflowId)),
      h('td', { class: 'mono', title: e.execution.runId }, short(e.execution.runId, 14)),
      h('td', {}, typeText(e.workflowType)),
      h('td', {}, statusBadge(e)),
      h('td', { class: 'nowrap' }, fmtTime(e.startTimestamp)),
      closed ? h('td', { class: 'nowrap' }, fmtTime(e.closeTimestamp)) : null,
      h('td', { class: 'num' }, fmtDuration((e.closeTimestamp || now()) - e.startTimestamp)),
      h('td', {}, (e.tagList || []).map((t) => h('span', { class: 'badge', style: { marginRight: '4px' } }, t))))));
    addRows(page.executionInfos || []);
    let token = page.nextPageToken;
    const more = h('button', {
      type: 'button', hidden: !token,
      onclick: async () => {
        more.disabled = true;
        const next = await swf(closed ? 'ListClosedWorkflowExecutions' : 'ListOpenWorkflowExecutions', { ...req, maximumPageSize: PAGE, nextPageToken: token });
        addRows(next.executionInfos || []);
        token = next.nextPageToken;
        more.hidden = !token;
        more.disabled = false;
      },
    }, 'Load more');

    const tabLink = (isClosed, text) => link(route('domain', domain) + (isClosed ? '?status=closed' : ''), text, { class: isClosed === closed ? 'active' : '' });
    main(
      h('h1', {}, domain),
      h('div', { class: 'tabs' }, tabLink(false, 'Open'), tabLink(true, 'Closed'), link(route('domain', domain, 'types'), 'Types'),
        link(route('domain', domain, 'tasks'), 'Task lists')),
      form,
      h('div', { class: 'toolbar' }, h('span', { class: 'grow muted', id: 'count' },
        count ? `${count.count}${count.truncated ? '+' : ''} ${closed ? 'closed' : 'open'} execution${count.count === 1 ? '' : 's'} match` : '')),
      (page.executionInfos || []).length
        ? h('table', { class: 'grid', id: 'executions' }, h('thead', {}, h('tr', {}, h('th', {}, 'Workflow ID'), h('th', {}, 'Run ID'),
          h('th', {}, 'Type'), h('th', {}, 'Status'), h('th', {}, 'Started (UTC)'), closed ? h('th', {}, 'Closed (UTC)') : null,
          h('th', { class: 'num' }, closed ? 'Duration' : 'Running for'), h('th', {}, 'Tags'))), tbody)
        : h('div', { class: 'notice' }, `No ${closed ? 'closed' : 'open'} executions match.`),
      h('div', { class: 'toolbar' }, more));
  }

  // ---------------------------------------------------------------- one execution

  const ATTRS = (e) => {
    for (const k of Object.keys(e)) if (k.endsWith('EventAttributes')) return e[k];
    return {};
  };

  function eventClass(type) {
    if (/TimedOut$|Failed$|Terminated$|^ActivityTaskTimedOut|^WorkflowExecutionFailed/.test(type)) return 'ev-bad';
    if (/Cancel(ed|Requested)$|CancelRequested|Canceled/.test(type)) return 'ev-warn';
    if (/^DecisionTask/.test(type)) return 'ev-decision';
    if (/Completed$|Fired$/.test(type)) return 'ev-ok';
    return '';
  }

  /** Follows the history and pairs up each activity's, timer's, child's and decision's events. */
  function model(events, info) {
    const byId = new Map(events.map((e) => [e.eventId, e]));
    const activities = new Map();
    const decisions = [];
    const timers = new Map();
    const children = new Map();
    const lambdas = new Map();
    const points = [];
    let openDecision = null;
    for (const e of events) {
      const a = ATTRS(e);
      const t = e.eventTimestamp;
      switch (e.eventType) {
        case 'ActivityTaskScheduled':
          activities.set(e.eventId, { id: a.activityId, type: a.activityType, scheduled: t, events: [e.eventId], attrs: a, outcome: 'scheduled' });
          break;
        case 'ActivityTaskStarted': {
          const x = activities.get(a.scheduledEventId);
          if (x) { x.started = t; x.identity = a.identity; x.events.push(e.eventId); x.outcome = 'running'; }
          break;
        }
        case 'ActivityTaskCompleted': case 'ActivityTaskFailed': case 'ActivityTaskTimedOut': case 'ActivityTaskCanceled': {
          const x = activities.get(a.scheduledEventId);
          if (x) {
            x.closed = t;
            x.events.push(e.eventId);
            x.outcome = e.eventType.replace('ActivityTask', '').toLowerCase();
            x.close = a;
          }
          break;
        }
        case 'ActivityTaskCancelRequested': points.push({ t, kind: 'warn', label: 'cancel requested: ' + a.activityId, id: e.eventId }); break;
        case 'DecisionTaskScheduled':
          openDecision = { scheduled: t, events: [e.eventId] };
          decisions.push(openDecision);
          break;
        case 'DecisionTaskStarted':
          if (openDecision) { openDecision.started = t; openDecision.events.push(e.eventId); openDecision.identity = a.identity; }
          break;
        case 'DecisionTaskCompleted': case 'DecisionTaskTimedOut':
          if (openDecision) { openDecision.closed = t; openDecision.events.push(e.eventId); openDecision.outcome = e.eventType === 'DecisionTaskCompleted' ? 'completed' : 'timedout'; }
          openDecision = null;
          break;
        case 'TimerStarted': timers.set(e.eventId, { id: a.timerId, started: t, events: [e.eventId], attrs: a }); break;
        case 'TimerFired': case 'TimerCanceled': {
          const x = timers.get(a.startedEventId);
          if (x) { x.closed = t; x.events.push(e.eventId); x.outcome = e.eventType === 'TimerFired' ? 'fired' : 'canceled'; }
          break;
        }
        case 'StartChildWorkflowExecutionInitiated':
          children.set(e.eventId, { id: a.workflowId, type: a.workflowType, scheduled: t, events: [e.eventId] });
          break;
        case 'ChildWorkflowExecutionStarted': {
          const x = children.get(a.initiatedEventId);
          if (x) { x.started = t; x.runId = a.workflowExecution && a.workflowExecution.runId; x.events.push(e.eventId); }
          break;
        }
        case 'ChildWorkflowExecutionCompleted': case 'ChildWorkflowExecutionFailed': case 'ChildWorkflowExecutionTimedOut':
        case 'ChildWorkflowExecutionCanceled': case 'ChildWorkflowExecutionTerminated': case 'StartChildWorkflowExecutionFailed': {
          const x = children.get(a.initiatedEventId);
          if (x) { x.closed = t; x.events.push(e.eventId); x.outcome = e.eventType.replace(/^(Start)?ChildWorkflowExecution/, '').toLowerCase(); }
          break;
        }
        case 'LambdaFunctionScheduled':
          lambdas.set(e.eventId, { id: a.id, name: a.name, scheduled: t, events: [e.eventId], outcome: 'scheduled' });
          break;
        case 'LambdaFunctionStarted': {
          const x = lambdas.get(a.scheduledEventId);
          if (x) { x.started = t; x.events.push(e.eventId); }
          break;
        }
        case 'LambdaFunctionCompleted': case 'LambdaFunctionFailed': case 'LambdaFunctionTimedOut': {
          const x = lambdas.get(a.scheduledEventId);
          if (x) { x.closed = t; x.events.push(e.eventId); x.outcome = e.eventType.replace('LambdaFunction', '').toLowerCase(); }
          break;
        }
        case 'WorkflowExecutionSignaled': points.push({ t, kind: 'signal', label: 'signal ' + a.signalName, id: e.eventId }); break;
        case 'MarkerRecorded': points.push({ t, kind: '', label: 'marker ' + a.markerName, id: e.eventId }); break;
        case 'WorkflowExecutionCancelRequested': points.push({ t, kind: 'warn', label: 'cancel requested', id: e.eventId }); break;
        default:
          if (/Failed$/.test(e.eventType) && !/^WorkflowExecution/.test(e.eventType)) {
            points.push({ t, kind: 'bad', label: e.eventType + (a.cause ? ' (' + a.cause + ')' : ''), id: e.eventId });
          } else if (/^(SignalExternal|RequestCancelExternal)/.test(e.eventType) && /Initiated$/.test(e.eventType)) {
            points.push({ t, kind: 'signal', label: e.eventType.replace(/Initiated$/, '') + ' → ' + a.workflowId, id: e.eventId });
          }
      }
    }
    const start = events.length ? events[0].eventTimestamp : info.startTimestamp;
    const end = info.closeTimestamp || Math.max(now(), events.length ? events[events.length - 1].eventTimestamp : start);
    return { byId, activities: [...activities.values()], decisions, timers: [...timers.values()], children: [...children.values()],
      lambdas: [...lambdas.values()], points, start, end };
  }

  function niceStep(span) {
    const steps = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600,
      7200, 10800, 21600, 43200, 86400, 172800, 604800, 2592000];
    for (const s of steps) if (span / s <= 8) return s;
    return span / 8;
  }

  function timeline(m, info, onPick) {
    const span = Math.max(m.end - m.start, 0.001);
    const pct = (t) => Math.min(100, Math.max(0, ((t - m.start) / span) * 100));
    const rows = [];
    const track = (...items) => h('div', { class: 'tl-track' }, ticks(), items);
    const step = niceStep(span);
    function ticks() {
      const out = [];
      for (let s = 0; s <= span + 1e-9; s += step) out.push(h('div', { class: 'tl-tick', style: { left: pct(m.start + s) + '%' } }));
      return out;
    }
    const bar = (from, to, cls, text, title, ids) => h('div', {
      class: 'tl-bar ' + cls, title,
      style: { left: pct(from) + '%', width: Math.max(0, pct(to) - pct(from)) + '%' },
      onclick: () => onPick(ids),
    }, text || '');
    const row = (label, sub, ...bars) => h('div', { class: 'tl-row' }, h('div', { class: 'tl-label', title: label + (sub ? ' ' + sub : '') },
      label, sub ? h('span', { class: 'sub' }, ' ' + sub) : null), track(bars));

    const axis = h('div', { class: 'tl-row axis' }, h('div', { class: 'tl-label muted' }, `0 = ${fmtTime(m.start)} UTC`),
      h('div', { class: 'tl-track' }, (() => {
        const out = [];
        for (let s = 0; s <= span + 1e-9; s += step) {
          out.push(h('div', { class: 'tl-ticklabel', style: { left: pct(m.start + s) + '%' } }, s === 0 ? '0' : '+' + fmtTick(s)));
        }
        return out;
      })()));
    rows.push(axis);

    const wfCls = info.executionStatus === 'OPEN' ? 'run' : info.closeStatus === 'COMPLETED' ? 'ok'
      : info.closeStatus === 'TIMED_OUT' ? 'timeout' : ['FAILED', 'TERMINATED'].includes(info.closeStatus) ? 'bad' : 'grey';
    rows.push(row('Workflow', typeText(info.workflowType),
      bar(m.start, m.end, wfCls, info.executionStatus === 'OPEN' ? 'running' : (info.closeStatus || '').toLowerCase().replace(/_/g, ' '),
        `${info.executionStatus} ${info.closeStatus || ''} · ${fmtDuration(m.end - m.start)}`, [1])));

    rows.push(row('Decision tasks', `${m.decisions.length}`, m.decisions.flatMap((d) => {
      const out = [];
      const startedAt = d.started || (d.closed || m.end);
      out.push(bar(d.scheduled, startedAt, 'wait thin', '', `decision task waiting for a decider: ${fmtDuration(startedAt - d.scheduled)}`, d.events));
      if (d.started) {
        out.push(bar(d.started, d.closed || m.end, d.outcome === 'timedout' ? 'timeout' : 'decision', '',
          `decision task ${d.outcome || 'started'}${d.identity ? ' by ' + d.identity : ''}: ${fmtDuration((d.closed || m.end) - d.started)}`, d.events));
      }
      return out;
    })));

    for (const a of m.activities) {
      const endAt = a.closed || m.end;
      const cls = { completed: 'ok', failed: 'bad', timedout: 'timeout', canceled: 'grey', running: 'run', scheduled: 'run' }[a.outcome];
      const label = a.outcome === 'timedout' ? 'timed out: ' + (a.close && a.close.timeoutType || '') : a.outcome;
      const hb = a.attrs.heartbeatTimeout && a.attrs.heartbeatTimeout !== 'NONE' ? ` · heartbeat timeout ${fmtDuration(+a.attrs.heartbeatTimeout)}` : '';
      const details = a.close && a.close.details ? ` · details: ${a.close.details}` : '';
      const reason = a.close && a.close.reason ? ` · reason: ${a.close.reason}` : '';
      const bars = [bar(a.scheduled, a.started || endAt, 'wait', '', `${a.id}: waiting for a worker ${fmtDuration((a.started || endAt) - a.scheduled)}`, a.events)];
      if (a.started) {
        bars.push(bar(a.started, endAt, cls, label,
          `${a.id} (${typeText(a.type)}) ${label} after ${fmtDuration(endAt - a.started)}${a.identity ? ' on ' + a.identity : ''}${hb}${reason}${details}`, a.events));
      }
      rows.push(row(a.id, typeText(a.type), bars));
    }
    for (const l of m.lambdas) {
      const endAt = l.closed || m.end;
      const cls = { completed: 'ok', failed: 'bad', timedout: 'timeout' }[l.outcome] || 'run';
      rows.push(row(l.id, 'λ ' + l.name, bar(l.scheduled, endAt, cls, l.outcome, `${l.name} ${l.outcome}`, l.events)));
    }
    for (const t of m.timers) {
      const endAt = t.closed || m.end;
      rows.push(row('timer ' + t.id, fmtTick(+t.attrs.startToFireTimeout),
        bar(t.started, endAt, t.outcome === 'canceled' ? 'grey' : 'timer', t.outcome || 'waiting',
          `timer ${t.id}: ${t.outcome || 'waiting'} (${fmtDuration(+t.attrs.startToFireTimeout)})`, t.events)));
    }
    for (const c of m.children) {
      const endAt = c.closed || m.end;
      const cls = { completed: 'ok', failed: 'bad', timedout: 'timeout', terminated: 'bad', canceled: 'grey' }[c.outcome] || 'run';
      rows.push(row('child ' + c.id, typeText(c.type), bar(c.scheduled, endAt, cls, c.outcome || 'running', `child ${c.id}: ${c.outcome || 'running'}`, c.events)));
    }
    if (m.points.length) {
      rows.push(row('Signals, markers, …', '', m.points.map((p) => h('div', {
        class: 'tl-point ' + p.kind, title: `${p.label} at +${fmtDuration(p.t - m.start)}`,
        style: { left: pct(p.t) + '%' }, onclick: () => onPick([p.id]),
      }))));
    }
    const legend = h('div', { class: 'tl-legend' },
      [['wait', 'waiting for a poller'], ['run', 'running'], ['ok', 'completed'], ['bad', 'failed'], ['timeout', 'timed out'],
        ['grey', 'canceled'], ['timer', 'timer']].map(([c, t]) => h('span', {}, h('i', { class: c }), t)),
      h('span', {}, h('i', { class: 'point signal' }), 'signal'), h('span', {}, h('i', { class: 'point' }), 'marker'),
      h('span', {}, h('i', { class: 'point warn' }), 'cancel request'));
    return h('div', { class: 'timeline', id: 'timeline' }, legend, rows);
  }

  function valueNode(k, v) {
    if (v != null && typeof v === 'object') {
      if ('name' in v && 'version' in v && Object.keys(v).length === 2) return `${v.name} ${v.version}`;
      if ('name' in v && Object.keys(v).length === 1) return v.name;
      if ('workflowId' in v && 'runId' in v && Object.keys(v).length === 2) return `${v.workflowId} / ${v.runId}`;
      const compact = JSON.stringify(v);
      return compact.length > 100 ? JSON.stringify(v, null, 2) : compact;
    }
    if (/Timestamp$/.test(k)) return fmtTime(v);
    let s = String(v);
    if (/^[[{]/.test(s.trim()) && s.length > 100) { // long JSON input/result: indented
      try { s = JSON.stringify(JSON.parse(s), null, 2); } catch (e) { /* not JSON: as is */ }
    }
    return s;
  }

  /** An event's attributes; on failures and timeouts the why (reason, cause, timeout type, details) stands out. */
  function attributesNode(attrs, failure) {
    const keys = Object.keys(attrs);
    if (!keys.length) return h('span', { class: 'muted' }, '—');
    return h('div', { class: 'kv' }, keys.map((k) => [
      h('span', { class: 'k' }, k),
      h('span', { class: 'v' + (failure && /^(reason|cause|timeoutType|details)$/.test(k) ? ' hl' : '') }, valueNode(k, attrs[k])),
    ]));
  }

  async function viewExecution(domain, workflowId, runId, params, id) {
    setCrumbs({ text: 'Domains', href: '#/' }, { text: domain, href: route('domain', domain) }, { text: workflowId });
    main(h('div', { class: 'loading' }, 'Loading the execution…'));
    const execution = { workflowId, runId };
    const [desc, events] = await Promise.all([swf('DescribeWorkflowExecution', { domain, execution }), history(domain, execution)]);
    if (!current(id)) return;
    const info = desc.executionInfo;
    const cfg = desc.executionConfiguration;
    const open = info.executionStatus === 'OPEN';
    const m = model(events, info);
    const showDecisions = params.get('decisions') !== '0';

    const rowsById = new Map();
    const pick = (ids) => {
      document.querySelectorAll('.highlight').forEach((x) => x.classList.remove('highlight'));
      let first = null;
      for (const i of ids) {
        const tr = rowsById.get(i);
        if (tr) { tr.classList.add('highlight'); first = first || tr; }
      }
      if (first) first.scrollIntoView({ behavior: 'smooth', block: 'center' });
    };

    const eventRows = events.filter((e) => showDecisions || !/^DecisionTask/.test(e.eventType)).map((e) => {
      const tr = h('tr', { class: eventClass(e.eventType), id: 'event-' + e.eventId },
        h('td', { class: 'num' }, String(e.eventId)),
        h('td', { class: 'nowrap mono' }, fmtTime(e.eventTimestamp)),
        h('td', { class: 'num nowrap' }, '+' + fmtDuration(e.eventTimestamp - m.start)),
        h('td', { class: 'type' }, e.eventType),
        h('td', { class: 'attrs' }, attributesNode(ATTRS(e), eventClass(e.eventType) === 'ev-bad')));
      rowsById.set(e.eventId, tr);
      return tr;
    });

    const activityRows = m.activities.map((a) => h('tr', { class: a.outcome === 'failed' || a.outcome === 'timedout' ? 'ev-bad' : '' },
      h('td', {}, a.id), h('td', {}, typeText(a.type)),
      h('td', {}, h('span', { class: 'badge ' + ({ completed: 'ok', failed: 'bad', timedout: 'bad', canceled: 'warn' }[a.outcome] || 'run') },
        a.outcome === 'timedout' ? 'timed out (' + (a.close.timeoutType || '') + ')' : a.outcome)),
      h('td', { class: 'num' }, a.started ? fmtDuration(a.started - a.scheduled) : '–'),
      h('td', { class: 'num' }, a.started ? fmtDuration((a.closed || m.end) - a.started) : '–'),
      h('td', {}, a.identity || ''),
      h('td', {}, a.attrs.heartbeatTimeout ? (a.attrs.heartbeatTimeout === 'NONE' ? 'none' : fmtDuration(+a.attrs.heartbeatTimeout)) : ''),
      h('td', { class: 'mono' }, a.close && (a.close.details || a.close.reason) ? [a.close.reason ? a.close.reason + ' ' : '', a.close.details || ''] : '')));

    const actions = open ? h('div', { class: 'toolbar', id: 'actions' },
      h('button', { type: 'button', onclick: () => signalDialog(domain, execution) }, 'Signal…'),
      h('button', { type: 'button', onclick: () => cancelDialog(domain, execution) }, 'Request cancel…'),
      h('button', { type: 'button', class: 'danger', onclick: () => terminateDialog(domain, execution) }, 'Terminate…')) : null;

    const facts = h('dl', { class: 'facts panel' },
      h('dt', {}, 'Run ID'), h('dd', { class: 'mono' }, runId),
      h('dt', {}, 'Type'), h('dd', {}, typeText(info.workflowType)),
      h('dt', {}, 'Started'), h('dd', {}, fmtTime(info.startTimestamp) + ' UTC'),
      h('dt', {}, open ? 'Running for' : 'Closed'), h('dd', {}, open ? fmtDuration(now() - info.startTimestamp)
        : `${fmtTime(info.closeTimestamp)} UTC (after ${fmtDuration(info.closeTimestamp - info.startTimestamp)})`),
      h('dt', {}, 'Task list'), h('dd', {}, cfg.taskList ? cfg.taskList.name : ''),
      h('dt', {}, 'Child policy'), h('dd', {}, cfg.childPolicy || ''),
      h('dt', {}, 'Execution timeout'), h('dd', {}, cfg.executionStartToCloseTimeout ? fmtDuration(+cfg.executionStartToCloseTimeout) : ''),
      h('dt', {}, 'Decision task timeout'), h('dd', {}, cfg.taskStartToCloseTimeout === 'NONE' ? 'none' : fmtDuration(+cfg.taskStartToCloseTimeout)),
      h('dt', {}, 'Open tasks'), h('dd', {}, `${desc.openCounts.openDecisionTasks} decision, ${desc.openCounts.openActivityTasks} activity, `
        + `${desc.openCounts.openTimers} timers, ${desc.openCounts.openChildWorkflowExecutions} children`),
      h('dt', {}, 'Tags'), h('dd', {}, (info.tagList || []).join(', ') || '—'),
      info.parent ? [h('dt', {}, 'Parent'), h('dd', {}, link(route('domain', domain, 'execution', info.parent.workflowId, info.parent.runId),
        info.parent.workflowId))] : null,
      desc.latestExecutionContext ? [h('dt', {}, 'Execution context'), h('dd', { class: 'mono' }, desc.latestExecutionContext)] : null);

    main(
      h('h1', {}, workflowId, statusBadge(info)),
      actions,
      facts,
      h('h2', {}, 'Timeline'),
      timeline(m, info, pick),
      m.activities.length ? [h('h2', {}, 'Activities'), h('table', { class: 'grid', id: 'activities' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Activity ID'), h('th', {}, 'Type'), h('th', {}, 'Outcome'), h('th', { class: 'num' }, 'Waited'),
          h('th', { class: 'num' }, 'Ran'), h('th', {}, 'Worker'), h('th', {}, 'Heartbeat timeout'), h('th', {}, 'Reason / last heartbeat details'))),
        h('tbody', {}, activityRows))] : null,
      h('h2', {}, `History (${events.length} events)`),
      h('div', { class: 'toolbar' }, h('label', {}, h('input', {
        type: 'checkbox', checked: showDecisions, style: { display: 'inline', marginRight: '6px' },
        onchange: (ev) => { location.hash = route('domain', domain, 'execution', workflowId, runId) + (ev.target.checked ? '' : '?decisions=0'); },
      }), 'Show decision task events'), h('span', { class: 'grow' }),
      h('button', { type: 'button', id: 'download-history', title: 'Every event, as GetWorkflowExecutionHistory returns them (all pages joined)',
        onclick: () => downloadJson(`${workflowId}-${runId}-history.json`, { events }) }, 'Download history (JSON)')),
      h('table', { class: 'grid events', id: 'events' }, h('thead', {}, h('tr', {}, h('th', { class: 'num' }, '#'), h('th', {}, 'Time (UTC)'),
        h('th', { class: 'num' }, 'Elapsed'), h('th', {}, 'Event'), h('th', {}, 'Attributes'))), h('tbody', {}, eventRows)));

    if (open) state.timer = setInterval(() => { if (document.getElementById('modal').hidden) render(); }, 10000);
  }

  function signalDialog(domain, execution) {
    confirmDialog('Signal the execution', `Adds a WorkflowExecutionSignaled event to ${execution.workflowId} and schedules a decision task.`, [
      h('label', {}, 'Signal name', h('input', { name: 'signalName', required: true, spellcheck: 'false' })),
      h('label', {}, 'Input (optional)', h('textarea', { name: 'input', spellcheck: 'false' })),
    ], 'Send signal', false, (v) => swf('SignalWorkflowExecution', {
      domain, workflowId: execution.workflowId, runId: execution.runId, signalName: v.signalName, ...(v.input ? { input: v.input } : {}),
    }));
  }

  function cancelDialog(domain, execution) {
    confirmDialog('Request cancellation', 'Records WorkflowExecutionCancelRequested; the decider decides what to do about it.', [],
      'Request cancel', false, () => swf('RequestCancelWorkflowExecution', { domain, workflowId: execution.workflowId, runId: execution.runId }));
  }

  function terminateDialog(domain, execution) {
    confirmDialog('Terminate the execution', 'Closes the execution at once, without asking the decider. This cannot be undone.', [
      h('label', {}, 'Reason (optional)', h('input', { name: 'reason', maxlength: 256 })),
      h('label', {}, 'Details (optional)', h('textarea', { name: 'details' })),
      h('label', {}, 'Child policy', h('select', { name: 'childPolicy' }, h('option', { value: '' }, 'the execution\'s own'),
        ['TERMINATE', 'REQUEST_CANCEL', 'ABANDON'].map((p) => h('option', { value: p }, p)))),
    ], 'Terminate', true, (v) => swf('TerminateWorkflowExecution', {
      domain, workflowId: execution.workflowId, runId: execution.runId,
      ...(v.reason ? { reason: v.reason } : {}), ...(v.details ? { details: v.details } : {}), ...(v.childPolicy ? { childPolicy: v.childPolicy } : {}),
    }));
  }

  /** Saves a JSON document as a file, from the page (no server round trip). */
  function downloadJson(fileName, value) {
    const blob = new Blob([JSON.stringify(value, null, 2) + '\n'], { type: 'application/json' });
    const a = h('a', { href: URL.createObjectURL(blob), download: fileName.replace(/[^A-Za-z0-9._-]+/g, '_') });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 60000);
  }

  // ---------------------------------------------------------------- find an execution by workflow id

  async function allDomains() {
    const domains = [];
    for (const s of ['REGISTERED', 'DEPRECATED']) {
      domains.push(...await allPages('ListDomains', { registrationStatus: s, maximumPageSize: 1000 }, 'domainInfos'));
    }
    return domains;
  }

  async function viewFind(params, id) {
    const workflowId = (params.get('workflowId') || '').trim();
    setCrumbs({ text: 'Domains', href: '#/' }, { text: 'Find ' + workflowId });
    document.getElementById('find-id').value = workflowId;
    if (!workflowId) {
      main(h('div', { class: 'notice' }, 'Type a workflow ID in the box at the top to find its executions in every domain.'));
      return;
    }
    main(h('div', { class: 'loading' }, `Looking for ${workflowId} in every domain of ${state.region}…`));
    const domains = await allDomains();
    const found = [];
    const failed = [];
    // SWF's visibility filter by workflow id (executionFilter), open and closed, in each domain
    await Promise.all(domains.map(async (d) => {
      const req = { domain: d.name, startTimeFilter: { oldestDate: 0 }, executionFilter: { workflowId }, maximumPageSize: 100 };
      try {
        const [open, closed] = await Promise.all([
          allPages('ListOpenWorkflowExecutions', req, 'executionInfos', 100),
          allPages('ListClosedWorkflowExecutions', req, 'executionInfos', 100),
        ]);
        for (const e of [...open, ...closed]) found.push({ domain: d.name, e });
      } catch (e) {
        failed.push({ domain: d.name, e });
      }
    }));
    if (!current(id)) return;
    found.sort((a, b) => b.e.startTimestamp - a.e.startTimestamp || a.domain.localeCompare(b.domain));
    main(
      h('h1', {}, 'Executions with workflow ID ', h('span', { class: 'mono' }, workflowId)),
      h('p', { class: 'muted' }, `Open and closed executions with exactly this workflow ID, in each of the ${domains.length} domains `
        + `of ${state.region} (deprecated ones too). Closed executions are kept for their domain's retention period.`),
      found.length
        ? h('table', { class: 'grid', id: 'found' }, h('thead', {}, h('tr', {}, h('th', {}, 'Domain'), h('th', {}, 'Workflow ID'),
          h('th', {}, 'Run ID'), h('th', {}, 'Type'), h('th', {}, 'Status'), h('th', {}, 'Started (UTC)'), h('th', {}, 'Closed (UTC)'))),
        h('tbody', {}, found.map(({ domain, e }) => h('tr', {},
          h('td', {}, link(route('domain', domain), domain)),
          h('td', {}, link(route('domain', domain, 'execution', e.execution.workflowId, e.execution.runId), e.execution.workflowId)),
          h('td', { class: 'mono', title: e.execution.runId }, short(e.execution.runId, 14)),
          h('td', {}, typeText(e.workflowType)),
          h('td', {}, statusBadge(e)),
          h('td', { class: 'nowrap' }, fmtTime(e.startTimestamp)),
          h('td', { class: 'nowrap' }, fmtTime(e.closeTimestamp))))))
        : h('div', { class: 'notice' }, `No execution with workflow ID ${workflowId} in ${state.region}.`),
      failed.map(({ domain, e }) => h('div', { class: 'error' }, `${domain}: ${e.message}`)));
  }

  // ---------------------------------------------------------------- types

  /** A type's default timeout: seconds as SWF gives them, shown round (1h, 2d), NONE as none. */
  function timeoutCell(v) {
    if (v == null) return h('td', { class: 'muted' }, '—');
    if (v === 'NONE') return h('td', {}, 'none');
    return h('td', { class: 'nowrap', title: v + ' seconds' }, +v === 0 ? '0s' : fmtTick(+v));
  }

  async function listTypes(operation, domain) {
    const out = [];
    for (const s of ['REGISTERED', 'DEPRECATED']) {
      out.push(...await allPages(operation, { domain, registrationStatus: s, maximumPageSize: 1000 }, 'typeInfos', 500));
    }
    return out.sort((a, b) => {
      const x = a.workflowType || a.activityType;
      const y = b.workflowType || b.activityType;
      return x.name.localeCompare(y.name) || x.version.localeCompare(y.version, undefined, { numeric: true });
    });
  }

  async function viewTypes(domain, params, id) {
    setCrumbs({ text: 'Domains', href: '#/' }, { text: domain, href: route('domain', domain) }, { text: 'Types' });
    main(h('div', { class: 'loading' }, 'Loading types…'));
    const [wfTypes, actTypes] = await Promise.all([listTypes('ListWorkflowTypes', domain), listTypes('ListActivityTypes', domain)]);
    const [wfConfigs, actConfigs] = await Promise.all([
      Promise.all(wfTypes.map((t) => swf('DescribeWorkflowType', { domain, workflowType: t.workflowType })
        .then((d) => d.configuration, () => ({})))),
      Promise.all(actTypes.map((t) => swf('DescribeActivityType', { domain, activityType: t.activityType })
        .then((d) => d.configuration, () => ({})))),
    ]);
    if (!current(id)) return;

    const statusCell = (t) => h('td', {}, h('span', { class: 'badge ' + (t.status === 'REGISTERED' ? 'ok' : '') }, t.status));
    const lifecycle = (kind, t, type) => t.status === 'REGISTERED'
      ? h('button', { type: 'button', class: 'danger', onclick: () => confirmDialog(`Deprecate ${typeText(type)}`,
        kind === 'workflow'
          ? 'New executions of a deprecated workflow type cannot be started; executions already running go on. You can undeprecate it.'
          : 'Activity tasks of a deprecated activity type cannot be scheduled; tasks already scheduled go on. You can undeprecate it.',
        [], 'Deprecate', true, () => swf(kind === 'workflow' ? 'DeprecateWorkflowType' : 'DeprecateActivityType',
          kind === 'workflow' ? { domain, workflowType: type } : { domain, activityType: type })) }, 'Deprecate…')
      : h('button', { type: 'button', onclick: () => confirmDialog(`Undeprecate ${typeText(type)}`,
        'Makes the type usable again, as RegisterWorkflowType / RegisterActivityType had left it.',
        [], 'Undeprecate', false, () => swf(kind === 'workflow' ? 'UndeprecateWorkflowType' : 'UndeprecateActivityType',
          kind === 'workflow' ? { domain, workflowType: type } : { domain, activityType: type })) }, 'Undeprecate…');

    const wfTable = h('table', { class: 'grid', id: 'workflow-types' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Workflow type'), h('th', {}, 'Version'), h('th', {}, 'Status'), h('th', {}, 'Task list'),
        h('th', {}, 'Priority'), h('th', {}, 'Child policy'), h('th', {}, 'Execution timeout'), h('th', {}, 'Decision task timeout'),
        h('th', {}, 'Lambda role'), h('th', {}, 'Description'), h('th', {}, ''))),
      h('tbody', {}, wfTypes.map((t, i) => {
        const c = wfConfigs[i];
        return h('tr', { dataset: { type: t.workflowType.name + ' ' + t.workflowType.version } },
          h('td', {}, t.workflowType.name), h('td', {}, t.workflowType.version), statusCell(t),
          h('td', { class: 'mono' }, c.defaultTaskList ? c.defaultTaskList.name : h('span', { class: 'muted' }, '—')),
          h('td', {}, c.defaultTaskPriority || h('span', { class: 'muted' }, '—')),
          h('td', {}, c.defaultChildPolicy || h('span', { class: 'muted' }, '—')),
          timeoutCell(c.defaultExecutionStartToCloseTimeout), timeoutCell(c.defaultTaskStartToCloseTimeout),
          h('td', { class: 'mono' }, c.defaultLambdaRole || h('span', { class: 'muted' }, '—')),
          h('td', {}, t.description || h('span', { class: 'muted' }, '—')),
          h('td', { class: 'nowrap actions' }, t.status === 'REGISTERED'
            ? h('button', { type: 'button', class: 'primary', onclick: () => startDialog(domain, t.workflowType, c) }, 'Start…') : null,
          ' ', lifecycle('workflow', t, t.workflowType)));
      })));
    const actTable = h('table', { class: 'grid', id: 'activity-types' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Activity type'), h('th', {}, 'Version'), h('th', {}, 'Status'), h('th', {}, 'Task list'),
        h('th', {}, 'Priority'), h('th', {}, 'Heartbeat timeout'), h('th', {}, 'Schedule to start'), h('th', {}, 'Start to close'),
        h('th', {}, 'Schedule to close'), h('th', {}, 'Description'), h('th', {}, ''))),
      h('tbody', {}, actTypes.map((t, i) => {
        const c = actConfigs[i];
        return h('tr', { dataset: { type: t.activityType.name + ' ' + t.activityType.version } },
          h('td', {}, t.activityType.name), h('td', {}, t.activityType.version), statusCell(t),
          h('td', { class: 'mono' }, c.defaultTaskList ? c.defaultTaskList.name : h('span', { class: 'muted' }, '—')),
          h('td', {}, c.defaultTaskPriority || h('span', { class: 'muted' }, '—')),
          timeoutCell(c.defaultTaskHeartbeatTimeout), timeoutCell(c.defaultTaskScheduleToStartTimeout),
          timeoutCell(c.defaultTaskStartToCloseTimeout), timeoutCell(c.defaultTaskScheduleToCloseTimeout),
          h('td', {}, t.description || h('span', { class: 'muted' }, '—')),
          h('td', { class: 'nowrap actions' }, lifecycle('activity', t, t.activityType)));
      })));

    main(
      h('h1', {}, domain),
      h('div', { class: 'tabs' }, link(route('domain', domain), 'Open'), link(route('domain', domain) + '?status=closed', 'Closed'),
        link(route('domain', domain, 'types'), 'Types', { class: 'active' }), link(route('domain', domain, 'tasks'), 'Task lists')),
      h('p', { class: 'muted' }, 'Registered and deprecated types with the defaults they were registered with ',
        '(used when a start or a decision leaves them out; — means none: the start or decision must give it).'),
      h('h2', {}, `Workflow types (${wfTypes.length})`),
      wfTypes.length ? wfTable : h('div', { class: 'notice' }, 'No workflow types: register one with RegisterWorkflowType.'),
      h('h2', {}, `Activity types (${actTypes.length})`),
      actTypes.length ? actTable : h('div', { class: 'notice' }, 'No activity types: register one with RegisterActivityType.'));
  }

  /** StartWorkflowExecution of a type, then the new execution's page. */
  function startDialog(domain, workflowType, defaults) {
    const d = defaults || {};
    confirmDialog(`Start ${typeText(workflowType)}`, `Starts a new execution in ${domain}. Fields left empty take the type's defaults.`, [
      h('label', {}, 'Workflow ID', h('input', { name: 'workflowId', required: true, maxlength: 256, spellcheck: 'false' })),
      h('label', {}, 'Input (optional)', h('textarea', { name: 'input', spellcheck: 'false' })),
      h('label', {}, 'Tags (optional, comma-separated, at most 5)', h('input', { name: 'tags', spellcheck: 'false' })),
      h('label', {}, 'Task list' + (d.defaultTaskList ? '' : ' (the type has no default)'),
        h('input', { name: 'taskList', value: d.defaultTaskList ? d.defaultTaskList.name : '', required: !d.defaultTaskList, spellcheck: 'false' })),
      h('label', {}, 'Execution timeout, seconds' + (d.defaultExecutionStartToCloseTimeout ? '' : ' (the type has no default)'),
        h('input', { name: 'executionStartToCloseTimeout', placeholder: d.defaultExecutionStartToCloseTimeout || '', inputmode: 'numeric' })),
      h('label', {}, 'Decision task timeout, seconds' + (d.defaultTaskStartToCloseTimeout ? '' : ' (the type has no default)'),
        h('input', { name: 'taskStartToCloseTimeout', placeholder: d.defaultTaskStartToCloseTimeout || '', inputmode: 'numeric' })),
      h('label', {}, 'Child policy', h('select', { name: 'childPolicy' },
        h('option', { value: '' }, d.defaultChildPolicy ? `the type's (${d.defaultChildPolicy})` : 'the type has no default: choose one'),
        ['TERMINATE', 'REQUEST_CANCEL', 'ABANDON'].map((p) => h('option', { value: p }, p)))),
    ], 'Start', false, async (v) => {
      const tags = (v.tags || '').split(',').map((t) => t.trim()).filter(Boolean);
      const req = { domain, workflowId: v.workflowId.trim(), workflowType };
      if (v.input) req.input = v.input;
      if (tags.length) req.tagList = tags;
      if (v.taskList.trim()) req.taskList = { name: v.taskList.trim() };
      if (v.executionStartToCloseTimeout.trim()) req.executionStartToCloseTimeout = v.executionStartToCloseTimeout.trim();
      if (v.taskStartToCloseTimeout.trim()) req.taskStartToCloseTimeout = v.taskStartToCloseTimeout.trim();
      if (v.childPolicy) req.childPolicy = v.childPolicy;
      const started = await swf('StartWorkflowExecution', req);
      location.hash = route('domain', domain, 'execution', req.workflowId, started.runId);
    });
  }

  // ---------------------------------------------------------------- task lists

  async function viewTaskLists(domain, params, id) {
    setCrumbs({ text: 'Domains', href: '#/' }, { text: domain, href: route('domain', domain) }, { text: 'Task lists' });
    main(h('div', { class: 'loading' }, 'Looking for task lists…'));
    const lists = new Map(); // key kind|name -> {kind, name, sources:Set}
    const add = (kind, name, source) => {
      if (!name) return;
      const k = kind + '|' + name;
      if (!lists.has(k)) lists.set(k, { kind, name, sources: new Set() });
      lists.get(k).sources.add(source);
    };
    for (const extra of (params.get('extra') || '').split(',').filter(Boolean)) {
      const [kind, ...rest] = extra.split(':');
      add(kind === 'activity' ? 'activity' : 'decision', rest.join(':'), 'added by you');
    }
    const [wfTypes, actTypes, openRuns] = await Promise.all([
      allPages('ListWorkflowTypes', { domain, registrationStatus: 'REGISTERED', maximumPageSize: 1000 }, 'typeInfos', 200),
      allPages('ListActivityTypes', { domain, registrationStatus: 'REGISTERED', maximumPageSize: 1000 }, 'typeInfos', 200),
      allPages('ListOpenWorkflowExecutions', { domain, startTimeFilter: { oldestDate: 0 }, maximumPageSize: 100 }, 'executionInfos', 100),
    ]);
    await Promise.all([
      ...wfTypes.map(async (t) => {
        const d = await swf('DescribeWorkflowType', { domain, workflowType: t.workflowType });
        if (d.configuration.defaultTaskList) add('decision', d.configuration.defaultTaskList.name, 'default of ' + typeText(t.workflowType));
      }),
      ...actTypes.map(async (t) => {
        const d = await swf('DescribeActivityType', { domain, activityType: t.activityType });
        if (d.configuration.defaultTaskList) add('activity', d.configuration.defaultTaskList.name, 'default of ' + typeText(t.activityType));
      }),
      ...openRuns.map(async (r) => {
        const d = await swf('DescribeWorkflowExecution', { domain, execution: r.execution });
        if (d.executionConfiguration.taskList) add('decision', d.executionConfiguration.taskList.name, 'open executions');
      }),
    ]);
    const all = [...lists.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
    const counts = await Promise.all(all.map((l) => swf(l.kind === 'decision' ? 'CountPendingDecisionTasks' : 'CountPendingActivityTasks',
      { domain, taskList: { name: l.name } }).catch((e) => ({ error: e }))));
    if (!current(id)) return;

    const kind = h('select', { name: 'kind' }, h('option', { value: 'activity' }, 'activity'), h('option', { value: 'decision' }, 'decision'));
    const name = h('input', { name: 'name', required: true, spellcheck: 'false', placeholder: 'task list name' });
    const form = h('form', {
      class: 'filters panel',
      onsubmit: (ev) => {
        ev.preventDefault();
        const extra = (params.get('extra') || '').split(',').filter(Boolean);
        extra.push(kind.value + ':' + name.value.trim());
        location.hash = route('domain', domain, 'tasks') + '?extra=' + encodeURIComponent(extra.join(','));
      },
    }, h('label', {}, 'Kind', kind), h('label', {}, 'Another task list', name),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Count its pending tasks')));

    main(
      h('h1', {}, domain),
      h('div', { class: 'tabs' }, link(route('domain', domain), 'Open'), link(route('domain', domain) + '?status=closed', 'Closed'),
        link(route('domain', domain, 'types'), 'Types'), link(route('domain', domain, 'tasks'), 'Task lists', { class: 'active' })),
      h('p', { class: 'muted' }, 'Tasks scheduled and not yet taken by a poller (CountPendingDecisionTasks / CountPendingActivityTasks), ',
        'for the task lists this domain\'s types and open executions name. SWF has no way to list task lists: add others below. ',
        'Refreshes every 5 seconds.'),
      all.length ? h('table', { class: 'grid', id: 'tasklists' }, h('thead', {}, h('tr', {}, h('th', {}, 'Task list'), h('th', {}, 'Kind'),
        h('th', { class: 'num' }, 'Pending tasks'), h('th', {}, 'Where it comes from'))),
      h('tbody', {}, all.map((l, i) => h('tr', {},
        h('td', { class: 'mono' }, l.name), h('td', {}, l.kind),
        h('td', { class: 'num' }, counts[i].error ? h('span', { class: 'badge bad', title: counts[i].error.message }, 'error')
          : h('span', { class: 'badge ' + (counts[i].count > 0 ? 'warn' : '') }, String(counts[i].count) + (counts[i].truncated ? '+' : ''))),
        h('td', { class: 'muted' }, [...l.sources].join('; '))))))
        : h('div', { class: 'notice' }, 'No task lists found: register types with default task lists, or add one below.'),
      h('h2', {}, 'Count another task list'), form);
    state.timer = setInterval(() => { if (document.getElementById('modal').hidden) render(); }, 5000);
  }

  // ---------------------------------------------------------------- start

  function start() {
    const region = document.getElementById('region');
    region.value = state.region;
    region.addEventListener('change', () => { setRegion(region.value.trim() || 'us-east-1'); render(); });
    document.getElementById('refresh').addEventListener('click', () => render());
    document.getElementById('find').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const v = document.getElementById('find-id').value.trim();
      if (v) location.hash = '#/find?workflowId=' + encodeURIComponent(v);
    });
    document.getElementById('signin').addEventListener('click', () => {
      if (state.creds) {
        state.creds = null;
        store.removeItem('swfd.creds');
        showWho();
        render();
      } else {
        askForKeys(null, true);
      }
    });
    document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && !document.getElementById('modal').hidden) { closeModal(); state.loginShown = false; } });
    window.addEventListener('hashchange', render);
    showWho();
    render();
  }

  window.swfdConsole = { swf, fmtTime, fmtDuration }; // for the browser tests and the curious
  start();
})();
