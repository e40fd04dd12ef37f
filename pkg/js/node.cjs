// herald-engine for Node.js (and Bun), CommonJS: the glue reads `herald_bg.wasm` next to it with
// readFileSync and instantiates it synchronously while this module loads, so there is no init
// step. `init`/`initSync` exist so that portable code may still call them. The ES module entry
// (node.mjs) re-exports this same instance, so `require` and `import` share one copy.
'use strict';

require('./herald_node.cjs');
require('./ready.cjs').markReady();

const api = require('./api.cjs');

async function init() {}

function initSync() {}

module.exports = { ...api, init, initSync, default: init };
