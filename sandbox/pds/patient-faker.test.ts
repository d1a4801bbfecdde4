import { describe, expect, it } from 'vitest';
import { city, faker, streetAddress } from './patient-faker';

/**
 * The generated patients' addresses must stay what faker's own methods give for the same seed, so
 * a seed names the same patients whichever way they are made: each pair is drawn from the same
 * seed, then one more number shows both left the generator in the same state.
 */
const drawn = (seed: number[], make: () => string) => {
  faker.seed(seed);
  return [make(), faker.number.int()];
};

describe("addresses drawn as faker's location methods draw them", () => {
  const seeds = Array.from({ length: 5000 }, (_, slot) => [20240131, slot]);

  it('gives location.streetAddress() for every seed', () => {
    for (const seed of seeds) expect(drawn(seed, streetAddress)).toEqual(drawn(seed, () => faker.location.streetAddress()));
  });

  it('gives location.city() for every seed, whichever of the locale patterns is drawn', () => {
    const patternsSeen = new Set<string>();
    for (const seed of seeds) {
      const ours = drawn(seed, city);
      expect(ours).toEqual(drawn(seed, () => faker.location.city()));
      patternsSeen.add(String(ours[0]).includes(' ') ? 'spaced' : 'single');
    }
    expect(patternsSeen.size).toBe(2);
  });
});
