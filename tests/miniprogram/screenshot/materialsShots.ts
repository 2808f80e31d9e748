/**
 * The materials library's shots (render.shot.ts draws them with the others): 推广素材 for a
 * product, 素材管理 with its rows, and 推广海报 in each template. A poster is drawn on a canvas,
 * which the offline renderer cannot show, so the shot hands the page a canvas that records what
 * the page's renderer paints and puts the same drawing into the page as an SVG.
 */
import { POSTER_TEMPLATES, type PosterTemplateId } from '@shared/posterTemplates';
import { demoPicture } from '../../../scripts/demoImages';
import { canvasNode, provideCanvas } from '../canvas-node';
import { profileView } from '../fixtures';
import { ok, settle, type Rendered } from '../helpers';
import type { Shot } from './shots';

const picture = (title: string, caption: string, colour: [number, number, number], variant = 0) =>
  `data:image/png;base64,${demoPicture({ title, caption, colour, variant }).toString('base64')}`;

const LONGJING = picture('LONGJING', '250G', [76, 140, 74]);

/** A stand-in for a mini-program code: the round code's look (a disc of rays around a centre). */
const CODE = (() => {
  const rays = Array.from({ length: 36 }, (_, index) => {
    const angle = (index / 36) * Math.PI * 2;
    const inner = 30 + (index % 3) * 4;
    const outer = 44 + ((index * 7) % 5);
    const [x1, y1, x2, y2] = [inner, inner, outer, outer].map((radius, at) =>
      (50 + radius * (at % 2 === 0 ? Math.cos(angle) : Math.sin(angle))).toFixed(1),
    );
    return `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}"/>`;
  }).join('');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect width="100" height="100" fill="#fff"/>` +
    `<g stroke="#1f1f1f" stroke-width="3" stroke-linecap="round">${rays}</g>` +
    `<circle cx="50" cy="50" r="22" fill="#07c160"/><circle cx="50" cy="50" r="12" fill="#fff"/></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
})();

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** A canvas whose 2d context writes SVG elements for what is painted on it. */
function svgCanvas() {
  const parts: string[] = [];
  const context = {
    fillStyle: '',
    font: '',
    textAlign: 'left',
    scale: () => undefined,
    fillRect(x: number, y: number, width: number, height: number) {
      parts.push(`<rect x="${x}" y="${y}" width="${width}" height="${height}" fill="${context.fillStyle}"/>`);
    },
    fillText(value: string, x: number, y: number) {
      const [, weight, size] = /^(bold )?(\d+)px/.exec(context.font) ?? [];
      const anchor = { left: 'start', center: 'middle', right: 'end' }[context.textAlign] ?? 'start';
      parts.push(
        `<text x="${x}" y="${y}" font-size="${size}" font-weight="${weight ? 700 : 400}" text-anchor="${anchor}" ` +
          `fill="${context.fillStyle}">${escape(value)}</text>`,
      );
    },
    drawImage(image: { src: string }, x: number, y: number, width: number, height: number) {
      parts.push(
        `<image href="${image.src}" x="${x}" y="${y}" width="${width}" height="${height}" preserveAspectRatio="xMidYMid slice"/>`,
      );
    },
  };
  const canvas = canvasNode(context);
  const svg = () =>
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 480" width="600" height="960" ` +
    `style="display:block;font-family:'WenQuanYi Micro Hei','Noto Sans CJK SC',sans-serif">${parts.join('')}</svg>`;
  return { canvas, svg, clear: () => (parts.length = 0) };
}

/** Switches the page to `templateId` as a tap does, then shows the recorded drawing in the page. */
async function showDrawing(page: Rendered, recording: ReturnType<typeof svgCanvas>, templateId: PosterTemplateId) {
  if (page.data.templateId !== templateId) {
    recording.clear();
    page.querySelector(`.template-${templateId}`)!.dispatchEvent('tap');
    await settle(20);
  }
  const node = page.querySelector('.poster-canvas')?.dom as unknown as HTMLElement;
  node.setAttribute('style', 'width: 600px; height: 960px;');
  node.innerHTML = recording.svg();
}

