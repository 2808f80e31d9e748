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
  /**
   * The price shown: the caller's 分销专属价 when the catalog sent one (only to a distributor, and
   * only when it is their lowest), else the live 限时折扣 price when there is one (the lowest among
   * the SKUs), else the range's.
   */
  price: string;
  /** The original price of that SKU, shown struck through; '' without an exclusive price or 限时折扣. */
  originalPrice: string;
  /** The small tag on the card (分销专属价, 限时折扣); '' without one. */
  tag: string;
}

export function toCardView(card: ProductCard): CardView {
  const special = card.distributorPrice ?? card.activity;
  return {
    id: card.id,
    name: card.name,
    cover: card.coverUrl ?? card.cover ?? '',
    price: special ? formatFen(special.priceFen) : priceFromText(card.minPriceFen, card.maxPriceFen),
    originalPrice: special ? formatFen(special.originalPriceFen) : '',
    tag: card.distributorPrice ? '分销专属价' : card.activity ? '限时折扣' : '',
  };
}

export function toCardViews(cards: readonly ProductCard[]): CardView[] {
  return cards.map(toCardView);
}
