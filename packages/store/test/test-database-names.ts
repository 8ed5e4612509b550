export const TEMPLATE_DATABASE = 'akson_test_template';

/** The same server, but the database given in the URL is only used for administrative statements. */
export function adminUrl(url: string): string {
  return url;
}
