/**
 * The distribution rules: one versioned document the merchant edits (docs/rules.md section 3).
 * Every order stores the version it was priced and attributed with, so a later change never
 * alters an existing order. The schema is the single definition of what a valid rule set is;
 * the admin form shows its limits and the admin function refuses anything else.
 */
import { z } from 'zod';
import { InviteRewardRules } from './inviteReward';
import { ExitRules } from './exit';

/** Chinese rules on multi-level marketing: commission may be paid on at most three levels. */
export const MAX_LEVELS = 3;

const fen = z.number().int().min(0).max(10_000_000_000);
const rateBp = z.number().int().min(0).max(10_000);

export const GradeUpgrade = z
  .object({
    /** Direct invitees (level-1 team members) at least this many. */
    directInvitees: z.number().int().min(1).max(1_000_000).optional(),
    /** The distributor's own paid spend, in fen. */
    ownPaidSpendFen: fen.optional(),
    /** Paid sales of the whole team (levels 1-3), in fen. */
    teamPaidSalesFen: fen.optional(),
    /** Commission released to the distributor so far, in fen. */
    releasedCommissionFen: fen.optional(),
  })
  .strict();
export type GradeUpgrade = z.infer<typeof GradeUpgrade>;

export const Grade = z
  .object({
    id: z.string().regex(/^[a-z0-9_-]{1,32}$/, 'grade id: 1-32 lowercase letters, digits, _ or -'),
    name: z.string().trim().min(1).max(20),
    /** Order of grades: a higher rank is a better grade; upgrades only go up. */
    rank: z.number().int().min(0).max(100),
    /** Commission rate per level in basis points: [level 1, level 2, level 3]. */
    ratesBp: z.array(rateBp).min(1).max(MAX_LEVELS),
    /** Reaching ANY of these upgrades a distributor to this grade automatically; none = manual only. */
    upgradeWhen: GradeUpgrade.default({}),
  })
  .strict();
export type Grade = z.infer<typeof Grade>;

export const BindingDuration = z.discriminatedUnion('kind', [
  /** First click wins for good. */
  z.object({ kind: z.literal('permanent') }),
  /** The binding lapses N days after it was made; a later share may then rebind. */
  z.object({ kind: z.literal('days'), days: z.number().int().min(1).max(3650) }),
  /** Every valid share rebinds (last click wins). */
  z.object({ kind: z.literal('lastClick') }),
]);
export type BindingDuration = z.infer<typeof BindingDuration>;

export const WithdrawRules = z
  .object({
    minAmountFen: fen.default(100),
    maxAmountFen: fen.default(2_000_000),
    /** Fee charged on each withdrawal, floor(amount * feeBp / 10000). */
    feeBp: rateBp.default(0),
    /**
     * The fee of a withdrawal to the balance (channel `balance`, docs/wallet.md section 3) instead
     * of feeBp, floor(amount * balanceFeeBp / 10000). Absent means 0: money that stays in the shop.
     */
    balanceFeeBp: rateBp.optional(),
    maxPerDay: z.number().int().min(1).max(100).default(3),
    review: z
      .discriminatedUnion('mode', [
        z.object({ mode: z.literal('manual') }),
        z.object({ mode: z.literal('autoBelow'), amountFen: fen }),
      ])
      .default({ mode: 'manual' }),
    channels: z
      .array(z.enum(['wechatTransfer', 'manual', 'balance']))
      .min(1)
      .default(['wechatTransfer']),
  })
  .strict()
  .refine((withdraw) => withdraw.minAmountFen <= withdraw.maxAmountFen, 'minAmountFen must not exceed maxAmountFen');

/** One top-up amount the 余额 page offers as a chip, with the bonus it gives (充 500 送 50). */
export const TopUpTier = z
  .object({
    /** What the shopper pays, fen. */
    amountFen: fen.min(1).max(10_000_000),
    /** What the balance gets on top, fen; below the amount (0 for none). */
    bonusFen: fen.max(10_000_000),
  })
  .strict()
  .refine((tier) => tier.bonusFen < tier.amountFen, {
    message: 'the bonus must be below the amount',
    path: ['bonusFen'],
  });
export type TopUpTier = z.infer<typeof TopUpTier>;

/**
 * The balance (余额, docs/wallet.md section 1): whether shoppers may top up, the amounts offered
 * (at most 8, distinct, each with its bonus) and whether another amount may be typed, between
 * `minFen` and `maxFen` (a typed amount gets no bonus). Off by default.
 */