const POSTER_CODE = {
  fileID: 'cloud://env/posters/o1/product-p1.png',
  tempFileURL: CODE,
  scene: 'r=ABCD2345&p=p1',
  page: 'product',
};

function posterShot(templateId: PosterTemplateId): Shot {
  const recording = svgCanvas();
  return {
    name: `poster-${templateId}`,
    path: 'distributor/poster/poster',
    answers: { poster: ok(POSTER_CODE), 'profile.get': ok(profileView({ nickname: '阿明' })) },
    query: {
      productId: 'p1',
      name: encodeURIComponent('明前西湖龙井 250g'),
      image: encodeURIComponent(LONGJING),
      price: encodeURIComponent('¥128.00'),
    },
    before: () => {
      recording.clear();
      provideCanvas(recording.canvas);
    },
    act: (page) => showDrawing(page, recording, templateId),
  };
}

const item = (materialId: string, kind: 'text' | 'image' | 'article', fields: object) => ({
  materialId,
  kind,
  title: '',
  text: '',
  images: [],
  paragraphs: [],
  ...fields,
});

const MATERIALS = {
  product: {
    productId: 'p1',
    name: '明前西湖龙井 250g',
    items: [
      item('m1', 'text', {
        title: '卖点：明前头采',
        text: '清明前手工采摘，一芽一叶，豆香浓郁、鲜爽回甘。今年新茶，限量 500 罐，分享给懂茶的朋友。',
      }),
      item('m2', 'image', {
        title: '产品实拍',
        images: [0, 1, 2].map((variant) => ({
          fileId: `cloud://env/materials/m2/${variant}.png`,
          url: picture('LONGJING', '250G', [76, 140, 74], variant),
        })),
      }),
    ],
  },
  shop: [
    item('m3', 'text', { title: '通用开场白', text: '好茶好物都在这里，扫码逛逛，新人下单有礼。' }),
    item('m4', 'article', {
      title: '新手推广指南：三步开始赚佣金',
      paragraphs: ['第一步：在商品页点「去分享」，把商品发给好友或群。', '第二步：生成专属海报，发到朋友圈。'],
    }),
  ],
};

const now = '2026-03-14T02:00:00.000Z';
const view = (materialId: string, kind: 'text' | 'image' | 'article', fields: object) => ({
  materialId,
  productId: null,
  productName: null,
  kind,
  title: '',
  text: '',
  images: [],
  paragraphs: [],
  sortOrder: 0,
  enabled: true,
  createdAt: now,
  updatedAt: now,
  ...fields,
});

const LIBRARY = {
  items: [
    view('m1', 'text', {
      productId: 'p1',
      productName: '明前西湖龙井 250g',
      title: '卖点：明前头采',
      text: '清明前手工采摘，一芽一叶，豆香浓郁、鲜爽回甘。今年新茶，限量 500 罐。',
    }),
    view('m2', 'image', {
      productId: 'p1',
      productName: '明前西湖龙井 250g',
      title: '产品实拍',
      images: MATERIALS.product.items[1]!.images,
      sortOrder: 1,
    }),
    view('m4', 'article', {
      title: '新手推广指南：三步开始赚佣金',
      paragraphs: ['第一步：在商品页点「去分享」，把商品发给好友或群。'],
      sortOrder: 2,
    }),
    view('m5', 'text', {
      title: '春节停发通知',
      text: '春节期间 2 月 8 日至 2 月 17 日暂停发货。',
      sortOrder: 9,
      enabled: false,
    }),
  ],
  nextOffset: null,
};

export const MATERIALS_SHOTS: Shot[] = [
  {
    name: 'materials',
    path: 'distributor/materials/materials',
    answers: { 'distributor.materials': ok(MATERIALS) },
    query: { productId: 'p1' },
  },
  {
    name: 'admin-materials',
    path: 'admin/materials/materials',
    answers: { 'admin.listMaterials': ok(LIBRARY) },
    act: async (page) => {
      (page.instance as unknown as { onShow(): void }).onShow();
      await settle(20);
    },
  },
  ...POSTER_TEMPLATES.map((template) => posterShot(template.id)),
];
