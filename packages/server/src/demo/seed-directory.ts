import type { FastifyInstance } from 'fastify';
import { platformService } from '../services/platform-service.ts';
import { directoryResources } from './directory-resources.ts';

/**
 * Writes the demo municipality's register (units, staff, roles, citizens, representatives) with fixed ids.
 * Idempotent: an update-as-create per resource, so running it again changes nothing but versions. Returns the
 * number of resources written.
 */
export async function seedDirectory(app: FastifyInstance): Promise<number> {
  const service = platformService(app, 'Akson demo');
  const resources = directoryResources();
  await service.transaction(async (tx) => {
    for (const r of resources) await service.update(r.resourceType, r.id, r, {}, tx);
  });
  app.akson.access.resolver.clear();
  return resources.length;
}
