import { Hono } from 'hono';
import { isValidNhsNumber } from './nhs-number';
import { operationOutcome, toFhirPatient } from './fhir';
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