export const BalanceRules = z
  .object({
    topUpEnabled: z.boolean(),
    topUpTiers: z.array(TopUpTier).max(8),
    customTopUp: z
      .object({ allowed: z.boolean(), minFen: fen.min(1).max(10_000_000), maxFen: fen.min(1).max(10_000_000) })
      .strict()
      .refine((custom) => custom.minFen <= custom.maxFen, {
        message: 'minFen must not exceed maxFen',
        path: ['maxFen'],
      }),
  })
  .strict()
  .superRefine((balance, context) => {
    const seen = new Set<number>();
    balance.topUpTiers.forEach((tier, index) => {
      if (seen.has(tier.amountFen))
        context.addIssue({ code: 'custom', path: ['topUpTiers', index, 'amountFen'], message: 'amounts must differ' });
      seen.add(tier.amountFen);
    });
    if (balance.topUpEnabled && balance.topUpTiers.length === 0 && !balance.customTopUp.allowed)
      context.addIssue({ code: 'custom', path: ['topUpTiers'], message: 'top-up needs an amount or a custom amount' });
  });
export type BalanceRules = z.infer<typeof BalanceRules>;

/** A template keyword as the platform names it: its type and a number, e.g. `amount1`, `thing4`. */
const TemplateKeyword = z
  .string()
  .regex(
    /^(thing|amount|time|date|phrase|character_string|number|letter|symbol|name|phone_number|car_number)\d{1,2}$/,
    'a template keyword such as amount1 or thing3',
  );

/**
 * A subscribe-message template the merchant chose in the mini-program admin (订阅消息), and
 * which of its keywords carries each of our values. The platform lets merchants pick templates
 * from a public library, so keyword names differ per shop and must be configured.
 */
export const SubscribeTemplate = z
  .object({
    templateId: z.string().min(1).max(128),
    keywords: z.object({ amount: TemplateKeyword, time: TemplateKeyword, note: TemplateKeyword }).strict(),
  })
  .strict();
export type SubscribeTemplate = z.infer<typeof SubscribeTemplate>;

/**
 * Subscribe messages; null turns a message off. `commission` and `withdrawal` go to distributors;
 * `alert` goes to the admins when the watch raises an alert (docs/alerts.md): its amount keyword
 * carries the money concerned, its time keyword when the alert was raised, its note the alert's
 * title. Absent (rules saved before it existed) is off, as null is.
 */
export const NotificationRules = z
  .object({
    commission: SubscribeTemplate.nullable(),
    withdrawal: SubscribeTemplate.nullable(),
    alert: SubscribeTemplate.nullable().optional(),
  })
  .strict();

/**
 * Points (积分, docs/wallet.md section 4). Absent (rules saved before points existed) reads as
 * DEFAULT_POINTS_RULES: off, so nothing earns or spends points until the merchant turns them on.
 */
export const PointsRules = z
  .object({
    enabled: z.boolean(),
    /** Points per whole yuan actually paid for goods (floor of the yuan); 0 earns none. */
    earnPerYuan: z.number().int().min(0).max(1000),
    /** Points that make one yuan when spending at checkout (100: 100 points = ¥1). */
    pointsPerYuan: z.number().int().min(1).max(100_000),
    /** The largest share of the goods, after every other discount, points may take (basis points). */
    maxDeductBp: rateBp,
    /** Points available since month M expire at the end of month M + validityMonths (China time); 0: never. */
    validityMonths: z.number().int().min(0).max(120),
  })
  .strict();
export type PointsRules = z.infer<typeof PointsRules>;

export const DEFAULT_POINTS_RULES: PointsRules = {
  enabled: false,
  earnPerYuan: 1,
  pointsPerYuan: 100,
  maxDeductBp: 5000,
  validityMonths: 12,
};

/** The points section of `rules`, the defaults (off) when the rules predate it. */
export function pointsRulesOf(rules: Pick<Rules, 'points'>): PointsRules {
  return rules.points ?? DEFAULT_POINTS_RULES;
}

/** One tier of the team bonus: from this month's team sales on, a rate of them or a fixed amount. */
export const TeamBonusTier = z
  .object({
    /** Team sales of the month (fen) from which the tier applies. */
    minTeamSalesFen: fen.min(1),
    bonus: z.discriminatedUnion('kind', [
      /** The bonus is floor(team sales × rateBp ÷ 10000), fen. */
      z.object({ kind: z.literal('rate'), rateBp: rateBp.min(1) }).strict(),
      /** The bonus is this many fen. */
      z.object({ kind: z.literal('fixed'), amountFen: fen.min(1).max(100_000_000) }).strict(),
    ]),
  })
  .strict();
