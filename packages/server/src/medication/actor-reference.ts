import type { Reference } from '@medplum/fhirtypes';
import type { Actor } from '../access/actor.ts';
import { actorLabel } from '../access/actor.ts';

/**
 * Who did something, as the medication list records it (changed-by, acknowledgements, administrations): the
 * acting PractitionerRole for personnel, with name and unit as display; a system or the platform by name only.
 * Always taken from the caller's verified identity, never from the resource.
 */
export function actorReference(actor: Actor): Reference {
  if (actor.kind === 'personnel') return { reference: actor.practitionerRoleRef, display: actorLabel(actor) };
  return { display: actorLabel(actor) };
}
