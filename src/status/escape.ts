/**
 * Text into HTML and XML, one way for both: the five markup characters become
 * references, and characters XML 1.0 forbids (controls, lone surrogates,
 * U+FFFE/U+FFFF) become U+FFFD so a hostile title cannot break the feed.
 */

// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const REFERENCES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Safe in element content and in quoted attribute values, in HTML and in XML. */
export function escapeMarkup(text: string): string {
  return text.replace(NOT_XML_CHAR, '\uFFFD').replace(/[&<>"']/g, (c) => REFERENCES[c] ?? c);
}

/** A fragment identifier for an incident, the same in the page and in the feed's links. */
export function incidentAnchor(id: string): string {
  return `incident-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}
