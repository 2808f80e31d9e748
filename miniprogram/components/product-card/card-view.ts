/** A catalog product card (shared/contracts/catalog.ts ProductCard) as product-card shows it. */
import type { ProductCard } from '@shared/contracts/catalog';
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
  price: string;
}

export function toCardView(card: ProductCard): CardView {
  return {
    id: card.id,
    name: card.name,
    cover: card.coverUrl ?? card.cover ?? '',
    price: priceFromText(card.minPriceFen, card.maxPriceFen),
  };
}

export function toCardViews(cards: readonly ProductCard[]): CardView[] {
  return cards.map(toCardView);
}
