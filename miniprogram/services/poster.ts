/** The `poster` function: the caller's mini-program code for the home page or a product (推广海报). */
import type { PosterInput, PosterOutput } from '@shared/contracts/poster';
import type { Result } from '@shared/result';
import { legacyCall } from './call';

export function poster(input: PosterInput): Promise<Result<PosterOutput>> {
  return legacyCall<PosterInput, PosterOutput>('poster', input);
}
