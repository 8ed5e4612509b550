/**
 * Prefix of the per-run template database on PostgreSQL. Each test run migrates its own template (the prefix plus
 * a random suffix) and drops it at the end, so runs started side by side never drop each other's template.
 */
export const TEMPLATE_DATABASE_PREFIX = 'akson_test_template';

/** The same server, but the database given in the URL is only used for administrative statements. */
export function adminUrl(url: string): string {
  return url;
}
