/** A catalog product card (shared/contracts/catalog.ts ProductCard) as product-card shows it. */
import type { ProductCard } from '@shared/contracts/catalog';
import { formatFen } from '@shared/money';
import { priceFromText } from '../../utils/price';

export interface CardView {
  id: string;
  name: string;
  /**
   * The cover for `<image src>`: its temporary link when the catalog sent one (it loads
   * everywhere, the emulator's storage in local mode included), else its cloud:// file id; ''
   * without images.
   */
  cover: string;
  /** The price shown: the live 限时折扣 price when there is one (the lowest among the SKUs), else the range's. */
  price: string;
  /** The original price of that SKU, shown struck through; '' without a live 限时折扣. */
  originalPrice: string;
  /** The small tag on the card (限时折扣); '' without one. */
  tag: string;
}

export function toCardView(card: ProductCard): CardView {
  return {
    id: card.id,
    name: card.name,
    cover: card.coverUrl ?? card.cover ?? '',
    price: card.activity ? formatFen(card.activity.priceFen) : priceFromText(card.minPriceFen, card.maxPriceFen),
    originalPrice: card.activity ? formatFen(card.activity.originalPriceFen) : '',
    tag: card.activity ? '限时折扣' : '',
  };
}

export function toCardViews(cards: readonly ProductCard[]): CardView[] {
  return cards.map(toCardView);
}
