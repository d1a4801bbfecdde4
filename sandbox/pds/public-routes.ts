import { Hono } from 'hono';
import { isValidNhsNumber } from './nhs-number';
import { operationOutcome, toFhirPatient } from './fhir';
import type { Pds } from './pds';
import { content, nhsNumberParam, type PathItems } from '../http/openapi';

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

const fhir = (description: string) => ({ description, ...content({ type: 'object' }, 'application/fhir+json') });

export const pdsPaths = (): PathItems => ({
  '/pds/Patient/{nhsNumber}': {
    get: {
      tags: ['fake PDS'],
      summary: 'PDS FHIR R4 Patient read',
      parameters: [nhsNumberParam],
      responses: {
        '200': fhir('FHIR Patient (a superseded number answers with the surviving record)'),
        '400': fhir('OperationOutcome INVALID_RESOURCE_ID'),
        '404': fhir('OperationOutcome RESOURCE_NOT_FOUND'),
      },
    },
  },
});
