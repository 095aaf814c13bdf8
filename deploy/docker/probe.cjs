#!/usr/bin/env node
// Container health probe without curl/wget (node:20-slim has neither). Exit 0 = healthy.
//   node probe.cjs http <url> [timeoutMs]      the api's /health/live or /health/ready answers 2xx
//   node probe.cjs process <text>              PID 1's command line contains <text> (projector, worker)
//   node probe.cjs heartbeat <file> <maxAgeS>  <file> was modified in the last <maxAgeS> seconds
// `process` only proves the entry point is still PID 1; `heartbeat` is for when an app writes one.
'use strict';
const { readFileSync, statSync } = require('node:fs');

const [mode, arg, extra] = process.argv.slice(2);
const fail = (message) => {
  process.stderr.write(`unhealthy: ${message}\n`);
  process.exit(1);
};

if (mode === 'http') {
  const timeoutMs = Number(extra ?? 3000);
  fetch(arg, { signal: AbortSignal.timeout(timeoutMs) }).then(
    (response) => (response.ok ? process.exit(0) : fail(`${arg} answered ${response.status}`)),
    (error) => fail(`${arg}: ${error.message}`),
  );
} else if (mode === 'process') {
  const cmdline = readFileSync('/proc/1/cmdline', 'utf8').split('\0').join(' ');
  if (!cmdline.includes(arg)) fail(`PID 1 is "${cmdline.trim()}", not ${arg}`);
} else if (mode === 'heartbeat') {
  let ageS;
  try {
    ageS = (Date.now() - statSync(arg).mtimeMs) / 1000;
  } catch {
    fail(`${arg} does not exist`);
  }
  if (ageS > Number(extra)) fail(`${arg} is ${Math.round(ageS)} s old (limit ${extra} s)`);
  // The apps write {app, pid, status, time, details} (libs/observability): `down` is unhealthy.
  let record;
  try {
    record = JSON.parse(readFileSync(arg, 'utf8'));
  } catch {
    fail(`${arg} is not a heartbeat record`);
  }
  if (record.status === 'down') fail(`${record.app} reports down`);
} else {
  fail(`unknown mode ${JSON.stringify(mode)}; use http, process or heartbeat`);
}
