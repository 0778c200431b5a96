import { describe, expect, it } from 'vitest';
import { html } from './html.js';

describe('html', () => {
  it('escapes interpolated values and keeps nested markup', () => {
    // prepare
    const hostile = `"><img src=x onerror=alert(1)>'&`;

    // act
    const markup = html`<p title="${hostile}">${hostile}${html`<b>${hostile}</b>`}${[html`<i>1</i>`, '<2>']}</p>`.value;

    // assert
    const escaped = '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&#39;&amp;';
    expect(markup).toBe(`<p title="${escaped}">${escaped}<b>${escaped}</b><i>1</i>&lt;2&gt;</p>`);
  });
});
