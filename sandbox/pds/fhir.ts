import type { PatientRecord } from './patient';
import { toNationalFormat } from './patient';

/**
 * Renders a patient as a PDS FHIR R4 `Patient`, with the real service's quirks: telecom in
 * national format, restricted records stripped of address, telecom and GP (security label R).
 */
export function toFhirPatient(patient: PatientRecord) {
  const restricted = patient.restricted;
  return {
    resourceType: 'Patient',
    id: patient.nhsNumber,
    identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: patient.nhsNumber }],
    meta: {
      versionId: String(patient.version),
      security: [
        restricted
          ? { system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R', display: 'restricted' }
          : { system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'U', display: 'unrestricted' },
      ],
    },
    name: [{ use: 'usual', given: patient.givenNames, family: patient.familyName }],
    gender: patient.gender,
    birthDate: patient.birthDate,
    ...(patient.deceasedDate ? { deceasedDateTime: `${patient.deceasedDate}T00:00:00+00:00` } : {}),
    ...(restricted
      ? {}
      : {
          ...(patient.address
            ? {
                address: [
                  {
                    use: 'home',
                    ...(patient.address.lines.length ? { line: patient.address.lines } : {}),
                    postalCode: patient.address.postcode,
                  },
                ],
              }
            : {}),
          telecom: [
            ...(patient.mobile ? [{ system: 'phone', use: 'mobile', value: toNationalFormat(patient.mobile) }] : []),
            ...(patient.email ? [{ system: 'email', use: 'home', value: patient.email }] : []),
          ],
          generalPractitioner: [
            { type: 'Organization', identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: patient.gpOdsCode } },
          ],
        }),
  };
}

export function operationOutcome(code: 'INVALID_RESOURCE_ID' | 'RESOURCE_NOT_FOUND' | 'INVALID_VALUE', display: string) {
  return {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: 'error',
        code: code === 'RESOURCE_NOT_FOUND' ? 'not-found' : 'value',
        details: {
          coding: [{ system: 'https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode', version: '1', code, display }],
        },
      },
    ],
  };
}
