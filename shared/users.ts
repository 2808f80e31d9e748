/**
 * Users and distributors (docs/rules.md section 2). A user document is keyed by OPENID, so every
 * function finds its caller in one read and creation is idempotent.
 */
import type { Rules } from './rules';

/**
 * Distributor status as stored. Under the `everyone` recruitment mode a user with status `none`
 * is a distributor too (see `isDistributor`), so switching modes needs no migration.
 */
export type DistributorStatus = 'none' | 'pending' | 'approved' | 'rejected' | 'disabled' | 'exited';

export interface UserDocument {
  /** The user's OPENID in this mini-program. */
  _id: string;
  /** Short code carried by share links, QR scenes and posters (see shareCode.ts). */
  shareCode: string;
  nickname: string;
  avatarUrl: string;
  createdAt: Date;
  /** The referrer (上级): OPENID of the distributor this user is bound to, or null. */
  referrerId: string | null;
  /** [referrer, referrer's referrer, ...], at most 3, kept consistent with referrerId. */
  ancestors: string[];
  boundAt: Date | null;
  /** Increases by one with every change of the binding: the compare-and-set guard of bindReferrer. */
  bindingVersion: number;
  /** For `days:N` bindings, when this binding lapses; null when it never does. */
  bindingExpiresAt: Date | null;
  /** True once the user paid an order (newCustomersOnly binding scope). */
  hasPaidOrder: boolean;
  /**
   * Running totals maintained by the order and ledger flows, all in fen; they feed grade
   * upgrades, team pages and rankings.
   */
  stats: {
    /** What this user paid for orders (net of refunds). */
    paidSpendFen: number;
    /** Paid sales of the user's team, levels 1-3 (net of refunds). */
    teamPaidSalesFen: number;
    /** Commission released to this user so far. */
    releasedCommissionFen: number;
    /**
     * The user's orders settled so far (added by settlement; absent on users who settled none
     * since it existed). With paidGoodsFen it gives the refund rate of risk holds.
     */
    paidOrderCount?: number;
    /** Goods paid on those orders before any refund, fen (paidSpendFen is what is left after refunds). */
    paidGoodsFen?: number;
  };
  /**
   * Where the current binding came from, recorded by bindReferrer while risk is on and the client
   * IP is known (docs/rules.md section 9): the IP and the bind counter of code + IP + hour.
   */
  bindSource?: { ip: string; counterId: string; hour: string } | null;
  distributor: {
    status: DistributorStatus;
    /** Current grade id; null means the rules' default grade. */
    gradeId: string | null;
    /** Set when an admin chose the grade by hand: automatic upgrades leave it alone. */
    gradeSetByAdmin: boolean;
    /** When the user became a distributor (approved or appointed), if ever. */
    since: Date | null;
    /** When they last exited or were removed (docs/team.md section 4); absent if never. */
    exitedAt?: Date | null;
    /** How many times they exited; their exit records are `exit:<id>:1..exitCount`. Absent: 0. */
    exitCount?: number;
  };
}

/** True when the user may earn commission now. */
export function isDistributor(user: Pick<UserDocument, 'distributor'>, rules: Pick<Rules, 'recruitment'>): boolean {
  const { status } = user.distributor;
  if (status === 'approved') return true;
  return rules.recruitment === 'everyone' && status === 'none';
}

/** A new user document, before any binding. */
export function newUser(openid: string, shareCode: string, now: Date): UserDocument {
  return {
    _id: openid,
    shareCode,
    nickname: '',
    avatarUrl: '',
    createdAt: now,
    referrerId: null,
    ancestors: [],
    boundAt: null,
    bindingVersion: 0,
    bindingExpiresAt: null,
    hasPaidOrder: false,
    stats: { paidSpendFen: 0, teamPaidSalesFen: 0, releasedCommissionFen: 0 },
    distributor: { status: 'none', gradeId: null, gradeSetByAdmin: false, since: null },
  };
}
