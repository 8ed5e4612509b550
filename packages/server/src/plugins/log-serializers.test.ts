import { fail } from '@akson/fhir';
import { describe, expect, it } from 'vitest';
import { serializeError, serializeRequest } from './log-serializers.ts';

const FNR = '17835001067';

/** An error with the fields node-postgres' DatabaseError carries (pg-protocol), as PostgreSQL fills them. */
function databaseError(code: string, message: string): Error {
  class DatabaseError extends Error {
    severity = 'ERROR';
    code = code;
    detail = `Key (id)=(${FNR}) already exists.`;
    where = `SQL statement "insert into patient values ('${FNR}')"`;
    internalQuery = `select '${FNR}'`;
    parameters = [FNR, 'Kari Nordmann'];
    routine = 'ExecConstraints';
  }
  return new DatabaseError(message);
}

describe('log serializers', () => {
  it('keep class, code and message of a database error, never its detail, where or parameters', () => {
    const logged = serializeError(
      databaseError('23505', 'duplicate key value violates unique constraint "patient_pkey"'),
    );
    expect(Object.keys(logged).sort()).toEqual(['code', 'message', 'stack', 'type']);
    expect(logged).toMatchObject({
      type: 'DatabaseError',
      code: '23505',
      message: 'duplicate key value violates unique constraint "patient_pkey"',
    });
    expect(JSON.stringify(logged)).not.toContain(FNR);
    expect(JSON.stringify(logged)).not.toContain('Kari');
    expect(logged.stack).toMatch(/\n {4}at /);
  });

  it('drop the value a data exception quotes in its message, and mask long digit runs everywhere', () => {
    const dataException = serializeError(
      databaseError('22P02', 'invalid input syntax for type uuid: "Kari Nordmann"'),
    );
    expect(dataException.message).toBe('invalid input syntax for type uuid: "…"');
    expect(dataException.stack?.split('\n')[0]).toBe('Error: invalid input syntax for type uuid: "…"');
    const anywhere = serializeError(new Error(`could not read ${FNR} (HPR 9144900)`));
    expect(anywhere.message).toBe('could not read <11 digits> (HPR <7 digits>)');
    expect(JSON.stringify(anywhere)).not.toContain(FNR);
  });

  it('leave the stack out of a client error', () => {
    const refused = serializeError(fail('AKS_ERR_RESOURCE_NOT_FOUND', { type: 'Patient', id: 'x' }));
    expect(refused).toEqual({
      type: 'AksonError',
      code: 'AKS_ERR_RESOURCE_NOT_FOUND',
      message: 'Patient/x was not found.',
    });
    expect(serializeError(fail('AKS_ERR_STORE_BUSY')).stack).toBeDefined();
  });

  it('log a request by its route pattern, never its URL', () => {
    expect(
      serializeRequest({
        id: 'r1',
        method: 'GET',
        routeOptions: { url: '/fhir/:type/:id' },
        ...{ url: `/fhir/Patient/${FNR}?identifier=${FNR}` },
      }),
    ).toEqual({ id: 'r1', method: 'GET', route: '/fhir/:type/:id' });
    expect(serializeRequest({ id: 'r2', method: 'GET' })).toEqual({ id: 'r2', method: 'GET', route: null });
  });
});
