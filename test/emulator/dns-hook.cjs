// Resolves the emulator's made-up host names to loopback inside a Node process,
// the way an /etc/hosts line would, without needing root on a laptop. Loaded
// with NODE_OPTIONS=--require=<this file> by the test launcher, the bundle
// harness and `npm run demo`; the action's own code is unchanged.
// Note: Node does not resolve *.localhost on this platform (AZURE-WIRE.md), and
// Key Vault URLs need a per-vault host name, hence the hook.
'use strict';
const dns = require('node:dns');

const suffixes = (process.env.JIT_EMULATOR_HOSTS || '.emulator.test')
  .split(',')
  .map((s) => s.trim().toLowerCase())
  .filter(Boolean);
const original = dns.lookup;

function isEmulated(host) {
  const name = String(host).toLowerCase();
  return suffixes.some((suffix) => name.endsWith(suffix));
}

dns.lookup = function lookup(host, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = {};
  }
  if (!isEmulated(host)) return original.call(this, host, options, callback);
  const opts = typeof options === 'number' ? { family: options } : options || {};
  if (opts.all) return process.nextTick(callback, null, [{ address: '127.0.0.1', family: 4 }]);
  return process.nextTick(callback, null, '127.0.0.1', 4);
};
