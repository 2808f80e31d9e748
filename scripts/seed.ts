/**
 * The demo store `npm start` seeds into an empty emulator: a few categories and products with
 * SKUs, so the mini-program has something to show in local mode. Prices are integer fen.
 * seedDemoStore also stores each product's pictures (drawn by demoImages.ts) in the emulator's
 * cloud storage under the product's folder, and a live 限时折扣 and a 满减 over the tea (windows
 * from the seed time, 30 days long), so the catalog's activity prices show in local mode.
 * DEMO_STORE alone (for tests and benchmarks) has neither images nor activities.
 */
import type { Emulator } from '../emulator/src/emulator';
import type { StorageModule } from '../emulator/src/storage';
import { fileIdOf } from '../emulator/src/storage/naming';
import { demoPicture, type DemoPicture } from './demoImages';

type SeedDoc = Record<string, unknown> & { _id: string };

const categories: SeedDoc[] = [
  { _id: 'cat-tea', name: '茶叶', sortOrder: 1 },
  { _id: 'cat-snacks', name: '零食', sortOrder: 2 },
  { _id: 'cat-home', name: '家居', sortOrder: 3 },
];

type SkuSeed = [skuId: string, spec: string, priceFen: number, stock: number];

const NOW = new Date('2026-01-01T00:00:00+08:00');

function product(
  id: string,
  categoryId: string,
  name: string,
  sortOrder: number,
  skus: SkuSeed[],
): { product: SeedDoc; skus: SeedDoc[] } {
  const prices = skus.map(([, , priceFen]) => priceFen);
  return {
    product: {
      _id: id,
      slug: id,
      categoryId,
      name,
      description: '',
      images: [],
      onSale: true,
      sortOrder,
      minPriceFen: Math.min(...prices),
      maxPriceFen: Math.max(...prices),
      commission: { mode: 'default' },
      createdAt: NOW,
      updatedAt: NOW,
    },
    skus: skus.map(([skuId, spec, priceFen, stock]) => ({
      _id: skuId,
      productId: id,
      spec,
      priceFen,
      stock,
      onSale: true,
      commission: null,
      reservedBy: [],
      returnedBy: [],
      updatedAt: NOW,
    })),
  };
}

const catalog = [
  product('p-longjing', 'cat-tea', '明前龙井 250g', 1, [['p-longjing-250', '250g 罐装', 12800, 50]]),
  product('p-puer', 'cat-tea', '云南普洱茶饼', 2, [
    ['p-puer-357', '357g 饼', 19900, 30],
    ['p-puer-100', '100g 小饼', 6900, 80],
  ]),
  product('p-nuts', 'cat-snacks', '每日坚果 30 袋', 1, [['p-nuts-30', '30 袋装', 8990, 200]]),
  product('p-towel', 'cat-home', '纯棉毛巾两条装', 1, [
    ['p-towel-white', '白色', 3990, 100],
    ['p-towel-grey', '灰色', 3990, 100],
  ]),
];

/** Each product's pictures: its label, its colour, and how many gallery and detail images. */
const PICTURES: Record<
  string,
  { title: string; caption: string; colour: DemoPicture['colour']; gallery: number; detail: number }
> = {
  'p-longjing': { title: 'LONGJING', caption: '250G', colour: [76, 140, 74], gallery: 3, detail: 2 },
  'p-puer': { title: 'PUER', caption: '357G', colour: [140, 82, 50], gallery: 2, detail: 1 },
  'p-nuts': { title: 'NUTS', caption: '30 BAGS', colour: [214, 150, 60], gallery: 2, detail: 1 },
  'p-towel': { title: 'TOWEL', caption: 'COTTON', colour: [70, 130, 190], gallery: 2, detail: 1 },
};

const DAY_MS = 24 * 3600 * 1000;

/** The demo activities, from an hour before the seed time to 30 days after it. */
function demoActivities(seededAt: number): SeedDoc[] {
  const window = {
    startAt: new Date(seededAt - 3600 * 1000),
    endAt: new Date(seededAt + 30 * DAY_MS),
    status: 'active',
    commission: true,
    createdAt: new Date(seededAt),
    updatedAt: new Date(seededAt),
  };
  return [
    {
      _id: 'demo-timed-discount',
      name: '新春限时折扣',
      kind: 'timedDiscount',
      skus: [
        { skuId: 'p-longjing-250', productId: 'p-longjing', priceFen: 9900 },
        { skuId: 'p-puer-100', productId: 'p-puer', priceFen: 5900 },
      ],
      ...window,
    },
    {
      _id: 'demo-full-reduction',
      name: '茶叶满减',
      kind: 'fullReduction',
      scope: { kind: 'categories', categoryIds: ['cat-tea'] },
      tiers: [
        { thresholdFen: 19900, offFen: 2000 },
        { thresholdFen: 29900, offFen: 4000 },
      ],
      ...window,
    },
  ];
}

/** The demo store with its pictures and activities: the documents go to the database, the files to cloud storage. */
export function seedDemoStore(emulator: Emulator): void {
  const storage = emulator.moduleList.find((module) => module.name === 'storage') as StorageModule | undefined;
  const now = emulator.options.clock.now();
  const products = DEMO_STORE.products!.map((product) => {
    const picture = PICTURES[product._id];
    if (!picture || !storage) return product;
    const store = (name: string, variant: number): string => {
      const cloudPath = `products/${product._id}/${name}.png`;
      storage.files.put(cloudPath, demoPicture({ ...picture, variant }), now);
      return fileIdOf(emulator.options.envName, cloudPath);
    };
    const images = Array.from({ length: picture.gallery }, (_, index) => store(`demo-${index + 1}`, index));
    const detailImages = Array.from({ length: picture.detail }, (_, index) => store(`detail-${index + 1}`, index + 5));
    return { ...product, images, detailImages };
  });
  const activities = demoActivities(now);
  for (const [collection, docs] of Object.entries({ ...DEMO_STORE, products, activities }))
    emulator.insert(collection, docs);
}

export const DEMO_STORE: Record<string, SeedDoc[]> = {
  categories,
  products: catalog.map((entry) => entry.product),
  skus: catalog.flatMap((entry) => entry.skus),
};
