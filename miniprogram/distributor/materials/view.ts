/**
 * What 推广素材 shows of the distributor's `materials` answer: the material by kind (文案, 图片,
 * 培训文章), each marked with whether it is the product's or the shop's.
 */
import type { MaterialItem, MaterialsOutput } from '@shared/contracts/materials';
import { MATERIAL_KIND_LABELS, type MaterialKind } from '@shared/materials';

export interface MaterialCard {
  /** `<group>-<materialId>`: the same material never shows twice, but ids are unique per group only in meaning. */
  key: string;
  materialId: string;
  /** 本商品 or 通用. */
  origin: string;
  title: string;
  text: string;
  /** Links of the images that could be linked (a file deleted meanwhile is left out). */
  images: string[];
  paragraphs: string[];
  /** An article's first paragraph, for its row. */
  summary: string;
}

export interface MaterialSection {
  kind: MaterialKind;
  label: string;
  cards: MaterialCard[];
}

function cardOf(item: MaterialItem, origin: string): MaterialCard {
  return {
    key: `${origin}-${item.materialId}`,
    materialId: item.materialId,
    origin,
    title: item.title,
    text: item.text,
    images: item.images.flatMap((image) => (image.url ? [image.url] : [])),
    paragraphs: item.paragraphs,
    summary: item.paragraphs[0] ?? '',
  };
}

/** The sections that have material, in the order 文案, 图片, 培训文章; the product's before the shop's. */
export function materialSections(answer: MaterialsOutput): MaterialSection[] {
  const all = [
    ...(answer.product?.items ?? []).map((item) => ({ item, card: cardOf(item, '本商品') })),
    ...answer.shop.map((item) => ({ item, card: cardOf(item, '通用') })),
  ];
  const kinds: MaterialKind[] = ['text', 'image', 'article'];
  return kinds
    .map((kind) => ({
      kind,
      label: MATERIAL_KIND_LABELS[kind],
      cards: all.filter((entry) => entry.item.kind === kind).map((entry) => entry.card),
    }))
    .filter((section) => section.cards.length > 0);
}
