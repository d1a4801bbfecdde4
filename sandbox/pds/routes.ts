import { Hono, type Context } from 'hono';
import type { Store } from '../store/store';
import { adminError, readAdminInput } from '../http/admin-errors';
import { isValidNhsNumber } from './nhs-number';
import { operationOutcome, toFhirPatient } from './fhir';
import { addPatient, changePatient, NewPatient, PatientChange, type PdsChangeResult } from './admin-changes';
import type { Pds } from './pds';

/** The PDS read endpoint, in the shape of the PDS FHIR R4 API. */
export function pdsRoutes(pds: Pds) {
  return new Hono().get('/pds/Patient/:nhsNumber', (c) => {
    const nhsNumber = c.req.param('nhsNumber');
    if (!isValidNhsNumber(nhsNumber)) {
      return c.json(operationOutcome('INVALID_RESOURCE_ID', 'Resource Id is invalid'), 400, { 'content-type': 'application/fhir+json' });
    }
    const trace = pds.trace(nhsNumber);
    if (trace.kind === 'not-found') {
      return c.json(operationOutcome('RESOURCE_NOT_FOUND', 'Resource not found'), 404, { 'content-type': 'application/fhir+json' });
    }
    // Like PDS, a superseded number answers with the surviving record (whose id differs).
    const patient = trace.kind === 'found' ? trace.patient : trace.current;
    return c.json(toFhirPatient(patient), 200, { ETag: `W/"${patient.version}"`, 'content-type': 'application/fhir+json' });
  });
}

/** Admin changes to PDS records (undone by POST /_sandbox/reset). */
export function pdsAdminRoutes(pds: Pds, store: Store) {
  const answer = async (c: Context, result: PdsChangeResult, created = false) => {
    if (!result.ok) return adminError(c, result.status, result.status === 404 ? 'not_found' : 'conflict', result.description);
    await store.sync();
    return c.json({ patient: result.patient, fhir: toFhirPatient(result.patient) }, created ? 201 : 200);
  };
  return new Hono()
    .get('/pds/patients', (c) => c.json({ patients: pds.search(c.req.query('q') ?? '', Number(c.req.query('limit') ?? 50) || 50) }))
    .get('/pds/patients/:nhsNumber', (c) => {
      const patient = pds.get(c.req.param('nhsNumber'));
      return patient
        ? c.json({ patient, fhir: toFhirPatient(patient) })
        : adminError(c, 404, 'not_found', `no patient with NHS number ${c.req.param('nhsNumber')}`);
    })
    .post('/pds/patients', async (c) => {
      const read = await readAdminInput(c, NewPatient);
      if (!read.ok) return read.response;
      return answer(c, addPatient(pds, read.input), true);
    })
    .patch('/pds/patients/:nhsNumber', async (c) => {
      const read = await readAdminInput(c, PatientChange);
      if (!read.ok) return read.response;
      return answer(c, changePatient(pds, c.req.param('nhsNumber'), read.input));
    });
}
