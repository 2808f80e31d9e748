/**
 * The materials library for distributors (推广素材): route `materials` of the `distributor`
 * function, typed by its table (shared/contracts/materials.ts). The admin's routes are called
 * through services/admin.ts `admin(route, input)`.
 */
import type { MaterialsInput } from '@shared/contracts/materials';
import { callRoute } from './call';

export const materials = (input: MaterialsInput) => callRoute('distributor', 'materials', input);
