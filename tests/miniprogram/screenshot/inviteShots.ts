/**
 * The invite reward (拉新奖励) shot (render.shot.ts draws it with the others): the merchant's
 * 拉新奖励设置 with the reward on, ¥5 per invitee, at most 20 a day, first orders of ¥29.90 or more.
 */
import { DEFAULT_RULES } from '@shared/rules';
import { ok } from '../helpers';
import type { Shot } from './shots';

export const INVITE_SHOTS: Shot[] = [
  {
    name: 'admin-invite-settings',
    path: 'admin/inviteSettings/inviteSettings',
    answers: {
      'admin.getRules': ok({
        version: 5,
        rules: { ...DEFAULT_RULES, inviteReward: { enabled: true, amountFen: 500, dailyCap: 20, minOrderFen: 2_990 } },
      }),
    },
  },
];
