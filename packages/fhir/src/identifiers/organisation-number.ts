/** Norwegian organisation number (Brønnøysund): 9 digits, mod-11 with weights 3,2,7,6,5,4,3,2. */
const WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2];

export function isValidOrganisationNumber(value: string): boolean {
  if (!/^\d{9}$/.test(value)) return false;
  const digits = [...value].map(Number);
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * (digits[i] ?? 0), 0);
  const control = (11 - (sum % 11)) % 11;
  return control !== 10 && control === digits[8];
}

/** Appends the control digit to eight digits (undefined when no valid control digit exists). */
export function organisationNumberFor(eight: string): string | undefined {
  if (!/^\d{8}$/.test(eight)) return undefined;
  const digits = [...eight].map(Number);
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * (digits[i] ?? 0), 0);
  const control = (11 - (sum % 11)) % 11;
  return control === 10 ? undefined : `${eight}${control}`;
}
