import type { Address } from './addresses.ts';

/** A synthetic citizen's demographics, before any clinical content. */
export interface Person {
  /** The Patient id. */
  readonly id: string;
  readonly given: readonly string[];
  readonly family: string;
  readonly gender: 'male' | 'female';
  readonly birthDate: string;
  /** Synthetic fødselsnummer (month + 80). */
  readonly fnr: string;
  readonly address: Address;
  readonly protection?: 'fortrolig' | 'strengt-fortrolig';
  readonly phone?: string;
  /** Parents living with a child (for RelatedPerson; they are citizens too). */
  readonly parents: readonly { readonly fnr: string; readonly given: string; readonly family: string }[];
}
