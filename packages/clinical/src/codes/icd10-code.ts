// ICD-10 codes are stored and exchanged without the dot (Norwegian messages write J189), but people read
// "J18.9". These two helpers convert between the forms at the UI edge.

const ICD10_UNDOTTED = /^([A-Z]\d[0-9A-Za-z])([0-9A-Za-z]{1,4})$/;

/** "J189" → "J18.9", "S7200" → "S72.00", "V2t5h" → "V2t.5h"; three-character codes are returned unchanged. */
export function dottedIcd10Code(code: string): string {
  const match = ICD10_UNDOTTED.exec(code);
  return match ? `${match[1]}.${match[2]}` : code;
}

/** "J18.9" → "J189". */
export function undottedIcd10Code(code: string): string {
  return code.replace('.', '').trim();
}
