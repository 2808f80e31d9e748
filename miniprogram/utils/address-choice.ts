/**
 * The address chosen on 收货地址 in select mode, handed back to the checkout page: the list
 * page stores the id and goes back; the checkout page takes it (once) when it shows again.
 * Storage rather than an event channel, so the hand-over also survives the page being rebuilt.
 */
const KEY = 'checkout.addressId';

export function chooseAddress(id: string): void {
  wx.setStorageSync(KEY, id);
}

/** The id chosen since the last call, or '' when none; it is forgotten once taken. */
export function takeChosenAddress(): string {
  const id: unknown = wx.getStorageSync(KEY);
  if (typeof id !== 'string' || id === '') return '';
  wx.removeStorageSync(KEY);
  return id;
}

/** An address on one line, as the checkout and the address list show it. */
export function addressLine(a: { province: string; city: string; district: string; detail: string }): string {
  return [a.province, a.city, a.district, a.detail].filter((part) => part !== '').join(' ');
}
