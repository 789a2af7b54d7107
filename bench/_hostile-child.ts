/**
 * Reads one hostile bundle in its own process, so the peak RSS is the reader's own
 * (bench/hostile.ts runs one per case). Usage: tsx bench/_hostile-child.ts <bundle> → one JSON line.
 */
import { readBundle } from '../src/sources/bundle/index.js';

const started = performance.now();
let outcome: string;
try {
  const snap = await readBundle(process.argv[2] ?? '.');
  outcome = `read (${snap.artifacts.length} artifacts, ${snap.warnings.length} warnings)`;
} catch (e) {
  outcome = `refused: ${(e as Error).message.slice(0, 120)}`;
}
const ms = performance.now() - started;
console.log(JSON.stringify({ ms, rssMB: process.resourceUsage().maxRSS / 1024, outcome }));
