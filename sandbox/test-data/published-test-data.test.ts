import { describe, expect, it } from 'vitest';
import { publishedDate, readPublishedTestData, PUBLISHED_MOBILE } from './published-test-data';

/** The choices made where a published sheet holds something the sandbox would refuse (docs/test-data.md). */
const settings = {
  environment: 'integration' as const,
  passwordHash: (password: string) => {
    if (password !== 'Passw0rd$1') throw new Error('unknown password');
    return 'hash';
  },
  knownPractices: ['B85036'],
};
const ACCOUNTS = `Email Address,Password,OTP Code,IM1,Proofing Level,NHS Number,First Name,Surname,Date of Birth\r
a+1@demo.signin.nhs.uk,Passw0rd$1,190696,Yes,P9,9686368973,Mona,MILLAR,1968-02-12\r
a+2@demo.signin.nhs.uk,Passw0rd$1,190696,No,P5,9661034524,Hubert,KELSO-CID,21/10/1988\r
a+3@demo.signin.nhs.uk,Passw0rd$1,190696,No,P0,N/A,N/A,N/A,N/A\r
THESE USERS SHOULD NOT BE ALTERED.,,,,,,,,,,,\r
`;
const PATIENTS = `NHS_NO,DOB,DOD,FAMILY_NAME,GIVEN_NAME,OTHER_GIVEN_NAME,TITLE,GENDER,ADDR1,ADDR2,ADDR3,ADDR4,ADDR5,POST_CODE,GPP
9686368973,12/02/1968,,MILLAR,Mona,,Mrs,Female,,10 COPLEY BANK ROAD,GOLCAR,HUDDERSFIELD,,HD7 4JL,B85036
9686368493,13/04/1995,11/06/2002,LAWTON,Wilbur,Jacob,MR,Not known,,2 WOOD END ROAD,,HUDDERSFIELD,,HD4 7PQ,B85036
9686368906,01/02/1942,,HUGHES,Iain,Sam,MR,Male,,2 HOLME PLACE,MARSH,HUDDERSFIELD,,HD1 4LR
`;
const NAM = `Linkage Keys,ODS Code,Account ID,NHS_NO,DOB
YCRPyPSEUARa9,B85036,9422353608,9686368973,17/05/1985
YCRPyPSEUARa1,B85036,9422353609,9686368973,17/05/1985
`;

describe('published test data', () => {
  const data = readPublishedTestData({ accounts: ACCOUNTS, patients: PATIENTS, namStub: NAM }, settings);
  const patient = (nhs: string) => data.patients.find((p) => p.nhsNumber === nhs);

  it('reads dates typed either way', () => {
    expect(publishedDate('12/02/1968')).toBe('1968-02-12');
    expect(publishedDate('1968-02-12')).toBe('1968-02-12');
    expect(publishedDate('31/02/1968')).toBeUndefined();
    expect(patient('9686368493')).toMatchObject({ birthDate: '1995-04-13', deceasedDate: '2002-06-11', gender: 'unknown' });
  });

  it('loads PDS records as published, with the published mobile where the sheet gives none', () => {
    expect(patient('9686368973')).toMatchObject({
      givenNames: ['Mona'],
      familyName: 'MILLAR',
      gender: 'female',
      address: { lines: ['10 COPLEY BANK ROAD', 'GOLCAR', 'HUDDERSFIELD'], postcode: 'HD7 4JL' },
      mobile: PUBLISHED_MOBILE,
      gpOdsCode: 'B85036',
    });
  });

  it('leaves out a patient with no registered practice, and makes a record from an account row PDS lacks', () => {
    expect(patient('9686368906')).toBeUndefined();
    expect(patient('9661034524')).toMatchObject({ givenNames: ['Hubert'], birthDate: '1988-10-21', gpOdsCode: 'B85036' });
    expect(patient('9661034524')?.address).toBeUndefined();
  });

  it('loads every account row at its proofing level, and not the closing note', () => {
    expect(data.accounts.map((a) => [a.email, a.identityLevel, a.nhsNumber])).toEqual([
      ['a+1@demo.signin.nhs.uk', 'P9', '9686368973'],
      ['a+2@demo.signin.nhs.uk', 'P5', '9661034524'],
      ['a+3@demo.signin.nhs.uk', 'P0', undefined],
    ]);
    expect(data.accounts.every((a) => a.mobile === PUBLISHED_MOBILE)).toBe(true);
  });

  it('takes the first of two NAM stub linkages for one NHS number, and none for IM1 "No" accounts', () => {
    expect(data.gpLinkages.byNhsNumber.get('9686368973')).toEqual({ gpUserId: '9422353608', gpLinkageKey: 'YCRPyPSEUARa9' });
    expect([...data.gpLinkages.withoutLinkage]).toEqual(['acc-integration-2', 'acc-integration-3']);
  });

  it('refuses a sheet whose password it has no hash for', () => {
    expect(() => readPublishedTestData({ accounts: ACCOUNTS.replace('Passw0rd$1', 'other') }, settings)).toThrow(/unknown password/);
  });
});
