/**
 * A section's text is XHTML in the note (FHIR narrative); clinicians write plain text. Paragraphs and line
 * breaks survive the round trip; anything else is text.
 */
const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

export function textToXhtml(text: string): string {
  const escaped = text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r\n?/g, '\n')
    .replace(/\n/g, '<br/>');
  return `<div xmlns="http://www.w3.org/1999/xhtml">${escaped}</div>`;
}

export function xhtmlToText(div: string | undefined): string {
  if (!div) return '';
  return div
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p[^>]*>/gi, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m] ?? m)
    .trim();
}
