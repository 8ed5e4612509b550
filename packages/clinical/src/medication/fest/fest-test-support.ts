// Test support (not exported): XSD validation of FEST documents with xmllint-wasm, against the official M30
// schema copied into packages/clinical/data/fest/xsd (the project does not reach outside itself for it).

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateXML, type XMLValidationResult } from 'xmllint-wasm';

const xsdDir = fileURLToPath(new URL('../../../data/fest/xsd/', import.meta.url));
const MAIN = 'R1808-eResept-M30-2014-12-01/ER-M30-2014-12-01.xsd';
const IMPORTS = ['felles/kith.xsd', 'felles/Forskrivning-2014-12-01.xsd'];

export const festDataDir = fileURLToPath(new URL('../../../data/fest/', import.meta.url));

/** Validates a FEST M30 document (UTF-8 text) against ER-M30-2014-12-01.xsd. */
export function validateFestXml(xml: string, fileName = 'fest.xml'): Promise<XMLValidationResult> {
  return validateXML({
    xml: [{ fileName, contents: xml }],
    // Bytes, not strings: kith.xsd is ISO-8859-1 and must reach libxml2 undecoded.
    schema: [{ fileName: MAIN, contents: readFileSync(`${xsdDir}${MAIN}`) }],
    preload: IMPORTS.map((name) => ({ fileName: name, contents: readFileSync(`${xsdDir}${name}`) })),
    maxMemoryPages: 16_384,
  });
}
