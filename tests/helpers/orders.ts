/**
 * Factories for order tests: catalog entries and orders written straight into the emulator,
 * in exactly the shape placeOrder stores (shared/catalog.ts, shared/orders.ts).
 */
import type { EmulatorHandle } from '../../emulator/src/index';
import type { LineAttribution } from '@shared/attribution';
import type { ProductDocument, SkuDocument } from '@shared/catalog';
import { newOrderLifecycle } from '@shared/orderBuilder';
import { ORDER_MACHINE } from '@shared/orderStates';
import type { OrderDocument, OrderLine } from '@shared/orders';

export function seedProduct(
  emu: EmulatorHandle,
  product: Partial<ProductDocument> & { _id: string },
  skus: Array<Partial<SkuDocument> & { _id: string; priceFen: number; stock: number }>,
): void {
  const now = new Date(emu.emulator.options.clock.now());
  const prices = skus.map((sku) => sku.priceFen);
  const doc: ProductDocument = {
    slug: product._id,
    categoryId: 'cat-test',
    name: product._id,
    description: '',
    images: [],
    onSale: true,
    sortOrder: 0,
    minPriceFen: Math.min(...prices),
    maxPriceFen: Math.max(...prices),
    commission: { mode: 'default' },
    createdAt: now,
    updatedAt: now,
    ...product,
  };
  emu.insert('products', [doc as unknown as Record<string, unknown>]);
  emu.insert(
    'skus',
    skus.map((sku) => ({
      productId: product._id,
      spec: sku._id,
      onSale: true,
      commission: null,
      reservedBy: [],
      returnedBy: [],
      updatedAt: now,
      ...sku,
    })) as unknown as Array<Record<string, unknown>>,
  );
}

const NO_ATTRIBUTION = (baseFen: number, quantity: number): LineAttribution => ({
  baseFen,
  quantity,
  capFen: 0,
  capApplied: false,
  levels: [],
  totalFen: 0,
});

/** An order in any state; lines default to one line of one unit at 10000 fen. */
export function seedOrder(
  emu: EmulatorHandle,
  order: Partial<OrderDocument> & { _id: string; buyerId: string },
  lines?: Array<Partial<OrderLine> & { skuId: string }>,
): OrderDocument {
  const now = new Date(emu.emulator.options.clock.now());
  const fullLines: OrderLine[] = (lines ?? [{ skuId: 'sku-1' }]).map((line, lineIndex) => {
    const unitPriceFen = line.unitPriceFen ?? 10_000;
    const quantity = line.quantity ?? 1;
    const lineTotalFen = unitPriceFen * quantity;
    const paidFen = line.paidFen ?? lineTotalFen;
    return {
      lineIndex,
      productId: 'p-test',
      name: line.skuId,
      spec: line.skuId,
      image: '',
      unitPriceFen,
      quantity,
      lineTotalFen,
      discountFen: lineTotalFen - paidFen,
      paidFen,
      commission: { mode: 'default' },
      attribution: NO_ATTRIBUTION(paidFen, quantity),
      refundedFen: 0,
      refundedQuantity: 0,
      ...line,
    };
  });
  const goodsFen = fullLines.reduce((sum, line) => sum + line.lineTotalFen, 0);
  const paid = fullLines.reduce((sum, line) => sum + line.paidFen, 0);
  const doc: OrderDocument = {
    idempotencyKey: `key-${order._id}`,
    status: ORDER_MACHINE.initial,
    reservation: 'reserved',
    lines: fullLines,
    goodsFen,
    discountFen: goodsFen - paid,
    shippingFen: 0,
    payableFen: paid,
    address: {
      name: '张三',
      phone: '13800000000',
      province: '浙江省',
      city: '杭州市',
      district: '西湖区',
      detail: '文三路 1 号',
    },
    rulesVersion: 1,
    chain: [],
    couponId: null,
    note: '',
    createdAt: now,
    payDeadline: new Date(now.getTime() + 30 * 60_000),
    ...newOrderLifecycle(),
    updatedAt: now,
    ...order,
  };
  emu.insert('orders', [doc as unknown as Record<string, unknown>]);
  return doc;
}

/** A delivery address of `userId` (the shape the address function stores). */
export function seedAddress(emu: EmulatorHandle, userId: string, addressId = `addr-${userId}`): string {
  const now = new Date(emu.emulator.options.clock.now());
  emu.insert('addresses', [
    {
      _id: addressId,
      userId,
      name: '李四',
      phone: '13900000000',
      province: '浙江省',
      city: '杭州市',
      district: '西湖区',
      detail: '文三路 2 号',
      isDefault: true,
      createdAt: now,
      updatedAt: now,
    },
  ]);
  return addressId;
}
