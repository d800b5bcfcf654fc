// Preloaded (NODE_OPTIONS=--require) into `next build` by tests/e2e/next.mjs, and so into
// every Node process the build starts: a connection to any host but loopback fails at
// once and is appended to $OFFLINE_GUARD_LOG, so the test can tell that the build never
// tried to reach the network (fonts, telemetry, a missing SWC binary's download).
'use strict';
const fs = require('node:fs');
const net = require('node:net');

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/i;
const logFile = process.env.OFFLINE_GUARD_LOG;
const connect = net.Socket.prototype.connect;

net.Socket.prototype.connect = function guardedConnect(...args) {
  let options = args[0];
  if (Array.isArray(options)) options = options[0];
  if (typeof options !== 'object' || options === null) options = { port: args[0], host: typeof args[1] === 'string' ? args[1] : undefined };
  const host = options.path ? undefined : options.host ?? 'localhost';
  if (host !== undefined && !LOOPBACK.test(host)) {
    if (logFile) fs.appendFileSync(logFile, `${process.pid} ${host}:${options.port}\n`);
    process.nextTick(() => this.destroy(new Error(`offline guard: no connection to ${host}:${options.port} during the build`)));
    return this;
  }
  return connect.apply(this, args);
};
