/** A catalog product card (shared/contracts/catalog.ts ProductCard) as product-card shows it. */
import type { ProductCard } from '@shared/contracts/catalog';
import { priceFromText } from '../../utils/price';

export interface CardView {
  id: string;
  name: string;
  /** The cover's cloud:// file id (`<image src>` takes it as is); '' without images. */
  cover: string;
  price: string;
}

export function toCardView(card: ProductCard): CardView {
  return {
    id: card.id,
    name: card.name,
    cover: card.cover ?? '',
    price: priceFromText(card.minPriceFen, card.maxPriceFen),
  };
}

export function toCardViews(cards: readonly ProductCard[]): CardView[] {
  return cards.map(toCardView);
}
