import { fail } from '@akson/fhir';
import type { AksonConfig } from '../../config/schema.ts';
import type { WriteRule } from '../../services/write-rules.ts';

/**
 * Attachments (Binary, docs/record.md): a size limit on the decoded content and an allow-list of content types,
 * and the bytes must be what the content type says — a file called PDF that is really an executable or HTML
 * page is refused, since the web app and other clients open attachments in the user's browser. The same holds
 * for content sent inline in a DocumentReference (`content.attachment.data`): it is opened the same way.
 */
export const binaryRule: WriteRule = {
  type: 'Binary',
  prepare(resource, context) {
    checkAttachment(resource['contentType'], resource['data'], context.config);
    return resource;
  },
};

export const documentReferenceRule: WriteRule = {
  type: 'DocumentReference',
  prepare(resource, context) {
    const content = (resource['content'] as { attachment?: Record<string, unknown> }[] | undefined) ?? [];
    for (const { attachment } of content) {
      // A reference to a Binary (url) is checked when the Binary is written; only inline bytes are checked here.
      if (attachment?.['data'] !== undefined) {
        checkAttachment(attachment['contentType'], attachment['data'], context.config);
      }
    }
    return resource;
  },
};

function checkAttachment(declaredType: unknown, base64: unknown, config: AksonConfig): void {
  const { maxBytes, contentTypes } = config.attachments;
  const contentType = String(declaredType ?? '')
    .split(';')[0]
    ?.trim()
    .toLowerCase();
  if (!contentType || !contentTypes.includes(contentType)) {
    throw fail('AKS_ERR_BINARY_CONTENT_TYPE', {
      detail: `Content type "${contentType ?? ''}" is not accepted for attachments.`,
      allowed: contentTypes.join(', '),
    });
  }
  const data = typeof base64 === 'string' ? base64 : '';
  const size = decodedLength(data);
  if (size > maxBytes) throw fail('AKS_ERR_BINARY_TOO_LARGE', { size, limit: maxBytes });
  if (size > 0 && !matchesSignature(contentType, Buffer.from(data.slice(0, 64), 'base64'))) {
    throw fail('AKS_ERR_BINARY_CONTENT_TYPE', {
      detail: `The content is not ${contentType}: its first bytes do not match that format.`,
      allowed: contentTypes.join(', '),
    });
  }
}

/** Decoded size of base64 text without decoding it. */
function decodedLength(base64: string): number {
  if (base64.length === 0) return 0;
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return Math.floor((base64.length * 3) / 4) - padding;
}

const SIGNATURES: Record<string, (head: Buffer) => boolean> = {
  'application/pdf': (h) => h.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/png': (h) => h.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff,
  'image/gif': (h) => h.subarray(0, 4).toString('latin1') === 'GIF8',
  // Plain text: no NUL bytes and no markup a browser could run.
  'text/plain': (h) => !h.includes(0) && !/^\s*<(!doctype|html|script|svg)/i.test(h.toString('utf8')),
};

/** Types without a known signature pass (an operator allowed them knowingly). */
function matchesSignature(contentType: string, head: Buffer): boolean {
  const check = SIGNATURES[contentType];
  return check ? check(head) : true;
}
