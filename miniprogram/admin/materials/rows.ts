/** A row of 素材管理: what the merchant sees of a material at a glance. */
import type { MaterialView } from '@shared/contracts/adminMaterials';
import { MATERIAL_KIND_LABELS } from '@shared/materials';

export interface MaterialRow {
  id: string;
  kind: MaterialView['kind'];
  kindLabel: string;
  /** 通用, or the product's name (its id when the product was deleted). */
  scope: string;
  title: string;
  /** The text, the image count or the article's first paragraph. */
  preview: string;
  /** Up to three thumbnails of an image material. */
  thumbs: string[];
  sortOrder: number;
  enabled: boolean;
  statusLabel: string;
}

function previewOf(material: MaterialView): string {
  if (material.kind === 'image') return `${material.images.length} 张图片`;
  return material.kind === 'text' ? material.text : (material.paragraphs[0] ?? '');
}

export function materialRow(material: MaterialView): MaterialRow {
  return {
    id: material.materialId,
    kind: material.kind,
    kindLabel: MATERIAL_KIND_LABELS[material.kind],
    scope: material.productId === null ? '通用' : (material.productName ?? material.productId),
    title: material.title || MATERIAL_KIND_LABELS[material.kind],
    preview: previewOf(material),
    thumbs: material.images.slice(0, 3).flatMap((image) => (image.url ? [image.url] : [])),
    sortOrder: material.sortOrder,
    enabled: material.enabled,
    statusLabel: material.enabled ? '推广员可见' : '已停用',
  };
}
