import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * The narrative rules the base validator leaves out (R4 Narrative, invariants txt-1 and txt-2): `div` is
 * well-formed XHTML in the XHTML namespace, uses only the basic formatting elements and attributes of HTML 4.0
 * chapters 7–11 and 12 plus links and images, and has some content. Narratives are shown to clinicians and
 * citizens by whatever client reads them, so active content (scripts, forms, frames, objects, event handlers,
 * javascript: links) must never be stored: it would run in the reader's browser with the reader's session.
 *
 * The element and attribute lists are those of the HL7 reference validator's txt-1 check.
 */
const XHTML_NS = 'http://www.w3.org/1999/xhtml';

const ELEMENTS = new Set(
  (
    'p br div h1 h2 h3 h4 h5 h6 a span b em i strong small big tt dfn q var abbr acronym cite blockquote hr ' +
    'address bdo kbd sub sup ul ol li dl dt dd pre table caption colgroup col thead tr tfoot tbody th td code ' +
    'samp img map area'
  ).split(' '),
);

const ATTRIBUTES = new Set(
  (
    'title style class id lang xml:lang dir accesskey tabindex span width align valign char charoff abbr axis ' +
    'headers scope rowspan colspan cellpadding cellspacing summary border frame rules'
  ).split(' '),
);

const ELEMENT_ATTRIBUTES: Record<string, ReadonlySet<string>> = {
  a: new Set(['href', 'name']),
  img: new Set(['src', 'alt', 'height', 'usemap']),
  area: new Set(['href', 'alt', 'shape', 'coords', 'nohref']),
  map: new Set(['name']),
  q: new Set(['cite']),
  blockquote: new Set(['cite']),
  ol: new Set(['start', 'type']),
  ul: new Set(['type']),
  li: new Set(['value', 'type']),
  td: new Set(['nowrap']),
  th: new Set(['nowrap']),
};

/** Link targets that run code or smuggle documents in: never in a narrative. */
const UNSAFE_URL = /^\s*(javascript|vbscript|data|file):/i;
/** A URL scheme (javascript:, http:); a src without one is relative (#id, tbl_spacer.png). */
const URL_SCHEME = /^\s*[a-z][a-z0-9+.-]*:/i;
/** Images are relative, on the web, or inline in one of the image formats browsers will not run code from. */
const SAFE_IMAGE_SRC = /^\s*(https?:|data:\s*image\/(png|gif|jpeg|webp);)/i;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  allowBooleanAttributes: false,
  processEntities: false,
  trimValues: false,
});

type XmlNode = Record<string, unknown> & { ':@'?: Record<string, string> };

export function checkNarratives(resource: Record<string, unknown>): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  walk(resource, String(resource['resourceType']), issues);
  return issues;
}

function walk(value: unknown, path: string, issues: OperationOutcomeIssue[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => walk(item, `${path}[${index}]`, issues));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  // A Narrative is the only FHIR element with a string `div` beside a `status`.
  if (typeof record['div'] === 'string' && 'status' in record) {
    for (const problem of narrativeProblems(record['div'])) {
      issues.push({
        severity: 'error',
        code: 'invariant',
        details: { text: problem },
        expression: [`${path}.div`],
      });
    }
  }
  for (const [key, child] of Object.entries(record)) {
    if (key !== 'div') walk(child, `${path}.${key}`, issues);
  }
}

/** Problems with one narrative's XHTML, in words a client developer can act on. */
export function narrativeProblems(div: string): string[] {
  const wellFormed = XMLValidator.validate(div, { allowBooleanAttributes: false });
  if (wellFormed !== true) {
    return [
      `Constraint txt-1 not met: the narrative is not well-formed XHTML (${wellFormed.err.msg}, line ${wellFormed.err.line}).`,
    ];
  }
  const nodes = parser.parse(div) as XmlNode[];
  const roots = nodes.filter((n) => !('#text' in n) || String(n['#text']).trim() !== '');
  const root = roots[0];
  if (roots.length !== 1 || !root || !('div' in root)) {
    return ['Constraint txt-1 not met: the narrative must be exactly one <div> element.'];
  }
  const problems: string[] = [];
  if (root[':@']?.['xmlns'] !== XHTML_NS) {
    problems.push(`Constraint txt-1 not met: the narrative <div> must declare xmlns="${XHTML_NS}".`);
  }
  const found = { content: false };
  checkElement('div', root, true, problems, found);
  if (!found.content) {
    problems.push('Constraint txt-2 not met: the narrative must have some non-whitespace content.');
  }
  return [...new Set(problems)];
}

function checkElement(
  name: string,
  node: XmlNode,
  isRoot: boolean,
  problems: string[],
  found: { content: boolean },
): void {
  if (!ELEMENTS.has(name)) {
    problems.push(
      `Constraint txt-1 not met: <${name}> is not allowed in a narrative (only basic formatting, links and images; no scripts, forms, frames, objects or styles sheets).`,
    );
    return;
  }
  if (name === 'img') found.content = true;
  for (const [attribute, raw] of Object.entries(node[':@'] ?? {})) {
    const value = String(raw);
    if (attribute === 'xmlns') {
      if (value !== XHTML_NS)
        problems.push(`Constraint txt-1 not met: <${name}> declares another namespace.`);
      else if (!isRoot) continue;
      continue;
    }
    if (!ATTRIBUTES.has(attribute) && !ELEMENT_ATTRIBUTES[name]?.has(attribute)) {
      problems.push(
        /^on/i.test(attribute)
          ? `Constraint txt-1 not met: event attributes such as ${attribute} are not allowed in a narrative.`
          : `Constraint txt-1 not met: the attribute ${attribute} is not allowed on <${name}> in a narrative.`,
      );
      continue;
    }
    if ((attribute === 'href' || attribute === 'cite') && UNSAFE_URL.test(value)) {
      problems.push(
        `Constraint txt-1 not met: <${name} ${attribute}> may not be a ${value.split(':')[0]}: URL.`,
      );
    }
    if (attribute === 'src' && URL_SCHEME.test(value) && !SAFE_IMAGE_SRC.test(value)) {
      problems.push(
        'Constraint txt-1 not met: an image must be relative (#id), on the web (http/https) or an inline PNG, GIF, JPEG or WebP (data:image/…).',
      );
    }
  }
  for (const child of (node[name] as XmlNode[] | undefined) ?? []) {
    if ('#text' in child) {
      if (String(child['#text']).trim() !== '') found.content = true;
      continue;
    }
    if ('#comment' in child) continue;
    const childName = Object.keys(child).find((k) => k !== ':@');
    if (!childName) continue;
    if (childName === '?xml' || childName.startsWith('!')) {
      problems.push(
        'Constraint txt-1 not met: processing instructions and declarations are not allowed in a narrative.',
      );
      continue;
    }
    checkElement(childName, child, false, problems, found);
  }
}
