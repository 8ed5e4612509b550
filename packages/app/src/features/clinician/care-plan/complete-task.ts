import type { Task } from '@medplum/fhirtypes';
import type { FhirClient } from '../../../api/fhir-client.ts';

/**
 * Marks a task done, with If-Match on the version the clinician saw: if someone else changed the task in the
 * meantime the server answers 412 and the screen asks what to do, instead of overwriting their change.
 */
export async function completeTask(client: FhirClient, task: Task, note?: string): Promise<Task> {
  const now = new Date().toISOString();
  const updated: Task = {
    ...task,
    status: 'completed',
    lastModified: now,
    executionPeriod: { ...task.executionPeriod, start: task.executionPeriod?.start ?? now, end: now },
    ...(note ? { note: [...(task.note ?? []), { text: note, time: now }] } : {}),
  };
  const etag = task.meta?.versionId ? `W/"${task.meta.versionId}"` : undefined;
  return (await client.update(updated, etag)).resource;
}
