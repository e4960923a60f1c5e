// The live page: one EventSource per followed board, FLIP animation of moved rows,
// announcements from each update's "changes" and each closed period, and a personal
// stream after signing in.
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const state = { board: new URLSearchParams(location.search).get('board') || 'global', source: null,
    rows: new Map(), apiBaseUrl: 'http://localhost:8080', me: null, personal: null };

  function setConnection(status, text) {
    const element = $('connection');
    element.dataset.state = status;
    element.textContent = text;
  }

  function announce(text) {
    const list = $('announcements');
    const item = document.createElement('li');
    item.textContent = text;
    list.prepend(item);
    while (list.children.length > 20) list.lastElementChild.remove();
  }

  function describe(change) {
    if (change.oldRank == null) return `${change.nickName} entered the top at #${change.newRank}`;
    if (change.newRank == null) return `${change.nickName} left the top (was #${change.oldRank})`;
    if (change.newRank < change.oldRank) return `${change.nickName} moved up to #${change.newRank}`;
    if (change.newRank > change.oldRank) return `${change.nickName} dropped to #${change.newRank}`;
    return `${change.nickName} now has ${change.newScore}`;
  }

  function moveText(change) {
    if (!change) return '–';
    if (change.oldRank == null) return 'new';
    if (change.newRank < change.oldRank) return `▲ up ${change.oldRank - change.newRank}`;
    if (change.newRank > change.oldRank) return `▼ down ${change.newRank - change.oldRank}`;
    return '–';
  }

  // FLIP: remember where each row was, render, then slide rows from there to their place
  function render(top, changes) {
    const body = document.querySelector('#top tbody');
    const before = new Map();
    for (const row of body.rows) before.set(row.dataset.user, row.getBoundingClientRect().top);
    const byUser = new Map((changes || []).map((change) => [String(change.userId), change]));
    body.replaceChildren(...top.map((entry) => {
      const row = document.createElement('tr');
      row.dataset.user = String(entry.userId);
      const change = byUser.get(row.dataset.user);
      for (const text of [`#${entry.rank}`, entry.nickName, String(entry.score), moveText(change)]) {
        const cell = document.createElement('td');
        cell.textContent = text;
        row.append(cell);
      }
      if (change) {
        row.classList.add(change.oldRank == null ? 'new' : (change.newRank < change.oldRank ? 'up' : 'down'));
      }
      return row;
    }));
    for (const row of body.rows) {
      const old = before.get(row.dataset.user);
      if (old === undefined) continue;
      const delta = old - row.getBoundingClientRect().top;
      if (delta === 0) continue;
      row.style.transition = 'none';
      row.style.transform = `translateY(${delta}px)`;
      requestAnimationFrame(() => requestAnimationFrame(() => {
        row.style.transition = '';
        row.style.transform = '';
      }));
    }
    setTimeout(() => { for (const row of body.rows) row.classList.remove('new', 'up', 'down'); }, 2500);
    $('empty').hidden = top.length > 0;
  }

  function follow(board) {
    if (state.source) state.source.close();
    state.board = board;
    $('board-name').textContent = board;
    $('board').value = board;
    history.replaceState(null, '', `?board=${encodeURIComponent(board)}`);
    setConnection('connecting', 'Connecting…');
    const source = new EventSource(`leaderboards/${encodeURIComponent(board)}/events`);
    state.source = source;
    source.onopen = () => setConnection('live', 'Live');
    source.onerror = () => setConnection('reconnecting', 'Reconnecting…');
    const show = (event) => {
      const payload = JSON.parse(event.data);
      $('period').textContent = payload.period ? `period ${payload.period}` : '';
      render(payload.top || [], payload.changes);
      for (const change of payload.changes || []) announce(describe(change));
      setConnection('live', 'Live');
    };
    source.addEventListener('snapshot', show);
    source.addEventListener('update', show);
    // "2026-W47 is over: Alice won"; the next period's snapshot follows
    source.addEventListener('period-closed', (event) => {
      const closed = JSON.parse(event.data);
      const winners = (closed.top || []).filter((entry) => entry.rank === 1).map((entry) => entry.nickName);
      const verb = closed.revision > 1 ? 'results corrected' : 'is over';
      announce(winners.length
        ? `${closed.period} ${verb}: ${winners.join(' and ')} won`
        : `${closed.period} ${verb}`);
    });
    // the instance is stopping: connect again, the load balancer picks another
    source.addEventListener('reconnect', () => setTimeout(() => follow(state.board), 200));
  }

  async function loadBoards() {
    try {
      const boards = await (await fetch('boards')).json();
      const select = $('board');
      const ids = boards.map((board) => board.id);
      if (!ids.includes('global')) ids.unshift('global');
      select.replaceChildren(...ids.map((id) => new Option(id, id)));
      select.value = state.board;
    } catch (error) {
      // the picker keeps "global"
    }
  }

  async function signIn(name) {
    const api = state.apiBaseUrl;
    const tokenResponse = await fetch(`${api}/dev/tokens`, { method: 'POST',
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ subject: name, nickName: name }) });
    if (!tokenResponse.ok) throw new Error('no token');
    const token = (await tokenResponse.json()).accessToken;
    state.me = { name, token };
    await openPersonalStream();
  }

  async function openPersonalStream() {
    const response = await fetch(`${state.apiBaseUrl}/stream-tickets`, { method: 'POST',
      headers: { Authorization: `Bearer ${state.me.token}` } });
    const ticket = await response.json();
    state.me.userId = ticket.userId;
    if (state.personal) state.personal.close();
    const personal = new EventSource(`me/events?ticket=${encodeURIComponent(ticket.ticket)}`);
    state.personal = personal;
    // a ticket works once: on a drop, fetch a new one rather than let EventSource retry
    personal.onerror = () => { personal.close(); setTimeout(() => openPersonalStream().catch(() => {}), 3000); };
    for (const type of ['rank', 'entered-top', 'left-top', 'overtaken', 'moved-up']) {
      personal.addEventListener(type, (event) => {
        const message = JSON.parse(event.data);
        if (message.rank != null) $('my-rank').textContent = `#${message.rank} on ${message.board}`;
        const item = document.createElement('li');
        item.textContent = message.message;
        $('my-events').prepend(item);
      });
    }
    const standing = await fetch(`${state.apiBaseUrl}/leaderboards/${encodeURIComponent(state.board)}/users/${ticket.userId}`);
    $('my-rank').textContent = standing.ok ? `#${(await standing.json()).rank} on ${state.board}`
      : `Signed in as ${state.me.name}: no score on ${state.board} yet`;
  }

  $('board').addEventListener('change', (event) => follow(event.target.value));
  $('sign-in').addEventListener('submit', (event) => {
    event.preventDefault();
    signIn($('player').value).catch(() => { $('my-rank').textContent = 'Sign-in failed (local profile only).'; });
  });

  fetch('web-config').then((response) => response.json()).then((config) => {
    state.apiBaseUrl = config.apiBaseUrl;
  }).catch(() => {});
  loadBoards();
  follow(state.board);
})();
