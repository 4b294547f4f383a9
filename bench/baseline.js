// The benchmark's baseline (see baseline.html): on Search, POST the query the app sends
// (window.benchQuery: {url, body, headers}, set by the bench driver), JSON.parse the
// answer, decode the first page's labels exactly as the app does (English, zone UTC) and
// build its rows with plain DOM calls. The parsed records stay in memory, as an app's would.
'use strict';

const COLUMNS = [
  ['callId', 'Call ID'], ['begin', 'Begin'], ['end', 'End'], ['duration', 'Duration'],
  ['callerNo', 'Calling number'], ['calleeNo', 'Called number'], ['callType', 'Call type'],
  ['mediaType', 'Media type'], ['leaveReason', 'Leave reason'],
  ['satisfaction', 'Satisfaction'], ['vdn', 'VDN'], ['logDate', 'Log date'],
];
const CALL_TYPES = { 0: 'Inbound', 1: 'Outbound', 2: 'Predicted outbound',
  3: 'Previewed outbound', 4: 'Preempted outbound', 10: 'Bidirectional',
  11: 'Collaborative', 12: 'Click-to-dial' };
const MEDIA_TYPES = { 2: 'Voice click-to-dial', 5: 'Voice', 18: 'Video click-to-dial',
  19: 'Video', 53: 'Multimedia' };
const LEAVE_REASONS = { 0: 'Normal access or transfer', 1: 'Overflow', 2: 'Timeout transfer',
  3: 'No agent on duty', 5: 'Agent did not answer, transferred', 15: 'Released by the user',
  16: 'Released by the agent', 17: 'Transferred out', 20: 'Callee busy',
  22: 'Phone switched off', 23: 'Out of service area', 24: 'Number does not exist',
  26: 'No answer', 27: 'Rejected', 49: 'Agent rejected (49)', 50: 'Agent rejected (50)',
  88: 'User hung up after the agent answered', 89: 'User hung up before answer' };
const PAGE_SIZE = 20;
const MIN_MS = 946684800000; // 2000-01-01
const MAX_MS = 4102444800000; // 2100-01-01

// The API sends numbers and booleans as well as strings: keep everything as text.
function text(v) {
  return v === undefined || v === null || typeof v === 'object' ? null : String(v);
}
function stripFloat(t) {
  t = t.trim();
  return t.endsWith('.0') ? t.slice(0, -2) : t;
}
function codeNumber(raw) {
  const t = stripFloat(raw);
  return t !== '' && t.length <= 9 && /^[0-9]+$/.test(t) ? Number(t) : null;
}
function timeMs(raw) {
  if (raw === null) return null;
  const t = stripFloat(raw);
  if (t === '' || !/^[0-9]+$/.test(t)) return null;
  const ms = Number(t);
  return ms >= MIN_MS && ms < MAX_MS ? ms : null;
}
const two = (n) => (n < 10 ? '0' : '') + n;
function formatTime(ms) {
  const d = new Date(ms);
  return d.getUTCFullYear() + '-' + two(d.getUTCMonth() + 1) + '-' + two(d.getUTCDate()) +
    ' ' + two(d.getUTCHours()) + ':' + two(d.getUTCMinutes()) + ':' + two(d.getUTCSeconds());
}
function formatDuration(ms) {
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600), m = Math.floor(total / 60) % 60, s = total % 60;
  return (ms < 0 ? '-' : '') + (h > 0 ? h + ':' + two(m) + ':' + two(s) : m + ':' + two(s));
}

// What a cell shows: [text, title (raw code), unknown].
function cell(r, key) {
  const labelled = (raw, table) => {
    const label = table[codeNumber(raw)];
    return label === undefined ? [raw, null, true] : [label, raw, false];
  };
  let raw;
  switch (key) {
    case 'duration': {
      const b = timeMs(text(r.callBegin)), e = timeMs(text(r.callEnd));
      return [b !== null && e !== null && e >= b ? formatDuration(e - b) : '', null, false];
    }
    case 'callId': raw = text(r.callId); break;
    case 'begin': raw = text(r.callBegin); break;
    case 'end': raw = text(r.callEnd); break;
    case 'callerNo': raw = text(r.callerNo); break;
    case 'calleeNo': raw = text(r.calleeNo); break;
    case 'callType': raw = text(r.callType); break;
    case 'mediaType': raw = text(r.mediatype ?? r.mediaType); break;
    case 'leaveReason': raw = text(r.leaveReason); break;
    case 'satisfaction': raw = text(r.evaluationValue); break;
    case 'vdn': raw = text(r.vdn); break;
    case 'logDate': raw = text(r.logDate); break;
  }
  if (raw === null) return ['', null, false];
  if (raw.trim() === '') return [raw, null, false];
  switch (key) {
    case 'begin': case 'end': case 'logDate': {
      const ms = timeMs(raw);
      if (ms !== null) return [formatTime(ms), raw, false];
      return [raw, null, key !== 'logDate'];
    }
    case 'callType': return labelled(raw, CALL_TYPES);
    case 'mediaType': return labelled(raw, MEDIA_TYPES);
    case 'leaveReason': return labelled(raw, LEAVE_REASONS);
    default: return [raw, null, false];
  }
}

let records = [];

function render(page) {
  const tbody = document.querySelector('tbody');
  tbody.textContent = '';
  const start = page * PAGE_SIZE;
  const end = Math.min(start + PAGE_SIZE, records.length);
  for (let i = start; i < end; i++) {
    const r = records[i];
    const tr = document.createElement('tr');
    tr.id = 'row-' + i;
    tr.tabIndex = 0;
    for (const [key] of COLUMNS) {
      const [t, title, unknown] = cell(r, key);
      const td = document.createElement('td');
      td.dataset.column = key;
      if (title !== null) td.title = title;
      if (unknown) td.className = 'raw';
      td.textContent = t;
      tr.appendChild(td);
    }
    tbody.appendChild(tr);
  }
  document.getElementById('search-status').textContent = records.length === 0
    ? 'No records' : 'Showing ' + (start + 1) + '\u2013' + end + ' of ' + records.length;
}

async function search(event) {
  event.preventDefault();
  const q = window.benchQuery;
  performance.mark('cdr-request-sent');
  const response = await fetch(q.url, { method: 'POST', headers: q.headers, body: q.body });
  const text = await response.text();
  performance.mark('cdr-answer-read');
  const answer = JSON.parse(text);
  records = (answer && Array.isArray(answer.results) ? answer.results : [])
    .filter((r) => r !== null && typeof r === 'object' && !Array.isArray(r));
  performance.mark('cdr-answer-decoded');
  window.benchRecords = records;
  render(0);
}

const head = document.getElementById('head');
for (const [key, title] of COLUMNS) {
  const th = document.createElement('th');
  th.scope = 'col';
  th.dataset.column = key;
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'sort';
  b.textContent = title;
  th.appendChild(b);
  head.appendChild(th);
}
document.querySelector('form.query').addEventListener('submit', search);
