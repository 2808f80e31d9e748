/**
 * The sections of `npm run bench`, in the order they run and print. Each starts its own
 * emulator with the given latency and stops it before the next one starts.
 */
import type { BenchSection } from './section';
import { analyticsBench } from './analytics';
import { balancePayBench } from './balancePay';
import { clockAdvanceBench } from './clockAdvance';
import { coldStartBench } from './coldStart';
import { flashSaleBench } from './flashSale';
import { flashSessionBench } from './flashSession';
import { hotDistributorBench } from './hotDistributor';
import { releaseBench } from './release';
import { roundTripsBench } from './roundTrips';
import { scaleBench } from './scale';

export type Bench = (options: { latencyMs: number }) => Promise<BenchSection>;

export const SECTIONS: Array<{ name: string; run: Bench }> = [
  { name: 'roundTrips', run: roundTripsBench },
  { name: 'balancePay', run: balancePayBench },
  { name: 'scale', run: scaleBench },
  { name: 'flashSale', run: flashSaleBench },
  { name: 'flashSession', run: flashSessionBench },
  { name: 'release', run: releaseBench },
  { name: 'hotDistributor', run: hotDistributorBench },
  { name: 'analytics', run: analyticsBench },
  // The clock is moved on the emulator as `npm start` runs it (no added latency): a merchant
  // moving time by a week waits for this, and its target (under 30 s) is about the emulator.
  { name: 'clockAdvance', run: () => clockAdvanceBench({ latencyMs: 0 }) },
  { name: 'coldStart', run: coldStartBench },
];
