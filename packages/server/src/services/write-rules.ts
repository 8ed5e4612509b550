import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { PreparedVersion, Queryable, ResourceInput, ResourceRow } from '@akson/store';
import type { AksonConfig } from '../config/schema.ts';
import type { ResourceService } from './resource-service.ts';

/**
 * Clinical rules that run on every write of a resource type, whatever the entry point (REST, bundles,
 * operations): a signed note is not changed in place, a medication line keeps its identifier and passes its
 * checks, a set of vital signs gets its NEWS2. The rules live with their capability (record/, medication/);
 * this is only the contract ResourceService calls, so the service layer does not depend on them.
 */
export interface WriteRule {
  /**
   * The resource type the rule is for, or `*` for a rule about the record as a whole (journal entries are not
   * deleted, a merged patient takes no new entries) that runs for every type, after the type's own rules.
   */
  readonly type: string;
  /**
   * Checks and completes a resource before it is stored, in the write's transaction. Throw an AksonError for a
   * refusal (a 4xx OperationOutcome); return the resource to store (the same object or a completed copy).
   */
  prepare?(resource: ResourceInput, context: WriteRuleContext): Promise<ResourceInput> | ResourceInput;
  /** Runs after the write, in the same transaction: derived resources, links. */
  afterWrite?(written: PreparedVersion, context: WriteRuleContext): Promise<void>;
  /** Runs before a delete of a visible, current resource; throw to refuse. */
  beforeDelete?(existing: ResourceRow, context: WriteRuleContext): Promise<void> | void;
}

export interface WriteRuleContext {
  readonly tx: Queryable;
  /** The caller's service: derived writes and reads go through the same access rules and audit. */
  readonly service: ResourceService;
  /** The current version being replaced (updates and patches), as the caller may see it. */
  readonly existing: ResourceRow | undefined;
  readonly interaction: 'create' | 'update' | 'patch' | 'delete';
  /**
   * The version the caller's If-Match named (REST header, a bundle entry's `request.ifMatch`), undefined when
   * they sent none. Not the version the service insists on for the rule's sake: a rule that must not let a
   * change through without the caller having said what they based it on (a medication line) looks here.
   */
  readonly ifMatch: number | undefined;
  readonly config: AksonConfig;
  /**
   * Adds issues (severity warning or information) to the successful write's outcome: returned with
   * `Prefer: return=OperationOutcome` and in a Bundle entry's `response.outcome`. Dropped when the write fails.
   */
  warn(issues: readonly OperationOutcomeIssue[]): void;
}

/** Registers a rule for every resource type (see WriteRule.type). */
export const EVERY_TYPE = '*';

/** The rules for each type, in registration order: the type's own, then those for every type. */
export class WriteRules {
  readonly #byType = new Map<string, WriteRule[]>();
  readonly #everyType: WriteRule[] = [];

  constructor(rules: readonly WriteRule[] = []) {
    for (const rule of rules) {
      if (rule.type === EVERY_TYPE) {
        this.#everyType.push(rule);
        continue;
      }
      let list = this.#byType.get(rule.type);
      if (!list) this.#byType.set(rule.type, (list = []));
      list.push(rule);
    }
    // The type's own rules first: they refuse with the most specific reason (a signed note, a medication line).
    for (const [type, list] of this.#byType) this.#byType.set(type, [...list, ...this.#everyType]);
  }

  for(type: string): readonly WriteRule[] {
    return this.#byType.get(type) ?? (this.#everyType.length > 0 ? this.#everyType : NONE);
  }
}

const NONE: readonly WriteRule[] = [];
