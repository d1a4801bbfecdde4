import { Hono, type Context } from 'hono';
import type { Store } from '../store/store';
import { adminError } from '../http/admin-errors';
import { getOne, withAdminInput } from '../http/admin-handlers';
import { toFhirPatient } from './fhir';
import { addPatient, changePatient, NewPatient, PatientChange, type PdsChangeResult } from './admin-changes';
import type { Pds } from './pds';
import { admin, adminCollection, nhsNumberParam, query, type PathItems } from '../http/openapi';

/** Admin changes to PDS records (undone by POST /_sandbox/reset). */
export function pdsAdminRoutes(pds: Pds, store: Store) {
  const answer = async (c: Context, result: PdsChangeResult, created = false) => {
    if (!result.ok) return adminError(c, result.status, result.status === 404 ? 'not_found' : 'conflict', result.description);
    await store.sync();
    return c.json({ patient: result.patient, fhir: toFhirPatient(result.patient) }, created ? 201 : 200);
  };
  return new Hono()
    .get('/pds/patients', (c) => c.json({ patients: pds.search(c.req.query('q') ?? '', Number(c.req.query('limit') ?? 50) || 50) }))
    .get(
      '/pds/patients/:nhsNumber',
      getOne(
        'nhsNumber',
        (nhsNumber) => pds.get(nhsNumber),
        (patient) => ({ patient, fhir: toFhirPatient(patient) }),
        'patient with NHS number',
      ),
    )
    .post(
      '/pds/patients',
      withAdminInput(NewPatient, (c, input) => answer(c, addPatient(pds, input), true)),
    )
    .patch(
      '/pds/patients/:nhsNumber',
      withAdminInput(PatientChange, (c, input) => answer(c, changePatient(pds, c.req.param('nhsNumber') ?? '', input))),
    );
}

/** The query parameters `GET /pds/patients` reads. */
const patientFilters = [query('q', 'NHS number prefix or part of a name'), query('limit', 'at most this many (default 50)')];

export const pdsAdminPaths = (): PathItems => ({
  '/pds/patients': adminCollection('patient', NewPatient, 'Search PDS by NHS number or name', 'Add a patient', patientFilters),
  '/pds/patients/{nhsNumber}': {
    get: admin('A PDS record and its FHIR view', { parameters: [nhsNumberParam], answers: { '200': 'patient and fhir' }, errors: [404] }),
    patch: admin('Change test-relevant fields (null clears)', {
      parameters: [nhsNumberParam],
      body: PatientChange,
      answers: { '200': 'the patient' },
      errors: [400, 404, 409],
    }),
  },
});
