// The plain-script bound for complete results (see slices.html). On Search it POSTs the
// slices in window.benchSlices ({url, headers, bodies, concurrency}, set by the bench
// driver: the request bodies of the slices the app's load kept, in the order the app sent
// them), at most `concurrency` at a time, JSON.parses each answer and keeps its results
// array. When every answer is in, the status line says "All N calls loaded.".
// A script that knew the right slices in advance: no first request, no planning, no
// splitting, no retries, no merging and no drawing. Its time is a lower bound for a load.
'use strict';

// Room for every answer's Resource Timing entry (Chromium keeps 250 by default).
performance.setResourceTimingBufferSize(100000);

async function load(event) {
  event.preventDefault();
  const s = window.benchSlices;
  const kept = new Array(s.bodies.length);
  let next = 0;
  let count = 0;
  const worker = async () => {
    while (next < s.bodies.length) {
      const i = next++;
      const response = await fetch(s.url, { method: 'POST', headers: s.headers, body: s.bodies[i] });
      const answer = JSON.parse(await response.text());
      kept[i] = answer && Array.isArray(answer.results) ? answer.results : [];
      count += kept[i].length;
    }
  };
  await Promise.all(Array.from({ length: s.concurrency }, worker));
  window.benchKept = kept;
  document.getElementById('search-status').textContent = 'All ' + count + ' calls loaded.';
}

document.querySelector('form.query').addEventListener('submit', load);
