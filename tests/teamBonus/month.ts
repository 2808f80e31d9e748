/**
 * What the team bonus tests that compute one month share: the two tiers (from ¥1,000.00 a fixed
 * ¥30.00, from ¥3,000.00 5% of the team sales, capped at ¥200.00), China-time dates, a completed
 * order of distributor A's team whose return window ended on a given day, and one timer run.
 */
import type { ComputeTeamBonusOutput } from '@shared/contracts/timers';
import type { OrderDocument, OrderLine } from '@shared/orders';
import type { Result } from '@shared/result';
import type { TeamBonusRules } from '@shared/rules';
import type { EmulatorHandle } from '../../emulator/src/index';
import { seedOrder } from '../helpers/orders';

export const DAY_MS = 86_400_000;

export const china = (text: string): Date => new Date(`${text}+08:00`);

export function twoTiers(frozenDays: number): TeamBonusRules {
  return {
    enabled: true,
    tiers: [
      { minTeamSalesFen: 100_000, bonus: { kind: 'fixed', amountFen: 3_000 } },
      { minTeamSalesFen: 300_000, bonus: { kind: 'rate', rateBp: 500 } },
    ],
    monthlyCapFen: 20_000,
    frozenDays,
  };
}

/** A completed order of oA's team worth `paidFen` of goods, its window ended at `windowEnd`. */
export function seedTeamOrder(
  emu: EmulatorHandle,
  id: string,
  windowEnd: Date,
  paidFen: number,
  changes: Partial<OrderDocument> = {},
): void {
  seedOrder(
    emu,
    {
      _id: id,
      orderNo: `2026110${id.slice(1)}`,
      buyerId: `buyer-${id}`,
      chain: ['oA'],
      status: 'completed',
      completedAt: new Date(windowEnd.getTime() - 7 * DAY_MS),
      returnWindowEndsAt: windowEnd,
      ...changes,
    },
    [{ skuId: 'sku-1', unitPriceFen: paidFen, paidFen, refundedFen: 0 }] as Array<
      Partial<OrderLine> & { skuId: string }
    >,
  );
}

/** One run of the computeTeamBonus timer; its report. */
export async function computeMonth(emu: EmulatorHandle): Promise<ComputeTeamBonusOutput> {
  const result = (await emu.runTimer('computeTeamBonus', {})).result as Result<ComputeTeamBonusOutput>;
  if (!result.ok) throw new Error(result.error.code);
  return result.data;
}
