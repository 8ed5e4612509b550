/**
 * HPR number (Helsepersonellregisteret). The register publishes no check digit; numbers are positive integers
 * of up to nine digits without leading zeros.
 */
export function isValidHprNumber(value: string): boolean {
  return /^[1-9]\d{0,8}$/.test(value);
}
