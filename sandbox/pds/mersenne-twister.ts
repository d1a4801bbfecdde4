import type { Randomizer } from '@faker-js/faker';

/**
 * Faker's own random generator (MT19937 read as 53-bit floats, what `faker.seed` drives),
 * number for number, but cheap to re-seed. Written by hand because the population re-seeds
 * once per generated patient, and faker's seeding allocated two 624-entry arrays and recomputed
 * the same starting table every time: that was half the cost of a patient and the largest single
 * cost of a provisioning request (issue #31). Here the starting table of array seeds is computed
 * once and the state lives in one typed array. Every stored word goes through the same
 * arithmetic as faker's and is only ever read back through 32-bit operators, so keeping it as
 * int32 changes no output (mersenne-twister.test.ts compares with faker's generator).
 */
const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/** init_genrand: the state a single number seeds. */
function initGenrand(state: Int32Array, seed: number): void {
  state[0] = seed;
  for (let i = 1; i < N; i++) {
    const previous = state[i - 1]! ^ (state[i - 1]! >>> 30);
    state[i] = Math.imul(1812433253, previous) + i;
  }
}

/** init_by_array starts from the state of the number 19650218, whatever the key. */
const ARRAY_SEED_START = new Int32Array(N);
initGenrand(ARRAY_SEED_START, 19650218);

/** init_by_array: the state an array of numbers seeds. */
function initByArray(state: Int32Array, key: readonly number[]): void {
  state.set(ARRAY_SEED_START);
  let i = 1;
  let j = 0;
  for (let k = Math.max(N, key.length); k !== 0; k--) {
    const previous = state[i - 1]! ^ (state[i - 1]! >>> 30);
    state[i] = (state[i]! ^ Math.imul(previous, 1664525)) + key[j]! + j;
    i++;
    j++;
    if (i >= N) {
      state[0] = state[N - 1]!;
      i = 1;
    }
    if (j >= key.length) j = 0;
  }
  for (let k = N - 1; k !== 0; k--) {
    const previous = state[i - 1]! ^ (state[i - 1]! >>> 30);
    state[i] = (state[i]! ^ Math.imul(previous, 1566083941)) - i;
    i++;
    if (i >= N) {
      state[0] = state[N - 1]!;
      i = 1;
    }
  }
  state[0] = UPPER_MASK;
}

/**
 * Word `k` of the next 624, in place. Twisted one at a time, in order, as each is first read: word
 * k needs words k and k + 1 as they were and word k + 397 (mod 624), which is still as it was for
 * k < 227 and already the new one after, exactly as when all 624 are twisted at once. A patient
 * reads some 50 words of each seeding, so twisting all 624 up front was a fifth of the cost of a
 * patient (issue #31).
 */
function twistWord(state: Int32Array, k: number): void {
  const y = (state[k]! & UPPER_MASK) | (state[k + 1 === N ? 0 : k + 1]! & LOWER_MASK);
  state[k] = state[k < N - M ? k + M : k + M - N]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
}

/**
 * A randomizer for `new Faker({ randomizer })`. Plain closures, not methods: faker calls `next`
 * detached from its object.
 */
export function mersenneTwister(): Randomizer {
  const state = new Int32Array(N);
  let index = 0;
  /** How many words of the current 624 are twisted (twistWord): those before `index`, and no more. */
  let twisted = 0;
  const nextU32 = (): number => {
    if (index === twisted) twistWord(state, twisted++);
    let y = state[index]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    if (++index >= N) index = twisted = 0;
    return y >>> 0;
  };
  return {
    seed(seed: number | readonly number[]): void {
      if (typeof seed === 'number') initGenrand(state, seed);
      else initByArray(state, seed);
      index = twisted = 0;
    },
    /** A float in [0, 1) from 53 random bits, as faker's default randomizer gives. */
    next(): number {
      const high = nextU32() >>> 5;
      const low = nextU32() >>> 6;
      return (high * 67108864 + low) * 2 ** -53;
    },
  };
}
