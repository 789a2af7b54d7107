// @napi-rs/lzma inside the single-file build (`npm run package`, scripts/package.mjs aliases the
// package to this file). The build carries the decoder's native addon as a SEA asset; a native
// addon loads only from a file, so it is written to a fresh private folder (mkdtemp: mode 0700,
// a name no other user can guess or plant), loaded with process.dlopen and removed at once — the
// loaded library stays mapped. This is the way Node's SEA docs give ("Using native addons in the
// injected main script"). It runs only when an xz archive is analyzed
// (src/sources/bundle/files.ts imports the package lazily).
'use strict';
const { getAsset } = require('node:sea');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const dir = mkdtempSync(join(tmpdir(), 'sdn-doctor-xz-'));
try {
  const file = join(dir, 'lzma.node');
  writeFileSync(file, new Uint8Array(getAsset('lzma.node')), { mode: 0o500 });
  const addon = { exports: {} };
  process.dlopen(addon, file);
  module.exports = addon.exports;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
