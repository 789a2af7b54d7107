import { describe, expect, it } from 'vitest';
import { escapeText, html, trusted } from '../../../src/report/html/template.js';
import { contentSecurityPolicy } from '../../../src/report/html/index.js';

describe('html template layer', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    const name = '"><img src=x onerror=alert(1)><script>alert(2)</script>';
    const out = html`<p title="${name}">${name}</p>`.html;
    expect(out).not.toContain('<img');
    expect(out).not.toContain('<script');
    expect(out).toBe(
      '<p title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;</p>',
    );
  });

  it('shows control characters (ANSI escapes) as visible text', () => {
    expect(escapeText('\u001b[31mred\u001b[0m\r')).toBe('\\x1b[31mred\\x1b[0m\\r');
    // newlines stay (excerpts in <pre>), tabs become spaces, bidi overrides are shown
    expect(escapeText('a\tb\nc\u202eevil')).toBe('a b\nc\\u202eevil');
  });

  it('keeps markup built by the layer and joins arrays', () => {
    const items = ['<a>', 'b'].map((x) => html`<li>${x}</li>`);
    const list = html`<ol>
      ${items}
    </ol>`.html;
    expect(list.replace(/\s+/g, '')).toBe('<ol><li>&lt;a&gt;</li><li>b</li></ol>');
    expect(html`${trusted('<b>ours</b>')}${undefined}${null}${false}${0}`.html).toBe('<b>ours</b>0');
  });

  it('a plain object that looks like SafeHtml is still escaped', () => {
    const forged = { html: '<script>x</script>' } as unknown as string;
    expect(html`${forged}`.html).toBe('[object Object]');
  });

  it('the policy forbids the network and everything inline but our hashed style and script', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain('unsafe-inline');
  });
});
