import { parseFhirJson } from '@akson/fhir';
import { runSearch, type ReadScope } from '@akson/store';
import type { WriteRuleContext } from './write-rules.ts';

/**
 * A search a write rule makes for its own reasoning (the vital signs behind a NEWS2, the list a new medicine is
 * checked against), inside the write's transaction. Nothing found here is returned to the caller as such, so it
 * is not audited as a read; `scope` says whose view the rule reasons on (usually the caller's own). The rule's
 * `_count` is its own (ResourceService.parseInternalSearch), whatever page size clients are limited to.
 */
export async function searchForRule(
  context: WriteRuleContext,
  type: string,
  params: readonly (readonly [string, string])[],
  scope: ReadScope = context.service.access.scope,
): Promise<Record<string, unknown>[]> {
  const request = context.service.parseInternalSearch(type, params);
  const page = await runSearch(context.tx, { ...request, total: 'none' }, scope);
  return page.matches.flatMap((row) =>
    row.content ? [parseFhirJson(row.content) as Record<string, unknown>] : [],
  );
}
