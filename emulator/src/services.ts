/**
 * The platform services beyond the database and functions, each an EmulatorModule in its own
 * folder. They register here, in one place, so the core does not grow with them.
 */
import type { Emulator } from './emulator';
import { PaymentModule } from './pay/payments';
import { PayoutModule } from './pay/payouts';
import { OpenApiModule } from './openapi';
import { StorageModule } from './storage';

export function registerServices(emulator: Emulator): void {
  void emulator; // Services are added below as they are implemented, e.g. emulator.use(new PaymentModule(emulator)).
  const openapi = new OpenApiModule(emulator);
  const payments = new PaymentModule(emulator);
  // The shipping uploads of the open API check their order against the payment sandbox.
  openapi.shipping.connect({
    byTransactionId: (transactionId) => payments.list().find((payment) => payment.transactionId === transactionId),
    byOutTradeNo: (outTradeNo) => payments.get(outTradeNo),
  });
  emulator.use(openapi);
  emulator.use(new StorageModule(emulator));
  emulator.use(payments);
  emulator.use(new PayoutModule(emulator));
}
