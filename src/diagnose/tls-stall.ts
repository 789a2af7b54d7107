/**
 * 39.13.2 "TLS ハンドシェイクのタイムアウト": a TLS handshake that times out while TCP connects is
 * "usually" (通常は) caused by a large MTU difference between tun0 and the primary interface. The
 * router probe records the symptom (HttpOutcome.tlsHandshakeStalled); when the walk's MTU step
 * finds the MTU cause, the symptom is folded into it with the guide's explanation.
 */
import { msg, type Msg } from '../i18n/message.js';
import type { Candidate } from './root-cause.js';
import type { WalkState } from './state.js';

/** The step verdict for a stalled handshake on `hp` (`ip:port`). */
export function tlsStallVerdict(hp: string, timeoutMs: number): Msg {
  return msg(
    `TCP connected to ${hp}, but the TLS handshake did not finish in ${timeoutMs} ms (TLS handshake timeout, §13.2)`,
    `${hp} への TCP 接続はできましたが、${timeoutMs} ms 以内に TLS ハンドシェイクが終わりません（TLS ハンドシェイクのタイムアウト、§13.2）`,
  );
}

/** The guide's explanation, when the walk saw the symptom. */
export function tlsStallNote(st: WalkState): Msg | undefined {
  const r = st.routerAnswer;
  if (!r?.tlsHandshakeStalled) return undefined;
  const to = `${st.host}${r.ip ? ` (${r.ip}:${r.port ?? st.port})` : ''}`;
  return msg(
    `This is why the TLS handshake with ${to} times out while TCP connects (§13.2): the server's certificate chain needs packets larger than the tunnel carries, and they are dropped; the small TCP handshake passes.`,
    `TCP は接続できるのに ${to} との TLS ハンドシェイクがタイムアウトするのはこのためです（§13.2）: サーバーの証明書チェーンはトンネルが運べるより大きなパケットを必要とし、それが破棄されます。小さな TCP ハンドシェイクは通ります。`,
  );
}

/** An MTU cause with the §13.2 symptom folded in (other causes unchanged). */
export function foldTlsStall<C extends Pick<Candidate, 'fault' | 'summary' | 'text'>>(
  c: C,
  st: WalkState,
): C {
  const note = c.fault === 'mtu-mismatch' ? tlsStallNote(st) : undefined;
  if (!note) return c;
  return {
    ...c,
    summary: msg(`${c.summary.en} ${note.en}`, `${c.summary.ja}${note.ja}`),
    ...(c.text !== undefined ? { text: `${c.text}\n${note.en}` } : {}),
  };
}
