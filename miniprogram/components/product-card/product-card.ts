/**
 * One product in a list or grid (首页, 分类, 搜索): cover, name and price; during a live 限时折扣
 * the activity price, the original struck through and a 限时折扣 tag. A tap opens the
 * product page, so every list links to products the same way.
 */
import { productUrl } from '../../utils/shop-routes';
import type { CardView } from './card-view';

Component({
  options: { addGlobalClass: true },
  properties: {
    /** The card, from card-view.ts toCardView. */
    product: {
      type: Object,
      value: { id: '', name: '', cover: '', price: '', originalPrice: '', tag: '' } as CardView,
    },
    /** `small` for narrow columns (分类's product pane): a shorter cover. */
    size: { type: String, value: 'normal' },
  },
  methods: {
    onCardTap() {
      const product = this.data.product as CardView;
      if (product.id) void wx.navigateTo({ url: productUrl(product.id) });
    },
  },
});
