/**
 * 拼团: one group as its shared page shows it (opened with `?id=<groupId>`): the members with
 * their avatars and a placeholder per free place, the places left, a countdown measured from the
 * server's time (the phone's clock may be wrong), 邀请好友 (a share whose path opens this same
 * page) and 参团, which opens the checkout for the group's first SKU as a member of this group.
 */
import { catalog } from '../../services/catalog';
import { countdownText, groupView, type Seat } from './view';

let timer: number | undefined;

Page({
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    message: '',
    id: '',
    name: '',
    headline: '',
    priceText: '',
    countdown: '',
    joinable: false,
    seats: [] as Seat[],
    skuId: '',
    activityId: '',
    /** The server's expiry in the phone's clock: expiresAt + (phone now − server now). */
    endsAtLocal: 0,
  },

  onLoad(query: Record<string, string | undefined>) {
    this.setData({ id: query.id ?? '' });
    void this.load();
  },

  onUnload() {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  },

  async load() {
    const answer = await catalog.group({ groupId: this.data.id });
    if (!answer.ok) {
      this.setData({ status: 'error', message: answer.error.code === 'GROUP_NOT_FOUND' ? '拼团不存在' : '加载失败' });
      return;
    }
    const group = answer.data;
    const view = groupView(group);
    const endsAtLocal = Date.parse(group.expiresAt) + (Date.now() - Date.parse(group.serverTime));
    this.setData({
      status: 'ready',
      name: group.activityName,
      ...view,
      skuId: group.skus[0]?.skuId ?? '',
      activityId: group.activityId,
      endsAtLocal,
    });
    this.tick();
    if (timer === undefined && group.status === 'forming') timer = setInterval(() => this.tick(), 1000);
  },

  tick() {
    this.setData({ countdown: countdownText(this.data.endsAtLocal - Date.now()) });
  },

  onJoinTap() {
    const { skuId, activityId, id } = this.data;
    void wx.navigateTo({
      url: `/shop/checkout/checkout?skuId=${skuId}&quantity=1&groupActivity=${activityId}&groupId=${id}`,
    });
  },

  onShareAppMessage() {
    return { title: `${this.data.priceText}，${this.data.headline}`, path: `/shop/group/group?id=${this.data.id}` };
  },
});
