// The store's view of the parsed search request (defined in @akson/fhir) and the string normalisation both sides share.
export type {
  DateValue,
  Filter,
  IncludeSpec,
  NumberValue,
  ParamFilter,
  QuantityValue,
  SearchPrefix,
  SearchRequest,
  SearchValue,
  SortRule,
} from '@akson/fhir';
export { normalizeString as normalizeStringForSearch } from '../indexing/normalize-string.ts';
