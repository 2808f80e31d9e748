/**
 * What the 拼团 page shows of a group (catalog › group): a seat per place (members with their
 * avatar, empty places as placeholders), the places left, the state and the countdown. Pure.
 */
import type { GroupOutput } from '@shared/contracts/groupBuy';
import { formatFen } from '@shared/money';

export interface Seat {
  key: string;
  avatarUrl: string;
  nickname: string;
  /** What the placeholder shows without an avatar: the nickname's first character, or ? for a free place. */
  initial: string;
  leader: boolean;
  empty: boolean;
}

export interface GroupView {
  seats: Seat[];
  headline: string;
  priceText: string;
  joinable: boolean;
}

const STATUS_TEXT = { filled: '拼团成功', failed: '拼团失败，已自动退款' } as const;

export function groupView(group: GroupOutput): GroupView {
  const members: Seat[] = group.members.map((member, index) => ({
    key: `m${index}`,
    avatarUrl: member.avatarUrl,
    nickname: member.nickname,
    initial: member.nickname.slice(0, 1),
    leader: member.leader,
    empty: false,
  }));
  const empty: Seat[] = Array.from({ length: group.placesLeft }, (_, index) => ({
    key: `e${index}`,
    avatarUrl: '',
    nickname: '待参团',
    initial: '?',
    leader: false,
    empty: true,
  }));
  const lowest = Math.min(...group.skus.map((sku) => sku.priceFen));
  const headline =
    group.status === 'forming'
      ? group.joinable
        ? `还差 ${group.placesLeft} 人成团`
        : '拼团已结束'
      : STATUS_TEXT[group.status];
  return {
    seats: [...members, ...empty],
    headline,
    priceText: `${group.size}人团 ${formatFen(lowest)}`,
    joinable: group.joinable,
  };
}

/** "剩余 01:02:03" from the milliseconds left (never below zero). */
export function countdownText(leftMs: number): string {
  const seconds = Math.max(0, Math.floor(leftMs / 1000));
  const pad = (value: number) => String(value).padStart(2, '0');
  return `剩余 ${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
}
