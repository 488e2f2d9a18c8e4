export const SCALES = {
  demo: {
    employers: 50,
    interactionsPerEmployer: 12,
    offersPerEmployer: 0.8,
    youngPeople: 80,
    placements: 60,
    advisers: 4,
    managers: 1,
    events: 3,
  },
  ml: {
    employers: 1_500,
    interactionsPerEmployer: 10,
    offersPerEmployer: 0.8,
    youngPeople: 2_500,
    placements: 3_000,
    advisers: 12,
    managers: 2,
    events: 24,
  },
  national: {
    employers: 200_000,
    interactionsPerEmployer: 10,
    offersPerEmployer: 0.75,
    youngPeople: 330_000,
    placements: 400_000,
    advisers: 2_000,
    managers: 400,
    events: 4_000,
  },
} as const;

export type Scale = keyof typeof SCALES;
export const isScale = (s: string): s is Scale => s in SCALES;

/** EPCIs of the Besançon employment area (about 280 communes), used by demo and ml. */
export const BESANCON_AREA_EPCIS = [
  '242500361',
  '200068070',
  '242504447',
  '242504181',
  '200041887',
];
