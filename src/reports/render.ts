/** A report in one of its three formats. Pure. */
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import type { Report } from './model.js';

export const FORMATS = ['md', 'html', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export const CONTENT_TYPES: Readonly<Record<Format, string>> = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

export function isFormat(text: string): text is Format {
  return (FORMATS as readonly string[]).includes(text);
}

/** The JSON form is the report model itself. */
export function render(report: Report, format: Format): string {
  switch (format) {
    case 'md':
      return renderMarkdown(report);
    case 'html':
      return renderHtml(report);
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
  }
}
