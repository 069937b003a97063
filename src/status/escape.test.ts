import { describe, expect, it } from 'vitest';
import { escapeMarkup, incidentAnchor } from './escape.js';
import { HOSTILE } from './fixtures.js';

describe('escapeMarkup', () => {
  it('turns the five markup characters into references', () => {
    expect(escapeMarkup(HOSTILE.script)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(escapeMarkup(HOSTILE.img)).toBe('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(escapeMarkup("it's ]]> & &amp;")).toBe('it&#39;s ]]&gt; &amp; &amp;amp;');
  });

  it('replaces characters XML forbids and keeps everything else, astral characters included', () => {
    expect(escapeMarkup(HOSTILE.control)).toBe('bell\uFFFD nul\uFFFD lone\uFFFD end');
    expect(escapeMarkup('\uDC00x\uFFFE')).toBe('\uFFFDx\uFFFD');
    expect(escapeMarkup('tab\tnl\ncr\r é 🚀 — ok')).toBe('tab\tnl\ncr\r é 🚀 — ok');
  });
});

describe('incidentAnchor', () => {
  it('is a plain fragment identifier whatever the id', () => {
    expect(incidentAnchor('INC-12')).toBe('incident-INC-12');
    expect(incidentAnchor('a"b <c>')).toBe('incident-a_b__c_');
  });
});