export type TeamBonusTier = z.infer<typeof TeamBonusTier>;

/**
 * The team bonus (团队奖励, docs/team.md section 1): each month, a distributor whose team sales
 * reach a tier earns that tier's bonus, cut to the monthly cap, frozen for frozenDays. Absent
 * (rules saved before it existed) reads as DEFAULT_TEAM_BONUS_RULES: off.
 */
export const TeamBonusRules = z
  .object({
    enabled: z.boolean(),
    /** At most 10, by ascending minTeamSalesFen, no two alike; the highest tier reached applies. */
    tiers: z.array(TeamBonusTier).max(10),
    /** The most one distributor's bonus of one month may be, fen. */
    monthlyCapFen: fen.min(1).max(100_000_000),
    /** Days a granted bonus stays frozen before the release timer makes it available (0: the next run). */
    frozenDays: z.number().int().min(0).max(90),
  })
  .strict()
  .superRefine((bonus, context) => {
    bonus.tiers.forEach((tier, index) => {
      const previous = bonus.tiers[index - 1];
      if (previous && tier.minTeamSalesFen <= previous.minTeamSalesFen)
        context.addIssue({
          code: 'custom',
          path: ['tiers', index, 'minTeamSalesFen'],
          message: 'tiers must go up: each above the one before',
        });
    });
    if (bonus.enabled && bonus.tiers.length === 0)
      context.addIssue({ code: 'custom', path: ['tiers'], message: 'the team bonus needs at least one tier' });
  });
export type TeamBonusRules = z.infer<typeof TeamBonusRules>;

export const DEFAULT_TEAM_BONUS_RULES: TeamBonusRules = {
  enabled: false,
  tiers: [],
  monthlyCapFen: 100_000,
  frozenDays: 0,
};

/** The team bonus section of `rules`, the defaults (off) when the rules predate it. */
export function teamBonusRulesOf(rules: Pick<Rules, 'teamBonus'>): TeamBonusRules {
  return rules.teamBonus ?? DEFAULT_TEAM_BONUS_RULES;
}
/**
 * Risk holds (风险冻结, docs/rules.md section 9): which signals put a commission on hold at
 * settlement, their thresholds, and the binding rate limit per client IP. Absent (rules saved
 * before it existed) reads as DEFAULT_RISK_RULES (shared/risk.ts): off, nothing is held or limited.
 */
export const RiskRules = z
  .object({
    /** The master switch: off, settlement computes no signal and bindReferrer counts and limits nothing. */
    enabled: z.boolean(),
    /** One switch per signal (shared/risk.ts RISK_SIGNALS). */
    signals: z
      .object({
        sharedPhone: z.boolean(),
        sharedAddress: z.boolean(),
        sharedIp: z.boolean(),
        bindBurst: z.boolean(),
        refundRate: z.boolean(),
        selfPurchaseLoop: z.boolean(),
      })
      .strict(),
    /** bindBurst: binds to one share code from one client IP within one hour at which the signal fires. */
    bindBurstPerHour: z.number().int().min(2).max(10_000),
    /** refundRate: the buyer's refunded ÷ paid goods at or above this share fires the signal (basis points). */
    refundRateBp: rateBp.min(1),
    /** refundRate: only a buyer with at least this many settled orders is judged. */
    refundMinOrders: z.number().int().min(1).max(10_000),
    /** Binds from one client IP per hour at most (any code); 0: no limit. Over it bindReferrer answers RATE_LIMITED. */
    bindsPerIpPerHour: z.number().int().min(0).max(100_000),
  })
  .strict();
export type RiskRules = z.infer<typeof RiskRules>;

