/**
 * The sections of `npm run bench`, in the order they run and print. Each starts its own
 * emulator with the given latency and stops it before the next one starts.
 */
import type { BenchSection } from './section';
import { coldStartBench } from './coldStart';
import { flashSaleBench } from './flashSale';
import { hotDistributorBench } from './hotDistributor';
import { releaseBench } from './release';
import { roundTripsBench } from './roundTrips';
import { scaleBench } from './scale';

export type Bench = (options: { latencyMs: number }) => Promise<BenchSection>;

export const SECTIONS: Array<{ name: string; run: Bench }> = [
  { name: 'roundTrips', run: roundTripsBench },
  { name: 'scale', run: scaleBench },
  { name: 'flashSale', run: flashSaleBench },
  { name: 'release', run: releaseBench },
  { name: 'hotDistributor', run: hotDistributorBench },
  { name: 'coldStart', run: coldStartBench },
];
