/**
 * The specifications this version emulates, defined once: `--version`, the conformance reports
 * and the guide (docs/) name them. A package version maps to these (CHANGELOG.md): a new specification
 * version is a new minor version of the package; a change in what the sandbox accepts or answers
 * for the same specification is a new patch version, or a major one if a conformant client could break.
 */
const SPECIFICATIONS = [
  { name: 'CID-IS-P', version: 'v1.0', about: 'Provision Account, draft of 31 Jan 2024' },
  { name: 'Users Endpoint V2', version: 'v1.1', about: 'draft of 27 Nov 2025' },
] as const;

/** `CID-IS-P v1.0; Users Endpoint V2 v1.1` */
export const specificationVersions = (): string => SPECIFICATIONS.map((s) => `${s.name} ${s.version}`).join('; ');

/** With what each is, for reports. */
export const describeSpecifications = (): string[] => SPECIFICATIONS.map((s) => `${s.name} ${s.version} (${s.about})`);
