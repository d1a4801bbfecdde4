// The en_GB entry point alone (its instance's locales are en_GB, en, base): loading every locale
// through the package index doubled the sandbox's start-up. Each patient is generated after
// seeding with (seed, slot), synchronously, so one shared instance gives every sandbox its own data.
import { faker as enGbFaker } from '@faker-js/faker/locale/en_GB';
import type { Faker } from '@faker-js/faker';
import { compiledPatterns } from './faker-patterns';
import { mersenneTwister } from './mersenne-twister';

/**
 * The en_GB instance's locale data on faker's own generator, re-seeded cheaply (mersenne-twister.ts):
 * the same patients, at a fraction of the cost. The entry point exports only its instance, so the
 * class is reached through it.
 */
export const faker = new (enGbFaker.constructor as typeof Faker)({ locale: enGbFaker.definitions, randomizer: mersenneTwister() });

/**
 * `location.street()` and `location.city()`: one of the locale's patterns expanded, with the same
 * draws as faker's, the patterns parsed once (faker-patterns.ts).
 */
const street = compiledPatterns(faker, faker.definitions.location.street_pattern);
export const city = compiledPatterns(faker, faker.definitions.location.city_pattern);
/** `location.streetAddress()`, whose en_GB pattern is `{{location.buildingNumber}} {{location.street}}`. */
export const streetAddress = () => `${faker.location.buildingNumber()} ${street()}`;
