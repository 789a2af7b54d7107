/**
 * Entry point of the lab API server process (started detached by `startLabApiServer`):
 * `node server-main.js --data-dir D --run-dir R [--host H] [--port P] [--tls-cert F --tls-key F]
 * [--exec host|lab:NAME|harness:FILE]`. Once listening it writes
 * its URL to `<runDir>/api-server.url` (how the starter learns an ephemeral port); it stops on
 * SIGTERM/SIGINT.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createHostExecBackend, createLabExecBackend, type ExecBackend } from './exec/backend.js';
import { createHarnessBackend, type HarnessOptions } from './exec/harness.js';
import { createLabApiServer, listen } from './server.js';
import { createFileStore, type ObjectStore } from './object-store.js';
import { createLabStore } from '../api-writes.js';
import { URL_FILE } from './run-files.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      'run-dir': { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      exec: { type: 'string', default: 'host' },
    },
  });
  const dataDir = values['data-dir'];
  const runDir = values['run-dir'];
  if (!dataDir || !runDir)
    throw new Error(
      'usage: server-main --data-dir DIR --run-dir DIR [--host H] [--port P] [--tls-cert F --tls-key F]',
    );
  const certFile = values['tls-cert'];
  const keyFile = values['tls-key'];
  const tls = certFile && keyFile ? { certFile, keyFile } : undefined;
  const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
  const server = createLabApiServer(
    resolve(dataDir),
    log,
    tls,
    backendOf(values.exec),
    storeOf(values.exec, resolve(dataDir), log),
  );
  const url = await listen(server, values.host, Number(values.port), tls ? 'https' : 'http');
  const urlFile = resolve(runDir, URL_FILE);
  writeFileSync(`${urlFile}.tmp`, `${url}\n`);
  renameSync(`${urlFile}.tmp`, urlFile);
  console.log(`lab API server (pid ${process.pid}) listening on ${url}, data in ${dataDir}`);
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** `host` (this machine is every node) or `lab:NAME` (the real lab's namespaces). */
function backendOf(spec: string): ExecBackend {
  if (spec === 'host') return createHostExecBackend();
  if (spec.startsWith('lab:')) return createLabExecBackend(spec.slice(4));
  // the scale harness: emulated nodes, options in a JSON file (exec/harness.ts)
  if (spec.startsWith('harness:'))
    return createHarnessBackend(JSON.parse(readFileSync(spec.slice(8), 'utf8')) as HarnessOptions);
  throw new Error(`--exec must be host, lab:NAME or harness:FILE, not ${spec}`);
}

/** `lab:NAME`: writes go into the lab's state and its SDN reacts (api-writes.ts); else the data files. */
function storeOf(spec: string, dataDir: string, log: (line: string) => void): ObjectStore {
  return spec.startsWith('lab:') ? createLabStore(spec.slice(4), log) : createFileStore(dataDir);
}

main().catch((e: unknown) => {
  console.error(`lab API server failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
