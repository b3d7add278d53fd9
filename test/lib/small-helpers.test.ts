import { describe, expect, it } from 'vitest';
import { canonicalHash, canonicalJson } from '../../src/lib/canonical-json.js';
import { escapeHtml, html } from '../../src/lib/html.js';
import { formatMinorUnits } from '../../src/lib/money.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
    expect(canonicalHash({ x: 1, y: 2 })).toBe(canonicalHash({ y: 2, x: 1 }));
    expect(canonicalHash({ x: [1, 2] })).not.toBe(canonicalHash({ x: [2, 1] }));
  });
});

describe('html', () => {
  it('escapes interpolations but not nested templates', () => {
    const name = '<b>"Tom" & \'Jerry\'</b>';
    expect(escapeHtml(name)).toBe('&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;');
    expect(html`<p>${name}</p>${html`<i>ok</i>`}${['a', html`<br>`]}${null}${false}`.value).toBe(
      '<p>&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;</p><i>ok</i>a<br>',
    );
  });
});

describe('formatMinorUnits', () => {
  it.each([
    ['1250', 'USD', '$12.50'],
    ['1250', 'JPY', '¥1,250'],
    ['1250', 'KWD', 'KWD 1.250'],
    ['-500', 'EUR', '-€5.00'],
  ])('%s %s → %s', (amount, currency, expected) => {
    expect(formatMinorUnits(amount, currency).replace(/\u00a0/g, ' ')).toBe(expected);
  });
});
