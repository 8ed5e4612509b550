export type { Db, DbKind, PoolStats, Queryable, TransactionOptions } from './db/db.ts';
export { openDatabase } from './db/open-database.ts';
export type { DatabaseConfig } from './db/open-database.ts';
export { openPglite, dumpPgliteDataDir } from './db/pglite.ts';
export { openPostgres } from './db/postgres.ts';
export { migrate } from './schema/migrate.ts';
export type { MigrationProgress, MigrationReport } from './schema/migrate.ts';
export { indexFromValues, indexResource } from './indexing/index-resource.ts';
export type { IndexContext, IndexedResource } from './indexing/index-resource.ts';
export type { ResourceRow } from './resources/resource-row.ts';
export { readCurrent, readCurrentMany, readVersion } from './resources/read-resource.ts';
export { readHistory } from './resources/read-history.ts';
export type { HistoryPage, HistoryRequest } from './resources/read-history.ts';
export { createResource } from './resources/create-resource.ts';
export { updateResource } from './resources/update-resource.ts';
export type { UpdateOptions } from './resources/update-resource.ts';
export { deleteResource } from './resources/delete-resource.ts';
export type { DeleteResult } from './resources/delete-resource.ts';
export { insertVersion, prepareVersion, replaceVersion } from './resources/write-version.ts';
export type { AccessTagger, PreparedVersion, ResourceInput } from './resources/write-version.ts';
export type { WriteOptions, WriteResult } from './resources/write-options.ts';
export { countMatches, findMatchingIds, runSearch, searchWhere } from './search/run-search.ts';
export type { SearchOptions as StoreSearchOptions, SearchPage } from './search/run-search.ts';
export { countWithheldByReference } from './search/withheld-by-reference.ts';
export type { WithheldByReferenceQuery } from './search/withheld-by-reference.ts';
export {
  ALL,
  NONE,
  reachingMergedRecords,
  referenceDataTypes,
  scopeFilter,
  unwithheld,
} from './search/read-scope.ts';
export type { ReadScope, RestrictedScope } from './search/read-scope.ts';
export { paramStorage } from './schema/columns.ts';
export { APPEND_ONLY_TYPES } from './schema/tables.ts';
export { lockCondition } from './resources/condition-lock.ts';
export { compartmentMembers } from './resources/compartment-members.ts';
export { isSearchable } from './schema/columns.ts';
export {
  grantedRelationsSince,
  hasActiveRelation,
  insertRelations,
  relationsOf,
  replaceDerivedRelations,
} from './access/care-relations.ts';
export type { CareRelation, NewRelation, RelationKind, RelationWithStatus } from './access/care-relations.ts';
export { replaceBlocks } from './access/patient-blocks.ts';
export type { PatientBlock } from './access/patient-blocks.ts';
export {
  appendAuditRowsAtHead,
  auditEventsTagged,
  countUnsealedAuditRows,
  AUDIT_LANES,
  heavyAuditUsers,
  GROUP_COMMIT_LANES_FROM,
  lockAuditLane,
  markAuditReviewed,
  readAuditChain,
  readAuditHeads,
  reviewsOf,
} from './audit/audit-rows.ts';
export type { AuditReview, AuditRow, ChainEntry, LaneHead } from './audit/audit-rows.ts';
export { refreshStaleStatistics, staleStatisticsTables } from './maintenance/planner-statistics.ts';
export {
  analyzeAfterBulkLoad,
  existingIds,
  insertVersionsInBulk,
  storedIdentifierValues,
} from './resources/bulk-insert.ts';
