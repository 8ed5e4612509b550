import type { Extension, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { AKSON_ERROR_SYSTEM, AksonError, fail } from '@akson/fhir';
import { FINDING_URL } from './medication-urls.ts';

/**
 * Collects the refusals of several line writes made in one transaction (import, reconciliation), so that the
 * caller learns every problem at once instead of one per attempt. Only "fix the content" refusals are
 * collected (400 invalid, 422 unacknowledged findings); anything else (access, conflicts) ends the run at once.
 * The caller throws at the end, which rolls the whole transaction back: all or nothing.
 */
export class EntryErrors {
  readonly #invalid: OperationOutcomeIssue[] = [];
  readonly #unacknowledged: OperationOutcomeIssue[] = [];
  #blocking = 0;

  /** Runs one entry's write; a collected refusal returns undefined. */
  async run<T>(entry: string, expression: string, write: () => Promise<T>): Promise<T | undefined> {
    try {
      return await write();
    } catch (error) {
      if (!(error instanceof AksonError)) throw error;
      if (error.category === 'invalid') {
        this.#invalid.push(
          ...error.toOperationOutcome().issue.map((issue) => located(issue, entry, expression)),
        );
        return undefined;
      }
      if (error.code === 'AKS_ERR_MEDICATION_UNACKNOWLEDGED') {
        const issues = error.toOperationOutcome().issue.map((issue) => located(issue, entry, expression));
        this.#blocking += issues.filter((issue) => issue.severity === 'error').length;
        this.#unacknowledged.push(...issues);
        return undefined;
      }
      throw error;
    }
  }

  /** Adds a problem found before writing (a line that cannot be read without guessing). */
  addInvalid(issue: OperationOutcomeIssue): void {
    this.#invalid.push(issue);
  }

  get empty(): boolean {
    return this.#invalid.length === 0 && this.#unacknowledged.length === 0;
  }

  /** Throws the collected refusals: 400 (`invalid`) when content is wrong, else 422 for unacknowledged findings. */
  throwIfAny(invalid: (count: number) => AksonError): void {
    if (this.#invalid.length > 0) {
      const error = invalid(this.#invalid.length);
      // The run's code first on every issue; the entry's own code (a dosage problem, say) stays after it.
      const coded = (issue: OperationOutcomeIssue): OperationOutcomeIssue => ({
        ...issue,
        details: {
          ...issue.details,
          coding: [{ system: AKSON_ERROR_SYSTEM, code: error.code }, ...(issue.details?.coding ?? [])],
        },
      });
      throw new AksonError(error.code, error.category, error.message, {
        issues: [
          ...this.#invalid.map(coded),
          ...this.#unacknowledged.map((issue) => coded({ ...issue, severity: 'warning' })),
        ],
      });
    }
    if (this.#unacknowledged.length > 0) {
      const sorted = [...this.#unacknowledged].sort((a, b) =>
        a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1,
      );
      throw fail(
        'AKS_ERR_MEDICATION_UNACKNOWLEDGED',
        { count: this.#blocking, findings: '' },
        { issues: sorted },
      );
    }
  }
}

/** An issue of one entry: the entry's place first in `expression`, and the entry on the finding extension. */
function located(issue: OperationOutcomeIssue, entry: string, expression: string): OperationOutcomeIssue {
  const extension = issue.extension?.map((ext: Extension) =>
    ext.url === FINDING_URL
      ? { ...ext, extension: [...(ext.extension ?? []), { url: 'entry', valueString: entry }] }
      : ext,
  );
  return {
    ...issue,
    ...(extension ? { extension } : {}),
    expression: [expression, ...(issue.expression ?? [])],
  };
}
