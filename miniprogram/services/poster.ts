/** The `poster` function: the caller's mini-program code for the home page or a product (推广海报). */
import type { PosterInput } from '@shared/contracts/poster';
import { call } from './call';

export const poster = (input: PosterInput) => call('poster', input);
