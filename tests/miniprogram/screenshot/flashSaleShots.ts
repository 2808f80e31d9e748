/**
 * The 秒杀 page's shot (render.shot.ts draws it with the others; in the gallery): a running
 * session with one SKU selling, one sold out, and the next session. The countdowns are drawn at
 * the shots' fixed clock, so the picture is the same on any day.
 */
import type { FlashSalesOutput } from '@shared/contracts/flashSale';
import { demoPicture } from '../../../scripts/demoImages';
import { ok } from '../helpers';
import type { Shot } from './shots';

/** The shots' clock (shots.ts SHOT_CLOCK): the catalog answers with it as its server time. */
const NOW = Date.parse('2026-03-15T04:00:00.000Z');
const iso = (offsetMs: number) => new Date(NOW + offsetMs).toISOString();
const MINUTE_MS = 60_000;

const cover = (title: string, colour: [number, number, number], variant: number) =>
  `data:image/png;base64,${demoPicture({ title, caption: '', colour, variant }).toString('base64')}`;

const sessions: FlashSalesOutput = {
  serverTime: iso(0),
  sessions: [
    {
      id: 'fs12',
      name: '12点场',
      startAt: iso(0 - 5 * MINUTE_MS),
      endAt: iso(54 * MINUTE_MS + 36_000),
      state: 'running',
      items: [
        {
          skuId: 'tea-250',
          productId: 'p-tea',
          name: '明前西湖龙井 250g',
          spec: '250g 罐装',
          coverUrl: cover('LONGJING', [76, 140, 74], 1),
          priceFen: 6900,
          originalPriceFen: 12800,
          stock: 100,
          soldCount: 68,
          perUserLimit: 1,
        },
        {
          skuId: 'p1-small',
          productId: 'p1',
          name: '云南普洱熟茶饼 · 十年陈',
          spec: '100g 小饼',
          coverUrl: cover('PUER', [140, 90, 60], 2),
          priceFen: 2990,
          originalPriceFen: 6900,
          stock: 50,
          soldCount: 50,
          perUserLimit: 2,
        },
      ],
    },
    {
      id: 'fs20',
      name: '20点场',
      startAt: iso(8 * 60 * MINUTE_MS),
      endAt: iso(9 * 60 * MINUTE_MS),
      state: 'upcoming',
      items: [
        {
          skuId: 'towel-white',
          productId: 'p-towel',
          name: '长绒棉毛巾 两条装',
          spec: '白色',
          coverUrl: cover('TOWEL', [90, 120, 170], 3),
          priceFen: 1990,
          originalPriceFen: 3990,
          stock: 200,
          soldCount: 0,
          perUserLimit: 2,
        },
      ],
    },
  ],
};

export const FLASH_SALE_SHOTS: Shot[] = [
  { name: 'flash-sale', path: 'shop/flashSale/flashSale', answers: { 'catalog.flashSales': ok(sessions) } },
];
