// Loaded with NODE_OPTIONS=--require=<this file> by the benchmark: when the
// process exits, writes its peak resident set size (kilobytes, from
// process.resourceUsage().maxRSS) to the file named by JIT_BENCH_RSS_FILE.
// The action's own code is unchanged.
'use strict';
const { writeFileSync } = require('node:fs');

const target = process.env.JIT_BENCH_RSS_FILE;
if (target) {
  process.on('exit', () => writeFileSync(target, String(process.resourceUsage().maxRSS)));
}
