import { buildFleet, deadWeightOf, synthFleet, toYaml, VARIANTS } from '../bench/fleet';

describe('the benchmark fleet', () => {
  test.each(VARIANTS)(
    '%s: dead weight (the scaling probe) is kept by the app and changes no manifest',
    (variant) => {
      const plainApp = buildFleet(variant, 20);
      const weighted = buildFleet(variant, 20, 40);
      expect(deadWeightOf(plainApp)).toBe(0);
      expect(deadWeightOf(weighted)).toBe(20 * 40);
      const plain = toYaml(synthFleet(plainApp));
      expect(plain.split('\n---\n')).toHaveLength(20);
      expect(toYaml(synthFleet(weighted))).toBe(plain);
    }
  );
});
