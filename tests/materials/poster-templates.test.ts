/**
 * The poster templates' geometry (shared/posterTemplates.ts): every element of every template
 * fits the canvas, each template shows the product, its price, the nickname and exactly one
 * mini-program code, and the code is large enough to scan, square, on white and clear of every
 * text and of the product image.
 */
import {
  elementBox,
  MIN_CODE_SIZE,
  POSTER_HEIGHT,
  POSTER_TEMPLATES,
  POSTER_WIDTH,
  posterTemplate,
  type PosterElement,
  type PosterTemplate,
} from '@shared/posterTemplates';

type Box = ReturnType<typeof elementBox>;
const overlaps = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const contains = (outer: Box, inner: Box): boolean =>
  outer.x <= inner.x &&
  outer.y <= inner.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;

const CANVAS: Box = { x: 0, y: 0, width: POSTER_WIDTH, height: POSTER_HEIGHT };
const codeOf = (template: PosterTemplate) =>
  template.elements.filter((element) => element.type === 'image' && element.source === 'code');

describe('poster templates', () => {
  it('offers at least three templates with distinct ids and names', () => {
    expect(POSTER_TEMPLATES.length).toBeGreaterThanOrEqual(3);
    expect(new Set(POSTER_TEMPLATES.map((template) => template.id)).size).toBe(POSTER_TEMPLATES.length);
    expect(POSTER_TEMPLATES.map((template) => template.name)).toEqual(['简约', '大图', '卡片']);
    expect(posterTemplate('card').id).toBe('card');
    expect(posterTemplate('gone').id).toBe(POSTER_TEMPLATES[0]?.id);
  });

  describe.each(POSTER_TEMPLATES.map((template) => [template.id, template] as const))('%s', (_id, template) => {
    it('keeps every element inside the canvas, with positive sizes', () => {
      for (const element of template.elements) {
        const box = elementBox(element);
        expect({ element, inside: contains(CANVAS, box) }).toEqual({ element, inside: true });
        expect(box.width).toBeGreaterThan(0);
        expect(box.height).toBeGreaterThan(0);
      }
    });

    it('shows the product, the price, the nickname, the scan hint and exactly one code', () => {
      const fields = template.elements.flatMap((element) => (element.type === 'text' ? [element.field] : []));
      expect(fields).toEqual(expect.arrayContaining(['productName', 'price', 'nickname', 'scanHint']));
      const sources = template.elements.flatMap((element) => (element.type === 'image' ? [element.source] : []));
      expect(sources.sort()).toEqual(['code', 'product']);
    });

    it('places the code square, large enough, on white and clear of every text and the product', () => {
      const [code] = codeOf(template) as [PosterElement];
      const box = elementBox(code);
      expect(box.width).toBe(box.height);
      expect(box.width).toBeGreaterThanOrEqual(MIN_CODE_SIZE);
      const index = template.elements.indexOf(code);
      const beneath = template.elements
        .slice(0, index)
        .filter((element) => element.type === 'rect' && contains(elementBox(element), box));
      expect(beneath.at(-1)).toMatchObject({ color: '#ffffff' });
      for (const other of template.elements) {
        if (other === code || other.type === 'rect') continue;
        expect({ other, overlaps: overlaps(box, elementBox(other)) }).toEqual({ other, overlaps: false });
      }
    });
  });
});
