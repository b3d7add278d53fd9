// pos-sandbox dashboard: live refresh, buttons without a page reload, and the admin token.
// Served from /__admin/ui/dashboard.js (the page's CSP runs no inline script). The page works
// without it when no admin token is set: every button is a form that posts and comes back.
'use strict';

(() => {
  const REFRESH_MS = 3000;
  const TOKEN_KEY = 'pos-sandbox.admin-token';

  const root = document.getElementById('dashboard');
  const notice = document.getElementById('notice');
  const controls = document.getElementById('controls');
  const live = document.getElementById('live');
  const refreshButton = document.getElementById('refresh');
  const forgetButton = document.getElementById('forget-token');
  const prompt = document.getElementById('token-prompt');
  const tokenRequired = root.dataset.tokenRequired === 'true';
  const panelsUrl = `${root.dataset.panels}?${new URLSearchParams({ workspace: root.dataset.workspace })}`;

  /** The HTML of each panel as last received, by id: a panel is swapped only when it changed. */
  const received = new Map();
  let loading = false;

  const token = () => sessionStorage.getItem(TOKEN_KEY);
  const authorization = () => (token() ? { authorization: `Bearer ${token()}` } : {});

  function say(message, isError = false) {
    notice.textContent = message;
    notice.classList.toggle('error', isError);
  }

  /** The message of a failed call: the problem page's `#problem`, else the status. */
  async function problemOf(response) {
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    return page.getElementById('problem')?.textContent || `The sandbox answered ${response.status}`;
  }

  function askForToken(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    if (!prompt) {
      say(message || 'The sandbox asks for an admin token: reload the page.', true);
      return;
    }
    received.clear();
    root.replaceChildren();
    forgetButton.hidden = true;
    controls.hidden = true;
    prompt.hidden = false;
    document.getElementById('token-error').textContent = message;
    document.getElementById('admin-token').focus();
  }

  /**
   * Puts fresh panels in place. A panel holding the focus is left alone until the focus moves on
   * (unless `force`, after a button's action), and open <details> stay open.
   */
  function apply(fragment, force) {
    const template = document.createElement('template');
    template.innerHTML = fragment;
    const fresh = [...template.content.querySelectorAll('[data-panel]')];
    if (fresh.some((panel) => !document.getElementById(panel.id))) {
      root.replaceChildren(template.content);
      received.clear();
      for (const panel of fresh) received.set(panel.id, panel.outerHTML);
      return;
    }
    for (const panel of fresh) {
      const current = document.getElementById(panel.id);
      const html = panel.outerHTML;
      if (received.get(panel.id) === html) continue;
      if (!force && current.contains(document.activeElement)) continue;
      const open = new Set([...current.querySelectorAll('details[open][data-key]')].map((details) => details.dataset.key));
      current.replaceWith(panel);
      for (const details of panel.querySelectorAll('details[data-key]')) details.open = open.has(details.dataset.key);
      received.set(panel.id, html);
    }
  }

  async function load(force = false) {
    if (loading && !force) return false;
    loading = true;
    try {
      const response = await fetch(panelsUrl, { headers: authorization(), cache: 'no-store' });
      if (response.status === 401) {
        askForToken('That admin token was refused.');
        return false;
      }
      if (!response.ok) {
        say(await problemOf(response), true);
        return false;
      }
      apply(await response.text(), force);
      if (prompt) prompt.hidden = true;
      controls.hidden = false;
      forgetButton.hidden = !tokenRequired;
      return true;
    } catch {
      say('The sandbox did not answer; is it still running?', true);
      return false;
    } finally {
      loading = false;
    }
  }

  /** A button's form, sent with the token; the redirect back is not followed, the panels are fetched instead. */
  async function submit(form) {
    const panel = form.closest('[data-panel]');
    const label = form.querySelector('button')?.textContent.trim() ?? 'Done';
    const response = await fetch(form.action, {
      method: 'POST',
      body: new URLSearchParams(new FormData(form)),
      headers: authorization(),
      redirect: 'manual',
    }).catch(() => undefined);
    if (!response) {
      say('The sandbox did not answer; is it still running?', true);
      return;
    }
    if (response.status === 401) {
      askForToken('That admin token was refused.');
      return;
    }
    if (response.type !== 'opaqueredirect' && !response.ok) {
      say(await problemOf(response), true);
      return;
    }
    say(`${label}: done.`);
    await load(true);
    // The button may be gone (a completed integration has none): the panel's heading keeps the place.
    if (panel) document.getElementById(`${panel.id}-title`)?.focus();
  }

  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (form.id === 'token-form') {
      event.preventDefault();
      const value = document.getElementById('admin-token').value.trim();
      if (!value) return;
      sessionStorage.setItem(TOKEN_KEY, value);
      document.getElementById('token-error').textContent = '';
      load(true).then((loaded) => loaded && root.focus());
      return;
    }
    // The workspace picker is a plain GET: the new page reads the token from this tab's storage.
    if (form.method !== 'post') return;
    event.preventDefault();
    submit(form);
  });

  refreshButton.addEventListener('click', () => load(true));
  forgetButton.addEventListener('click', () => askForToken(''));
  setInterval(() => {
    if (live.checked && !document.hidden && root.childElementCount > 0) load();
  }, REFRESH_MS);

  if (!tokenRequired) {
    for (const panel of root.querySelectorAll('[data-panel]')) received.set(panel.id, panel.outerHTML);
    controls.hidden = false;
  } else if (token()) {
    load(true);
  } else {
    askForToken('');
  }
})();
