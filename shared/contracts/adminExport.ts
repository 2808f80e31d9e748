/**
 * The admin's order export (`exportOrders` of the `admin` function, registered in
 * shared/contracts/admin.ts ADMIN_CONTRACTS; use case in cloudfunctions/admin/exportOrders.ts):
 * the orders placed on a range of China days, optionally of one status, written as a CSV file to
 * cloud storage, answered with a temporary download link. A range too large for one call is cut
 * on an order boundary and continued with `cursor`.
 */
import { z } from 'zod';
import { OrderStatusSchema } from './order';
import { ChinaDayText } from './timers';

/** The most days one export covers (a year, leap or not). */
export const EXPORT_MAX_DAYS = 366;
/** The most orders one call writes; a larger range is continued with the answer's cursor. */
export const EXPORT_MAX_ORDERS = 5000;

/** Where the previous call stopped: the creation time (ms) and id of the last order it wrote. */
const Cursor = z.string().regex(/^\d{1,15}_[A-Za-z0-9_-]{1,32}$/, 'not a cursor of exportOrders');

const DAY_MS = 86_400_000;

/** A calendar day that exists (not 2026-02-30), as YYYY-MM-DD. */
const Day = ChinaDayText.refine((day) => {
  const time = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === day;
}, 'not a calendar day');

export const ExportOrdersInput = z
  .strictObject({
    /** The first China day of the range (下单日期), YYYY-MM-DD. */
    fromDay: Day,
    /** The last China day of the range, included. */
    toDay: Day,
    /** Only orders in this state; all states without it. */
    status: OrderStatusSchema.optional(),
    /** The recipient's phone in full (for shipping) or masked as 138****0000 (the default). */
    phone: z.enum(['masked', 'full']).default('masked'),
    /** The previous answer's cursor, to continue a range that was cut. */
    cursor: Cursor.optional(),
    /** At most this many orders in this file. */
    maxOrders: z.number().int().min(1).max(EXPORT_MAX_ORDERS).default(EXPORT_MAX_ORDERS),
  })
  .refine((input) => input.fromDay <= input.toDay, { message: 'fromDay must not be after toDay', path: ['toDay'] })
  .refine((input) => Date.parse(input.toDay) - Date.parse(input.fromDay) < EXPORT_MAX_DAYS * DAY_MS, {
    message: `at most ${EXPORT_MAX_DAYS} days`,
    path: ['toDay'],
  });

export const ExportOrdersOutput = z.object({
  /** The stored file (cloud://...), under exports/. */
  fileID: z.string(),
  cloudPath: z.string(),
  /** A temporary HTTPS link to the file. */
  url: z.string(),
  /** When the link stops working (ISO). */
  urlExpiresAt: z.string(),
  /** Orders in the file, and its rows (one per order line, the header not counted). */
  orderCount: z.number().int(),
  rowCount: z.number().int(),
  /** False when the range was cut (too many orders, or the call's time ran short): continue with `cursor`. */
  complete: z.boolean(),
  /** Pass it back with the same range and status to export the next part; null when complete. */
  cursor: z.string().nullable(),
});
export type ExportOrdersOutput = z.infer<typeof ExportOrdersOutput>;
