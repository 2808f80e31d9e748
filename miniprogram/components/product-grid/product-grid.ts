/** Products two by two (首页 sections, 搜索 results): a product-card each. */
import type { CardView } from '../product-card/card-view';

Component({
  options: { addGlobalClass: true },
  properties: {
    /** The cards, from card-view.ts toCardViews. */
    products: { type: Array, value: [] as CardView[] },
  },
});
