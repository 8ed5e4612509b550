import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateResource, type AksonError } from '../src/index.ts';
import { narrativeProblems } from '../src/validation/narrative-check.ts';

const cases = JSON.parse(readFileSync(new URL('./cases/narratives.json', import.meta.url), 'utf8')) as {
  accepted: string[];
  refused: [string, string][];
};

describe('narrative XHTML (txt-1, txt-2)', () => {
  it.each(cases.accepted)('accepts %s', (div) => {
    expect(narrativeProblems(div)).toEqual([]);
  });

  it.each(cases.refused)('refuses %s', (div, expected) => {
    const problems = narrativeProblems(div);
    expect(problems.join(' ')).toContain(expected);
  });

  it('refuses active content anywhere in a resource, with the element path, and accepts plain narratives', () => {
    const script = '<div xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script>x</div>';
    const outcome = (() => {
      try {
        validateResource({
          resourceType: 'Composition',
          status: 'final',
          type: { text: 'Journalnotat' },
          date: '2026-12-07',
          author: [{ display: 'Eirik Berg' }],
          title: 'Notat',
          section: [{ title: 'Vurdering', text: { status: 'generated', div: script } }],
        });
        return undefined;
      } catch (err) {
        return (err as AksonError).toOperationOutcome();
      }
    })();
    expect(outcome?.issue?.map((i) => i.expression?.[0])).toContain('Composition.section[0].text.div');

    expect(
      validateResource({
        resourceType: 'Patient',
        text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">Kari</div>' },
      }).warnings,
    ).toEqual([]);
  });
});
