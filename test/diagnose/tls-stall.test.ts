/**
 * 39.13.2: a stalled TLS handshake (real curl output: test/fixtures/curl/tls-handshake-timeout.txt)
 * is folded into the MTU cause with the guide's explanation, and into no other cause.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { msg } from '../../src/i18n/message.js';
import { foldTlsStall, tlsStallNote } from '../../src/diagnose/tls-stall.js';
import type { WalkState } from '../../src/diagnose/state.js';
import { curlFrom } from '../../src/sources/probes/shell-probes.js';
import type { NodeShell } from '../../src/sources/node-shell.js';

const STALL = readFileSync(new URL('../fixtures/curl/tls-handshake-timeout.txt', import.meta.url), 'utf8');
const OK = readFileSync(new URL('../fixtures/curl/tls-200.txt', import.meta.url), 'utf8');
const replay = (text: string, exitCode: number): NodeShell => ({
  name: 'replay',
  run: async () => ({ stdout: '', stderr: text, exitCode, durationMs: 1 }),
});
const URL_ = 'https://web-demo.apps.example.com:18443/';

async function walkWith(text: string, exitCode: number): Promise<WalkState> {
  const routerAnswer = await curlFrom(replay(text, exitCode), { kind: 'client' }, URL_, 2000);
  return { host: 'web-demo.apps.example.com', port: 18443, routerAnswer } as unknown as WalkState;
}
const mtuCause = {
  fault: 'mtu-mismatch' as const,
  summary: msg('MTU too large', 'MTU が大きすぎます'),
  text: 'MTU too large',
};

describe('§13.2 TLS handshake timeout folded into the MTU cause', () => {
  it('the real stalled handshake is recognised and explained', async () => {
    const st = await walkWith(STALL, 28);
    expect(st.routerAnswer?.tlsHandshakeStalled).toBe(true);
    const c = foldTlsStall(mtuCause, st);
    expect(c.summary.en).toContain(
      'TLS handshake with web-demo.apps.example.com (127.0.0.1:18443) times out while TCP connects (§13.2)',
    );
    expect(c.summary.ja).toContain('TLS ハンドシェイクがタイムアウトするのはこのためです（§13.2）');
    expect(c.text).toContain('certificate chain');
  });

  it('leaves other causes alone', async () => {
    const st = await walkWith(STALL, 28);
    const other = { ...mtuCause, fault: 'router-timeout' as const };
    expect(foldTlsStall(other, st)).toBe(other);
  });

  it('says nothing when the handshake finished', async () => {
    const st = await walkWith(OK, 0);
    expect(st.routerAnswer?.tlsHandshakeStalled).toBeUndefined();
    expect(tlsStallNote(st)).toBeUndefined();
    expect(foldTlsStall(mtuCause, st)).toBe(mtuCause);
  });
});
