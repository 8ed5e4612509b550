import {
  evalFhirPathTyped,
  parseFhirPath,
  toTypedValue,
  type FhirPathAtom,
  type TypedValue,
} from '@medplum/core';

/**
 * Thin adapter over Medplum's FHIRPath engine: expressions are parsed once and cached, and evaluation works on
 * typed values so that callers can tell a HumanName from a string.
 */

const compiled = new Map<string, FhirPathAtom>();

export type { TypedValue };

export function compileFhirPath(expression: string): FhirPathAtom {
  let atom = compiled.get(expression);
  if (!atom) {
    atom = parseFhirPath(expression);
    compiled.set(expression, atom);
  }
  return atom;
}

/**
 * Evaluates a (compiled or textual) expression against a resource or other typed value. `root` is the resource
 * that %resource refers to when the input is an element inside it (composite search parameters need that).
 */
export function evaluateTyped(
  expression: string | FhirPathAtom,
  input: unknown,
  root?: unknown,
): TypedValue[] {
  const atom = typeof expression === 'string' ? compileFhirPath(expression) : expression;
  const typed = isTypedValue(input) ? input : toTypedValue(input);
  const rootTyped = root === undefined ? typed : isTypedValue(root) ? root : toTypedValue(root);
  return evalFhirPathTyped(atom, [typed], { '%resource': rootTyped, '%rootResource': rootTyped });
}

/** Evaluates an expression and returns plain values. */
export function evaluate(expression: string | FhirPathAtom, input: unknown): unknown[] {
  return evaluateTyped(expression, input).map((v) => v.value);
}

export function typedValueOf(value: unknown): TypedValue {
  return toTypedValue(value);
}

function isTypedValue(value: unknown): value is TypedValue {
  return (
    typeof value === 'object' &&
    value !== null &&
    'type' in value &&
    'value' in value &&
    !('resourceType' in value)
  );
}
