// The live page: one EventSource per followed board with delta frames, a podium and the
// table (FLIP-animated moves unless reduced motion is asked for), the board's period with a
// countdown to its reset, a banner for each closed period, and a followed player with the
// sparkline of their submissions and their rank changes since they were followed.
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const query = new URLSearchParams(location.search);
  const MOVE_SHOWN_MS = 10000;
  const state = {
    board: query.get('board') || 'global', source: null, sequence: null, period: null, top: [],
    moves: new Map(), retries: 0, reconnectTimer: null, apiBaseUrl: 'http://localhost:8080',
    definition: null, definitionAsked: 0, followed: null, standingAsked: 0, me: null, personal: null,
  };
  const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');
  const apiReady = fetch('web-config').then((response) => response.json())
    .then((config) => { state.apiBaseUrl = config.apiBaseUrl; }).catch(() => {});

  function api(path, init) {
    return apiReady.then(() => fetch(state.apiBaseUrl + path, init));
  }

  function boardPath(suffix = '') {
    return `/leaderboards/${encodeURIComponent(state.board)}${suffix}`;
  }

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

  // "2026-W47" → "Week 47", "2026-12-04" → "4 Dec 2026", "2026-12" → "December 2026", a cron
  // period (its start) → "Round of 15:40:10 UTC"
  function periodName(period) {
    if (!period || period === 'all') return 'All time';
    const week = /^\d{4}-W(\d{2})$/.exec(period);
    if (week) return `Week ${Number(week[1])}`;
    const utc = { timeZone: 'UTC' };
    if (/^\d{4}-\d{2}-\d{2}$/.test(period)) {
      return new Date(`${period}T00:00:00Z`).toLocaleDateString('en-GB', { ...utc, day: 'numeric', month: 'short', year: 'numeric' });
    }
    if (/^\d{4}-\d{2}$/.test(period)) {
      return new Date(`${period}-01T00:00:00Z`).toLocaleDateString('en-GB', { ...utc, month: 'long', year: 'numeric' });
    }
    const start = new Date(period);
    return Number.isNaN(start.getTime()) ? period
      : `Round of ${start.toLocaleTimeString('en-GB', { ...utc, hour12: false })} UTC`;
  }

  // ---- rows and moves ----------------------------------------------------------------

  // who moved between two tops of the same period: delta frames carry no "changes"
  function changesBetween(before, after) {
    const old = new Map(before.map((entry) => [entry.userId, entry]));
    const changes = [];
    for (const entry of after) {
      const was = old.get(entry.userId);
      old.delete(entry.userId);
      if (!was || was.rank !== entry.rank || was.score !== entry.score) {
        changes.push({ userId: entry.userId, nickName: entry.nickName, oldRank: was ? was.rank : null,
          newRank: entry.rank, oldScore: was ? was.score : null, newScore: entry.score });
      }
    }
    for (const was of old.values()) {
      changes.push({ userId: was.userId, nickName: was.nickName, oldRank: was.rank, newRank: null,
        oldScore: was.score, newScore: null });
    }
    return changes;
  }

  function describe(change) {
    if (change.oldRank == null) return `${change.nickName} entered the top at #${change.newRank}`;
    if (change.newRank == null) return `${change.nickName} left the top (was #${change.oldRank})`;
    if (change.newRank < change.oldRank) return `${change.nickName} moved up to #${change.newRank}`;
    if (change.newRank > change.oldRank) return `${change.nickName} dropped to #${change.newRank}`;
    return `${change.nickName} now has ${change.newScore}`;
  }

  function rememberMoves(changes) {
    const until = Date.now() + MOVE_SHOWN_MS;
    for (const change of changes) {
      if (change.newRank == null) continue;
      if (change.oldRank == null) state.moves.set(change.userId, { kind: 'new', places: 0, until });
      else if (change.newRank !== change.oldRank) {
        const kind = change.newRank < change.oldRank ? 'up' : 'down';
        state.moves.set(change.userId, { kind, places: Math.abs(change.oldRank - change.newRank), until });
      }
    }
  }

  function currentMove(userId) {
    const move = state.moves.get(userId);
    if (move && move.until > Date.now()) return move;
    state.moves.delete(userId);
    return null;
  }

  // arrows and words, never colour alone: "▲ +2" shown, "up 2 places" read
  function moveCell(move) {
    const seen = document.createElement('span');
    seen.setAttribute('aria-hidden', 'true');
    const heard = document.createElement('span');
    heard.className = 'sr-only';
    if (!move) seen.textContent = '–';
    else if (move.kind === 'new') { seen.textContent = '★ new'; heard.textContent = 'new in the top'; }
    else if (move.kind === 'up') { seen.textContent = `▲ +${move.places}`; heard.textContent = `up ${move.places} ${move.places === 1 ? 'place' : 'places'}`; }
    else { seen.textContent = `▼ −${move.places}`; heard.textContent = `down ${move.places} ${move.places === 1 ? 'place' : 'places'}`; }
    return [seen, heard];
  }

  function cell(tag, ...content) {
    const element = document.createElement(tag);
    const inner = document.createElement('span');
    inner.className = 'cell';
    inner.append(...content);
    element.append(inner);
    return element;
  }

  function followedMarker() {
    const marker = document.createElement('span');
    marker.className = 'followed-marker';
    const star = document.createElement('span');
    star.setAttribute('aria-hidden', 'true');
    star.textContent = ' ★';
    const words = document.createElement('span');
    words.className = 'sr-only';
    words.textContent = ' (followed)';
    marker.append(star, words);
    return marker;
  }

  function row(entry) {
    const element = document.createElement('tr');
    element.dataset.user = String(entry.userId);
    const move = currentMove(entry.userId);
    const followed = state.followed && state.followed.userId === entry.userId;
    const name = followed ? [entry.nickName, followedMarker()] : [entry.nickName];
    const rank = cell('td', `#${entry.rank}`);
    const player = cell('th', ...name);
    player.scope = 'row';
    const moveElement = cell('td', ...moveCell(move));
    moveElement.className = 'move';
    element.append(rank, player, cell('td', String(entry.score)), moveElement);
    if (move) element.classList.add(move.kind);
    if (followed) element.classList.add('followed');
    if (entry.rank <= 3) element.classList.add('on-podium');
    return element;
  }

  const PLACES = ['1st', '2nd', '3rd'];

  function podiumStep(entry) {
    const step = document.createElement('li');
    step.className = `step place-${entry.rank}`;
    step.dataset.user = String(entry.userId);
    const move = currentMove(entry.userId);
    if (move) step.classList.add(move.kind);
    if (state.followed && state.followed.userId === entry.userId) step.classList.add('followed');
    const place = document.createElement('span');
    place.className = 'place';
    place.textContent = PLACES[entry.rank - 1];
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = entry.nickName + (step.classList.contains('followed') ? ' ★' : '');
    const score = document.createElement('span');
    score.className = 'score';
    score.textContent = String(entry.score);
    const moved = document.createElement('span');
    moved.className = 'move';
    moved.textContent = move ? moveCell(move)[0].textContent : '';
    step.append(place, name, score, moved);
    return step;
  }

  // FLIP: remember where each row was, render, then slide rows from there to their place
  function positions(container) {
    const where = new Map();
    for (const element of container.querySelectorAll('[data-user]')) {
      where.set(element.dataset.user, element.getBoundingClientRect().top);
    }
    return where;
  }

  function slide(container, before) {
    if (reducedMotion.matches) return;
    for (const element of container.querySelectorAll('[data-user]')) {
      const old = before.get(element.dataset.user);
      if (old === undefined) continue;
      const delta = old - element.getBoundingClientRect().top;
      if (delta === 0) continue;
      element.style.transition = 'none';
      element.style.transform = `translateY(${delta}px)`;
      requestAnimationFrame(() => requestAnimationFrame(() => {
        element.style.transition = '';
        element.style.transform = '';
      }));
    }
  }

  function render() {
    const body = $('rows');
    const podium = $('podium');
    const before = positions(body);
    const podiumBefore = positions(podium);
    const top = state.top;
    body.replaceChildren(...top.map(row));
    podium.replaceChildren(...top.filter((entry) => entry.rank <= 3).slice(0, 3).map(podiumStep));
    slide(body, before);
    slide(podium, podiumBefore);
    $('empty').hidden = top.length > 0;
    renderBeyond();
  }

  // ---- the board's stream ------------------------------------------------------------

  function applyTop(top, period) {
    const samePeriod = period === state.period;
    const changes = samePeriod ? changesBetween(state.top, top) : [];
    if (!samePeriod) {
      state.moves.clear();
      if (state.period !== null) loadDefinition(true);
    }
    state.top = top;
    state.period = period;
    showPeriod();
    rememberMoves(changes);
    render();
    for (const change of changes) announce(describe(change));
    followedSeen(changes);
  }

  function connect() {
    clearTimeout(state.reconnectTimer);
    if (state.source) state.source.close();
    const params = new URLSearchParams({ frames: 'delta' });
    if (state.sequence != null) params.set('lastEventId', String(state.sequence));
    const source = new EventSource(`leaderboards/${encodeURIComponent(state.board)}/events?${params}`);
    state.source = source;
    source.onopen = () => { state.retries = 0; setConnection('live', 'Live'); };
    // EventSource would retry by itself, but gives up after a refusal and resumes from its
    // last event id only: reconnect here, from the sequence of the top the page holds
    source.onerror = () => {
      if (state.source === source) reconnectLater();
    };
    source.addEventListener('snapshot', (event) => {
      const snapshot = JSON.parse(event.data);
      state.sequence = snapshot.sequence;
      applyTop(snapshot.top || [], snapshot.period);
      setConnection('live', 'Live');
    });
    source.addEventListener('delta', (event) => {
      const delta = JSON.parse(event.data);
      if (delta.base !== state.sequence) {
        // the gap rule: resume from what we hold, the server answers with a snapshot
        connect();
        return;
      }
      const top = state.top.slice();
      for (const { index, ...entry } of delta.rows) top[index] = entry;
      top.length = delta.size;
      state.sequence = delta.sequence;
      applyTop(top, delta.period);
      setConnection('live', 'Live');
    });
    source.addEventListener('period-closed', (event) => periodClosed(JSON.parse(event.data)));
    // the instance is stopping: connect again, the load balancer picks another
    source.addEventListener('reconnect', () => reconnectLater(200));
  }

  function reconnectLater(delay) {
    if (state.source) state.source.close();
    setConnection('reconnecting', 'Reconnecting…');
    // backing off, with jitter so that a restarted instance is not met by every page at once
    const wait = delay ?? Math.min(10000, 1000 * 2 ** state.retries++) * (0.75 + Math.random() / 2);
    clearTimeout(state.reconnectTimer);
    state.reconnectTimer = setTimeout(connect, wait);
  }

  function followBoard(board) {
    state.board = board;
    state.sequence = null;
    state.period = null;
    state.top = [];
    state.moves.clear();
    state.definition = null;
    $('board-name').textContent = board;
    $('board').value = board;
    updateUrl();
    setConnection('connecting', 'Connecting…');
    connect();
    loadDefinition(true);
    if (state.followed) follow(state.followed.userId, state.followed.nickName);
  }

  // ---- period, countdown and the closed-period banner -------------------------------

  async function loadDefinition(force) {
    const now = Date.now();
    if (!force && now - state.definitionAsked < 3000) return;
    state.definitionAsked = now;
    const board = state.board;
    let definition = null;
    try {
      const response = await api(boardPath());
      if (response.ok) definition = await response.json();
    } catch (error) {
      // the broadcaster's copy of the definitions below
    }
    if (!definition) {
      try {
        const boards = await (await fetch('boards')).json();
        definition = boards.find((candidate) => candidate.id === board) || null;
      } catch (error) {
        definition = null;
      }
    }
    if (board !== state.board) return;
    state.definition = definition;
    showPeriod();
    tick();
  }

  function showPeriod() {
    const period = state.period || (state.definition && state.definition.currentPeriod);
    $('period').textContent = period ? periodName(period) : '';
  }

  function countdownText(milliseconds) {
    const seconds = Math.max(0, Math.floor(milliseconds / 1000));
    const days = Math.floor(seconds / 86400);
    const clock = [Math.floor(seconds / 3600) % 24, Math.floor(seconds / 60) % 60, seconds % 60]
      .map((part) => String(part).padStart(2, '0')).join(':');
    return days > 0 ? `${days}d ${clock}` : clock;
  }

  function tick() {
    const countdown = $('countdown');
    const definition = state.definition;
    if (!definition) countdown.textContent = '';
    else if (!definition.nextResetAt) countdown.textContent = '· never resets';
    else {
      const left = Date.parse(definition.nextResetAt) - Date.now();
      countdown.textContent = left > 0 ? `· resets in ${countdownText(left)}` : '· resetting…';
      if (left <= 0) loadDefinition(false);
    }
    // a submission that did not change their score is in the history all the same
    if (state.followed && Date.now() - state.followed.historyAt > 30000) loadHistory();
    // a mover's arrow stays for a while, then the row is plain again
    let expired = false;
    for (const [userId, move] of state.moves) if (move.until <= Date.now()) { state.moves.delete(userId); expired = true; }
    if (expired) render();
  }

  function periodClosed(closed) {
    const winners = (closed.top || []).filter((entry) => entry.rank === 1).map((entry) => entry.nickName);
    const verb = closed.revision > 1 ? 'results corrected' : 'is over';
    const text = winners.length ? `${periodName(closed.period)} ${verb}: ${winners.join(' and ')} won`
      : `${periodName(closed.period)} ${verb}`;
    $('banner-text').textContent = text;
    $('banner').hidden = false;
    announce(text);
    loadDefinition(true);
  }

  // ---- the followed player -----------------------------------------------------------

  function updateUrl() {
    const params = new URLSearchParams({ board: state.board });
    if (state.followed) params.set('follow', String(state.followed.userId));
    history.replaceState(null, '', `?${params}`);
  }

  function follow(userId, nickName) {
    state.followed = { userId, nickName: nickName || `player ${userId}`, ranks: [], score: null,
      standing: null, board: state.board, historyAt: 0 };
    $('followed').hidden = false;
    updateUrl();
    render();
    renderFollowed();
    const inTop = state.top.find((entry) => entry.userId === userId);
    if (inTop) {
      state.followed.nickName = inTop.nickName;
      recordRank(inTop.rank, inTop.score);
    }
    else refreshStanding(true);
    loadHistory();
  }

  function unfollow() {
    state.followed = null;
    $('followed').hidden = true;
    updateUrl();
    render();
  }

  // a frame arrived: the followed player's rank from the top, or asked for when outside it
  function followedSeen(changes) {
    const followed = state.followed;
    if (!followed || followed.board !== state.board) return;
    const inTop = state.top.find((entry) => entry.userId === followed.userId);
    if (inTop) {
      followed.standing = null;
      followed.nickName = inTop.nickName;
      recordRank(inTop.rank, inTop.score);
    } else if (changes.length > 0 || followed.ranks.length === 0) {
      refreshStanding(false);
    }
  }

  async function refreshStanding(force) {
    const followed = state.followed;
    const now = Date.now();
    if (!followed || (!force && now - state.standingAsked < 2000)) return;
    state.standingAsked = now;
    try {
      const response = await api(boardPath(`/users/${followed.userId}`));
      if (state.followed !== followed) return;
      if (!response.ok) {
        followed.standing = null;
        renderFollowed();
        renderBeyond();
        return;
      }
      const standing = await response.json();
      followed.nickName = standing.nickName || followed.nickName;
      followed.standing = state.top.some((entry) => entry.userId === followed.userId) ? null : standing;
      recordRank(standing.rank, standing.score);
      renderBeyond();
    } catch (error) {
      // the next frame asks again
    }
  }

  function recordRank(rank, score) {
    const followed = state.followed;
    const last = followed.ranks[followed.ranks.length - 1];
    if (!last || last.rank !== rank) followed.ranks.push({ rank, at: new Date() });
    if (followed.score !== null && followed.score !== score) loadHistory();
    followed.score = score;
    renderFollowed();
  }

  function renderFollowed() {
    const followed = state.followed;
    if (!followed) return;
    const ranks = followed.ranks;
    const now = ranks[ranks.length - 1];
    $('followed-summary').textContent = now ? `Following ${followed.nickName}: #${now.rank} on ${state.board}`
      : `Following ${followed.nickName}: no score on ${state.board} yet`;
    const first = ranks[0];
    let since = '';
    if (first && now && first !== now) {
      const gained = first.rank - now.rank;
      const way = gained > 0 ? `▲ up ${gained}` : (gained < 0 ? `▼ down ${-gained}` : 'no change');
      since = `Since the page opened: #${first.rank} → #${now.rank} (${way})`;
    } else if (now) {
      since = `Since the page opened: #${now.rank}, no change yet`;
    }
    $('rank-since').textContent = since;
    $('rank-changes').replaceChildren(...ranks.slice(1).reverse().slice(0, 8).map((change, index) => {
      const before = ranks[ranks.length - 1 - index - 1];
      const item = document.createElement('li');
      const time = change.at.toLocaleTimeString('en-GB', { hour12: false });
      item.textContent = `${time} #${before.rank} → #${change.rank}`;
      return item;
    }));
  }

  // a followed player outside the top: their row under it, separated by a gap row
  function renderBeyond() {
    const beyond = $('beyond');
    const followed = state.followed;
    const standing = followed && followed.standing;
    if (!standing || state.top.some((entry) => entry.userId === followed.userId)) {
      beyond.replaceChildren();
      return;
    }
    const gap = document.createElement('tr');
    gap.className = 'gap';
    const dots = document.createElement('td');
    dots.colSpan = 4;
    dots.textContent = '…';
    gap.append(dots);
    beyond.replaceChildren(gap, row({ rank: standing.rank, userId: followed.userId,
      nickName: standing.nickName || followed.nickName, score: standing.score }));
  }

  // the sparkline: the player's latest submissions on this board, oldest first
  async function loadHistory() {
    const followed = state.followed;
    if (!followed) return;
    followed.historyAt = Date.now();
    try {
      const response = await api(boardPath(`/users/${followed.userId}/history?limit=20`));
      if (state.followed !== followed || !response.ok) return;
      const entries = (await response.json()).entries.filter((entry) => entry.status !== 'voided').reverse();
      drawSparkline(entries.map((entry) => entry.score), followed.nickName);
    } catch (error) {
      // the next score of theirs asks again
    }
  }

  function drawSparkline(scores, nickName) {
    const line = $('sparkline').querySelector('polyline');
    const low = Math.min(...scores);
    const high = Math.max(...scores);
    const width = 120;
    const height = 36;
    const x = (index) => (scores.length === 1 ? width / 2 : (index * width) / (scores.length - 1));
    const y = (score) => (high === low ? height / 2 : 3 + ((high - score) * (height - 6)) / (high - low));
    line.setAttribute('points', scores.map((score, index) => `${x(index).toFixed(1)},${y(score).toFixed(1)}`).join(' '));
    const words = scores.length === 0 ? `${nickName} has no submissions on this board yet`
      : `${nickName}'s last ${scores.length} ${scores.length === 1 ? 'score' : 'scores'}: ${scores.join(', ')}`;
    $('sparkline-title').textContent = words;
    $('sparkline-caption').textContent = scores.length === 0 ? words
      : `Last ${scores.length} ${scores.length === 1 ? 'score' : 'scores'}, latest ${scores[scores.length - 1]}`;
  }

  // search: the players in the streamed top and in the first 100 of the board
  async function knownPlayers() {
    const players = new Map(state.top.map((entry) => [entry.userId, entry.nickName]));
    try {
      const response = await api(boardPath('/top?limit=100'));
      if (response.ok) for (const entry of (await response.json()).entries) players.set(entry.userId, entry.nickName);
    } catch (error) {
      // the streamed top alone
    }
    return [...players].map(([userId, nickName]) => ({ userId, nickName }));
  }

  async function search(name) {
    const wanted = name.trim().toLowerCase();
    const players = await knownPlayers();
    const found = players.find((player) => player.nickName.toLowerCase() === wanted)
      || players.find((player) => player.nickName.toLowerCase().startsWith(wanted));
    if (!found) {
      $('search-result').textContent = `No player called “${name}” in the top 100 of ${state.board}.`;
      return;
    }
    $('search-result').textContent = '';
    follow(found.userId, found.nickName);
  }

  async function fillSuggestions() {
    const players = await knownPlayers();
    $('players').replaceChildren(...players.map((player) => new Option(player.nickName)));
  }

  // ---- signing in: the personal stream, and the player followed ----------------------

  async function signIn(name) {
    const tokenResponse = await api('/dev/tokens', { method: 'POST',
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ subject: name, nickName: name }) });
    if (!tokenResponse.ok) throw new Error('no token');
    const token = (await tokenResponse.json()).accessToken;
    state.me = { name, token };
    await openPersonalStream();
    follow(state.me.userId, name);
  }

  async function openPersonalStream() {
    const response = await api('/stream-tickets', { method: 'POST', headers: { Authorization: `Bearer ${state.me.token}` } });
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
        if (message.board === state.board && state.followed && state.followed.userId === state.me.userId) {
          refreshStanding(true);
        }
      });
    }
    const standing = await api(boardPath(`/users/${ticket.userId}`));
    $('my-rank').textContent = standing.ok ? `#${(await standing.json()).rank} on ${state.board}`
      : `Signed in as ${state.me.name}: no score on ${state.board} yet`;
  }

  // ---- wiring -------------------------------------------------------------------------

  async function loadBoards() {
    try {
      const boards = await (await fetch('boards')).json();
      const select = $('board');
      const ids = boards.map((board) => board.id);
      if (!ids.includes('global')) ids.unshift('global');
      if (!ids.includes(state.board)) ids.push(state.board);
      select.replaceChildren(...ids.map((id) => new Option(id, id)));
      select.value = state.board;
    } catch (error) {
      // the picker keeps "global"
    }
  }

  $('board').addEventListener('change', (event) => followBoard(event.target.value));
  $('search').addEventListener('submit', (event) => {
    event.preventDefault();
    search($('search-name').value);
  });
  $('search-name').addEventListener('focus', () => fillSuggestions());
  $('unfollow').addEventListener('click', unfollow);
  $('banner-close').addEventListener('click', () => { $('banner').hidden = true; });
  $('sign-in').addEventListener('submit', (event) => {
    event.preventDefault();
    signIn($('player').value).catch(() => { $('my-rank').textContent = 'Sign-in failed (local profile only).'; });
  });

  loadBoards();
  followBoard(state.board);
  const followId = Number(query.get('follow'));
  if (followId > 0) follow(followId, null);
  setInterval(tick, 1000);
})();