export const RulesInput = z
  .object({
    levels: z
      .number()
      .int()
      .min(1)
      .max(MAX_LEVELS, `at most ${MAX_LEVELS} commission levels are allowed (Chinese rules forbid more)`),
    recruitment: z.enum(['everyone', 'apply', 'designated']),
    binding: z.object({ scope: z.enum(['all', 'newCustomersOnly']), duration: BindingDuration }).strict(),
    grades: z.array(Grade).min(1).max(10),
    /** The grade new distributors start at. */
    defaultGradeId: z.string(),
    /** The buyer, when an approved distributor, takes level 1 of their own order. */
    selfPurchase: z.boolean(),
    /** The sum of all levels' commission on one order line never exceeds this share of its base. */
    capBp: rateBp,
    returnWindowDays: z.number().int().min(0).max(90).default(7),
    autoConfirmDays: z.number().int().min(1).max(30).default(10),
    unpaidTimeoutMinutes: z.number().int().min(5).max(1440).default(30),
    /** Shipping fee: flat, free when the goods after discounts reach freeFromFen (null: never free). */
    shipping: z
      .object({ flatFeeFen: fen.max(100_000), freeFromFen: fen.nullable() })
      .strict()
      .default({ flatFeeFen: 0, freeFromFen: null }),
    /** Whether a payment that arrives for a closed order revives it (when stock allows) instead of being refunded. */
    revivePaidClosedOrders: z.boolean().default(false),
    withdraw: WithdrawRules.default({
      minAmountFen: 100,
      maxAmountFen: 2_000_000,
      feeBp: 0,
      maxPerDay: 3,
      review: { mode: 'manual' },
      channels: ['wechatTransfer'],
    }),
    notifications: NotificationRules.default({ commission: null, withdrawal: null }),
    points: PointsRules.optional(),
    /** The invite reward (拉新奖励, shared/inviteReward.ts); absent reads as off. */
    inviteReward: InviteRewardRules.optional(),
    /** The team bonus (团队奖励); absent (rules saved before it existed) is off. */
    teamBonus: TeamBonusRules.optional(),
    /** Exit (docs/team.md section 4); absent reads as DEFAULT_EXIT_RULES: keep releasing, rejoin allowed. */
    exit: ExitRules.optional(),
    /** Risk holds and the binding rate limit; absent is off (shared/risk.ts riskRulesOf). */
    risk: RiskRules.optional(),
    /** The balance and its top-ups; absent (rules saved before it existed) is off. */
    balance: BalanceRules.default({
      topUpEnabled: false,
      topUpTiers: [],
      customTopUp: { allowed: false, minFen: 100, maxFen: 500_000 },
    }),
  })
  .strict()
  .superRefine((rules, context) => {
    const ids = new Set<string>();
    rules.grades.forEach((grade, index) => {
      if (ids.has(grade.id))
        context.addIssue({ code: 'custom', path: ['grades', index, 'id'], message: `duplicate grade id ${grade.id}` });
      ids.add(grade.id);
      if (grade.ratesBp.length !== rules.levels) {
        context.addIssue({
          code: 'custom',
          path: ['grades', index, 'ratesBp'],
          message: `give exactly ${rules.levels} rate(s), one per level`,
        });
      }
    });
    if (!ids.has(rules.defaultGradeId))
      context.addIssue({
        code: 'custom',
        path: ['defaultGradeId'],
        message: 'defaultGradeId must be one of the grades',
      });
  });
export type Rules = z.infer<typeof RulesInput>;

/** The stored document: the rules plus their version, the only thing orders reference. */
export interface RulesDocument extends Rules {
  _id: 'current';
  /** Increases by one on every change, starting at 1. */
  version: number;
  updatedAt: Date;
  /** OPENID of the admin who made this version, or 'system' for the defaults. */
  updatedBy: string;
}

/** A saved version of the rules (collection `rulesHistory`), never changed: `_id` is `v<version>`. */
export interface RulesHistoryDocument extends Omit<RulesDocument, '_id'> {
  _id: string;
}

/** What a new shop starts with: apply-and-review, two levels, permanent first-click binding. */
export const DEFAULT_RULES: Rules = RulesInput.parse({
  levels: 2,
  recruitment: 'apply',
  binding: { scope: 'all', duration: { kind: 'permanent' } },
  grades: [
    { id: 'standard', name: '普通分销员', rank: 0, ratesBp: [1000, 500] },
    {
      id: 'silver',
      name: '银牌分销员',
      rank: 1,
      ratesBp: [1200, 600],
      upgradeWhen: { directInvitees: 20, teamPaidSalesFen: 1_000_000 },
    },
    {
      id: 'gold',
      name: '金牌分销员',
      rank: 2,
      ratesBp: [1500, 800],
      upgradeWhen: { directInvitees: 100, teamPaidSalesFen: 10_000_000 },
    },
  ],
  defaultGradeId: 'standard',
  selfPurchase: false,
  capBp: 3000,
});

export function gradeById(rules: Rules, gradeId: string | null | undefined): Grade {
  return (
    rules.grades.find((grade) => grade.id === gradeId) ??
    (rules.grades.find((grade) => grade.id === rules.defaultGradeId) as Grade)
  );
}
