/**
 * `/etc/resolv.conf` (39.9: a wildcard domain in `search`, or a wildcard DNS server as
 * `nameserver`, makes external names resolve to a cluster host).
 */
import type { Located, ParseResult, ParseWarning, ResolvConfRecord } from './types.js';
import { msg } from '../i18n/message.js';
import { lineWarning, nonBlankLines } from './util/numbered-lines.js';
import { isIp } from './util/addresses.js';

/**
 * Parses resolv.conf(5): `nameserver`, `search` / `domain` (the last of them wins, as in the
 * resolver), `options`; `sortlist` and comments are ignored; anything else is a warning.
 */
export function parseResolvConf(text: string): ParseResult<ResolvConfRecord> {
  const nameservers: (Located & { address: string })[] = [];
  const options: string[] = [];
  let search: string[] = [];
  let searchLine: number | undefined;
  const warnings: ParseWarning[] = [];
  nonBlankLines(text).forEach(({ line, raw, body }) => {
    if (body.startsWith('#') || body.startsWith(';')) return;
    const [keyword, ...args] = body.split(/\s+/);
    switch (keyword) {
      case 'nameserver': {
        // an address may carry a scope (`fe80::1%eth0`)
        const address = args[0];
        if (address !== undefined && isIp(address.replace(/%.*$/, '')))
          nameservers.push({ line, raw, address });
        else
          warnings.push(
            lineWarning(
              line,
              raw,
              msg('nameserver without a valid address', '有効なアドレスのない nameserver'),
            ),
          );
        break;
      }
      case 'search':
      case 'domain':
        search = args;
        searchLine = line;
        break;
      case 'options':
        options.push(...args);
        break;
      case 'sortlist':
        break;
      default:
        warnings.push(
          lineWarning(line, raw, msg('unknown resolv.conf keyword', '不明な resolv.conf のキーワード')),
        );
    }
  });
  return {
    records: { nameservers, search, ...(searchLine !== undefined ? { searchLine } : {}), options },
    warnings,
  };
}
