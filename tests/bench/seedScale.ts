/**
 * The shop at promotion scale, written straight into the emulator's store: 10,000 approved
 * distributors in a tree (distributor i ≥ 1 is invited by distributor ⌊(i − 1) / 10⌋, so sd0
 * has 10 direct members, 100 on level 2 and 1,000 on level 3), their accounts and 100,000
 * frozen commissions with their settle entries (tests/bench/seedRelease.ts), 100,000 orders
 * over the last 60 days in every status, and after-sales, applications and withdrawals.
 */
import type { EmulatorHandle } from '../../emulator/src/index';
import type { AfterSaleStatus } from '@shared/afterSales';
import type { OrderStatus } from '@shared/orderStates';
import type { UserDocument } from '@shared/users';
import type { WithdrawalStatus } from '@shared/withdrawals';
import { seedOrder } from '../helpers/orders';
import { seedRules } from '../helpers/referrals';
import { insertMany } from './measure';
import { seedDueCommissions } from './seedRelease';
import { ADMIN } from './shop';

export const SCALE = { orders: 100_000, distributors: 10_000 };
/** The distributor with the largest team. */
export const TOP_DISTRIBUTOR = 'sd0';
const DAY_MS = 24 * 3600 * 1000;

const distributorId = (i: number): string => `sd${i}`;

function statusOf(i: number): OrderStatus {
  const slot = i % 100;
  if (slot < 2) return 'pending_payment';
  if (slot < 5) return 'closed';
  if (slot < 10) return 'paid';
  if (slot < 20) return 'shipped';
  return 'completed';
}

/** Gives every distributor its place in the tree (seedDueCommissions creates them without referrers). */
function plantTree(emu: EmulatorHandle): Map<string, string[]> {
  const ancestors = new Map<string, string[]>();
  const users = new Map(
    (emu.emulator.store.scan('users') as unknown as UserDocument[]).map((user) => [user._id, user]),
  );
  for (let i = 0; i < SCALE.distributors; i += 1) {
    const id = distributorId(i);
    const parent = i === 0 ? null : distributorId(Math.floor((i - 1) / 10));
    const chain = parent ? [parent, ...(ancestors.get(parent) ?? [])].slice(0, 3) : [];
    ancestors.set(id, chain);
    const user = users.get(id) as UserDocument;
    emu.emulator.put('users', id, {
      ...user,
      referrerId: parent,
      ancestors: chain,
      boundAt: parent ? user.createdAt : null,
      bindingVersion: parent ? 1 : 0,
    } as never);
  }
  return ancestors;
}

function seedOrders(emu: EmulatorHandle, ancestors: Map<string, string[]>): void {
  const now = emu.emulator.options.clock.now();
  const batch: object[] = [];
  // seedOrder builds placeOrder's exact shape; its insert is caught here to write in slices.
  const sink: EmulatorHandle = {
    ...emu,
    insert: (_collection, docs) => {
      batch.push(...docs);
      return [];
    },
  };
  for (let i = 0; i < SCALE.orders; i += 1) {
    const buyerId = distributorId((i * 7) % SCALE.distributors);
    const at = new Date(now - (i % 60) * DAY_MS - (i % 1440) * 60_000);
    const status = statusOf(i);
    const paid = status !== 'pending_payment' && status !== 'closed';
    seedOrder(
      sink,
      {
        _id: `so${i}`,
        buyerId,
        status,
        chain: (ancestors.get(buyerId) ?? []).slice(0, 2),
        createdAt: at,
        payment: {
          params: null,
          transactionId: paid ? `tx-so${i}` : null,
          paidFen: paid ? 10_000 : null,
          paidAt: paid ? at : null,
        },
        ...(status === 'completed' ? { completedAt: at, settlement: { state: 'settled', settledAt: at } } : {}),
        ...(status === 'closed' ? { closedAt: at, closeReason: 'UNPAID_TIMEOUT' } : {}),
      },
      [{ skuId: `sku-${i % 50}`, refundedFen: i % 97 === 0 ? 2_000 : 0 }],
    );
  }
  insertMany(emu, 'orders', batch);
}

function seedQueues(emu: EmulatorHandle): void {
  const now = new Date(emu.emulator.options.clock.now());
  const afterSaleStatuses: AfterSaleStatus[] = [
    'requested',
    'approved',
    'refunding',
    'refunded',
    'refused',
    'cancelled',
  ];
  insertMany(
    emu,
    'afterSales',
    Array.from({ length: 3_000 }, (_, i) => ({
      _id: `sas${i}`,
      orderId: `so${i * 31}`,
      buyerId: distributorId((i * 31 * 7) % SCALE.distributors),
      status: afterSaleStatuses[i % afterSaleStatuses.length],
      kind: 'refundOnly',
      // One refunded line, as every request has: the distributor center's hold lookup reads them.
      lines: [
        {
          lineIndex: 0,
          skuId: 'bench-sku',
          name: '',
          spec: '',
          image: '',
          unitPriceFen: 1_000,
          quantity: 1,
          amountFen: 1_000,
        },
      ],
      amountFen: 1_000,
      createdAt: now,
    })),
  );
  insertMany(
    emu,
    'distributorApplications',
    Array.from({ length: 2_000 }, (_, i) => ({
      _id: `sapp${i}`,
      userId: `sapplicant${i}`,
      status: i % 20 === 0 ? 'pending' : 'approved',
      createdAt: now,
    })),
  );
  const withdrawalStatuses: WithdrawalStatus[] = [
    'withdrawn',
    'withdrawn',
    'withdrawn',
    'rejected',
    'reviewing',
    'paying',
  ];
  insertMany(
    emu,
    'withdrawals',
    Array.from({ length: 5_000 }, (_, i) => ({
      _id: `w:${distributorId(i % SCALE.distributors)}:scale-${i}`,
      userId: distributorId(i % SCALE.distributors),
      status: withdrawalStatuses[i % withdrawalStatuses.length],
      createdAt: now,
      updatedAt: now,
    })),
  );
}

export function seedScaleShop(emu: EmulatorHandle): void {
  const now = emu.emulator.options.clock.now();
  seedRules(emu, { levels: 2, recruitment: 'apply' });
  emu.insert('admins', [{ _id: ADMIN, addedBy: 'setup', addedAt: new Date(now), note: '' }]);
  seedDueCommissions(emu, {
    commissions: SCALE.orders,
    distributors: SCALE.distributors,
    // Frozen: the orders' return windows are still open.
    releaseAt: new Date(now + 7 * DAY_MS),
    prefix: 's',
  });
  seedOrders(emu, plantTree(emu));
  seedQueues(emu);
}
