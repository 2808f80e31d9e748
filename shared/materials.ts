/**
 * The materials library (推广素材): what the merchant gives distributors to promote with.
 * A material belongs to one product or to the whole shop (productId null) and is one of three
 * kinds: a selling-point text (文案, copied with one tap), a set of images (图片, saved to the
 * phone's album) or a training article (培训文章, a title and paragraphs). Pure (no zod, no
 * SDK): the admin's contract and form and the distributor's page share the kinds, the limits
 * and the one validation below. docs/team.md section 6 describes the library.
 */

export const MATERIAL_KINDS = ['text', 'image', 'article'] as const;
export type MaterialKind = (typeof MATERIAL_KINDS)[number];

/** The kinds' names in the pages. */
export const MATERIAL_KIND_LABELS: Record<MaterialKind, string> = { text: '文案', image: '图片', article: '培训文章' };

/** How much one material holds (characters are UTF-16 code units, as `length` counts them). */
export const MATERIAL_LIMITS = {
  /** The title: a text's label, an image set's caption, an article's heading. */
  titleChars: 40,
  /** A selling-point text. */
  textChars: 1000,
  /** Images of one image material (a WeChat moments post takes nine). */
  images: 9,
  /** Paragraphs of one article, and characters of each. */
  paragraphs: 50,
  paragraphChars: 2000,
} as const;

/** Characters of a material's id: chosen by the admin's page, so a retried create is recognised. */
export const MATERIAL_ID_PATTERN = /^[A-Za-z0-9-]{1,40}$/;

/** A stored material (collection `materials`), written only by the admin function. */
export interface MaterialDocument {
  /** Chosen by the admin's page when the form opens (MATERIAL_ID_PATTERN). */
  _id: string;
  /** The product it promotes, or null for shop-wide material. */
  productId: string | null;
  kind: MaterialKind;
  /** Required for an article; optional (may be empty) for the other kinds. */
  title: string;
  /** The selling-point text of a `text` material; empty for the other kinds. */
  text: string;
  /** Cloud file ids under materialImagePath(_id, …) of an `image` material; empty for the others. */
  images: string[];
  /** The body of an `article`, one entry per paragraph; empty for the other kinds. */
  paragraphs: string[];
  /** Smaller first; equal orders keep the newest first. 0 to 1,000,000. */
  sortOrder: number;
  /** Disabled material stays in the merchant's list but distributors no longer see it. */
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** What the merchant edits: the content of a material. */
export type MaterialDraft = Pick<MaterialDocument, 'kind' | 'title' | 'text' | 'images' | 'paragraphs'>;

/** One thing wrong with a draft: the field and what to tell the merchant. */
export interface MaterialProblem {
  field: 'title' | 'text' | 'images' | 'paragraphs';
  message: string;
}

function lengthProblems(draft: MaterialDraft): MaterialProblem[] {
  const problems: MaterialProblem[] = [];
  if (draft.title.length > MATERIAL_LIMITS.titleChars)
    problems.push({ field: 'title', message: `标题最多 ${MATERIAL_LIMITS.titleChars} 个字` });
  if (draft.text.length > MATERIAL_LIMITS.textChars)
    problems.push({ field: 'text', message: `文案最多 ${MATERIAL_LIMITS.textChars} 个字` });
  if (draft.images.length > MATERIAL_LIMITS.images)
    problems.push({ field: 'images', message: `最多 ${MATERIAL_LIMITS.images} 张图片` });
  if (draft.paragraphs.length > MATERIAL_LIMITS.paragraphs)
    problems.push({ field: 'paragraphs', message: `最多 ${MATERIAL_LIMITS.paragraphs} 段` });
  if (draft.paragraphs.some((paragraph) => paragraph.length > MATERIAL_LIMITS.paragraphChars))
    problems.push({ field: 'paragraphs', message: `每段最多 ${MATERIAL_LIMITS.paragraphChars} 个字` });
  return problems;
}

/**
 * What is wrong with a draft, in the words the form shows; [] when it can be saved. Each kind
 * needs its own content and carries no other kind's, so a stored material never mixes them.
 */
export function materialProblems(draft: MaterialDraft): MaterialProblem[] {
  const problems = lengthProblems(draft);
  const { kind } = draft;
  if (kind === 'text' && draft.text.trim() === '') problems.push({ field: 'text', message: '请填写文案' });
  if (kind !== 'text' && draft.text !== '') problems.push({ field: 'text', message: '只有文案素材带文字' });
  if (kind === 'image' && draft.images.length === 0) problems.push({ field: 'images', message: '请上传图片' });
  if (kind !== 'image' && draft.images.length > 0) problems.push({ field: 'images', message: '只有图片素材带图片' });
  if (kind === 'article' && draft.title.trim() === '') problems.push({ field: 'title', message: '请填写文章标题' });
  if (kind === 'article' && draft.paragraphs.every((paragraph) => paragraph.trim() === ''))
    problems.push({ field: 'paragraphs', message: '请填写文章正文' });
  if (kind !== 'article' && draft.paragraphs.length > 0)
    problems.push({ field: 'paragraphs', message: '只有培训文章带正文' });
  return problems;
}

/** An article's body as paragraphs: one per non-empty line of what the merchant typed. */
export function paragraphsOf(body: string): string[] {
  return body
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** Where a material's image is uploaded: `materials/<materialId>/<fileName>`. */
export function materialImagePath(materialId: string, fileName: string): string {
  return `materials/${materialId}/${fileName}`;
}

/** True for a `cloud://<env>.<bucket>/materials/<materialId>/<name>` file id (the upload path above). */
export function isMaterialImageFileId(fileId: string, materialId: string): boolean {
  const prefix = /^cloud:\/\/[^/]+\//.exec(fileId)?.[0];
  if (!prefix) return false;
  const name = fileId.slice(prefix.length + materialImagePath(materialId, '').length);
  return fileId.startsWith(prefix + materialImagePath(materialId, '')) && /^[A-Za-z0-9_.-]{1,100}$/.test(name);
}
