// The medication domain, browser-safe: dosage model and Norwegian rendering, the PLL line mapping, the FEST
// interaction catalogue (from XML text) and the medication list check. Node-only file loading is in ./node.ts.

// ATC, ICD-10, ICPC-2 and UCUM system constants live in ../codes; these are the medication-specific ones.
export {
  ATC_OID_SYSTEM,
  FEST_ALLERGY_MEDICATION_SYSTEM,
  FEST_MEDICATION_SYSTEM,
  FEST_SUBSTANCE_SYSTEM,
  MEDICATION_LINE_SYSTEM,
  MULTIDOSE_EXTENSION_URL,
  PLL_STOP_REASON_SYSTEM,
} from './code-systems.ts';
export { atcLevel, atcPrefixes, normalizeAtc, type AtcLevel } from './atc-code.ts';

export { renderDosage, UNCLEAR_DOSAGE_NB, type RenderDosageOptions } from './dosage/dosage-render.ts';
export { validateDosage, type DosageValidation } from './dosage/dosage-validate.ts';
export type { DosageIssue, DosageIssueCode, DosageIssueSeverity } from './dosage/dosage-issues.ts';
export { normalizeDosages, dosageEquals } from './dosage/dosage-normalize.ts';
export { computeDailyDose, type DailyDose, type DailyDoseResult } from './dosage/daily-dose.ts';
export { findDoseUnit, formatDoseAmount, knownDoseUnits, type DoseUnit } from './dosage/dose-units.ts';
export { convertDoseAmount, strengthFromName, type DoseStrength } from './dosage/dose-conversion.ts';

export { PLL_LINE_FORMAT } from './pll/pll-line.ts';
export type {
  PllCode,
  PllQuantity,
  PllLine,
  PllLegemiddel,
  PllDosering,
  PllDoseFastTidspunkt,
  PllDoseEtterBehov,
  PllSeponering,
} from './pll/pll-line.ts';
export {
  toPllLine,
  fromPllLine,
  newPllLineId,
  isLineId,
  PLL_IDENTIFIER_TYPE_TEXT,
  type PllLineContext,
} from './pll/pll-line-mapping.ts';
export { PllMappingError, type PllMappingProblem } from './pll/pll-mapping-error.ts';

export type {
  FestInteraction,
  FestSubstanceGroup,
  FestSubstance,
  FestReference,
  FestCode,
  InteractionSeverity,
} from './fest/fest-interaction.ts';
export { severityForRelevance } from './fest/fest-interaction.ts';
export {
  catalogueCoverage,
  findCatalogueGroups,
  findCatalogueGroupsBySubstance,
  findInteractionsBetween,
  type AtcIndexEntry,
  type InteractionCatalogue,
  type CatalogueStats,
  type CatalogueCoverage,
} from './fest/interaction-catalogue.ts';
export {
  parseFestInteractionCatalogue,
  createFestCatalogueLoader,
  type FestCatalogueLoader,
} from './fest/fest-interaction-loader.ts';
export {
  generateFestInteractionsXml,
  type SyntheticFestOptions,
  type SyntheticFest,
} from './fest/fest-synthetic-catalogue.ts';

export { checkMedicationList } from './check/medication-list-check.ts';
export type {
  MedicationLine,
  MedicationChange,
  MedicationListCheckInput,
  MedicationListCheckResult,
  MedicationFinding,
  FindingKind,
  FindingSeverity,
  InteractionCoverage,
  InteractionCoverageStatus,
  NotAssessed,
} from './check/medication-check-types.ts';
export { medicationLineFromStatement } from './check/medication-line.ts';
export {
  parseMaxDoseTable,
  applicableMaxDoses,
  MAX_DOSE_TABLE_FORMAT,
  type MaxDoseTable,
  type MaxDoseEntry,
  type MaxDoseLimit,
} from './check/max-dose-table.ts';
export { benchmarkCheck, type CheckBenchmarkResult } from './check/check-benchmark.ts';

export {
  addDays,
  administrationDay,
  intervalInstants,
  INTERVAL_REFERENCE_DAY,
  ROUTINE_START_MINUTE,
  type DoseInterval,
  type AdministrationDay,
  type AsNeededDose,
  type PlannedDose,
} from './schedule/administration-day.ts';
export {
  asNeededTally,
  AS_NEEDED_WINDOW_MS,
  type AsNeededTally,
  type GivenDose,
} from './schedule/as-needed-tally.ts';
