/** Stored documents → the views of shared/contracts/admin.ts (ISO times, no internal fields). */
import type { AdminDocument, AdminView, ApplicationView, RulesView } from '@shared/contracts/admin';
import { RulesInput, type Rules, type RulesDocument, type RulesHistoryDocument } from '@shared/rules';
import type { DistributorStatus, UserDocument } from '@shared/users';
import type { DistributorApplicationDocument } from '@shared/contracts/distributor';

/** The application document, as the user-side `distributor` function defines and stores it. */
export type ApplicationDocument = DistributorApplicationDocument;

export function iso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return new Date(value).toISOString();
}

export function adminView(doc: AdminDocument, nickname: string | null): AdminView {
  return { openid: doc._id, addedBy: doc.addedBy, addedAt: iso(doc.addedAt) as string, note: doc.note ?? '', nickname };
}

/** The rule fields of a stored rules document (current or history), without version and author. */
export function rulesOf(doc: Rules | RulesDocument): Rules {
  const keys = Object.keys(RulesInput.shape) as Array<keyof Rules>;
  return Object.fromEntries(keys.map((key) => [key, doc[key]])) as Rules;
}

export function rulesView(doc: RulesDocument | RulesHistoryDocument): RulesView {
  return {
    rules: rulesOf(doc),
    version: doc.version,
    updatedAt: iso(doc.updatedAt) as string,
    updatedBy: doc.updatedBy,
  };
}

export function applicationView(
  doc: ApplicationDocument,
  user: Pick<UserDocument, 'nickname' | 'avatarUrl' | 'shareCode' | 'distributor'> | null,
): ApplicationView {
  return {
    id: doc._id,
    userId: doc.userId,
    status: doc.status,
    form: { realName: doc.form?.realName ?? '', phone: doc.form?.phone ?? '', reason: doc.form?.reason ?? '' },
    createdAt: iso(doc.createdAt),
    reviewedAt: iso(doc.reviewedAt),
    reviewedBy: doc.reviewedBy ?? null,
    reviewReason: doc.reviewReason ?? null,
    user: user
      ? {
          nickname: user.nickname,
          avatarUrl: user.avatarUrl,
          shareCode: user.shareCode,
          distributorStatus: user.distributor.status as DistributorStatus,
        }
      : null,
  };
}

/** Escapes a user's search text for use inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
