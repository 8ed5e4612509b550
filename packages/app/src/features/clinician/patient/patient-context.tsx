import { createContext, useContext } from 'react';
import type { PatientHeader } from './patient-header.ts';

export interface PatientContextValue {
  readonly patientId: string;
  /** The banner's data; undefined while it loads (the page's own data loads at the same time). */
  readonly header: PatientHeader | undefined;
  /** Reload the banner (after an allergy or emergency access changed it). */
  readonly reloadHeader: () => void;
}

const PatientContext = createContext<PatientContextValue | undefined>(undefined);

export const PatientContextProvider = PatientContext.Provider;

export function usePatient(): PatientContextValue {
  const value = useContext(PatientContext);
  if (!value) throw new Error('usePatient outside a patient page');
  return value;
}
